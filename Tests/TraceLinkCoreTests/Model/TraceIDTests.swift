import Testing
import TraceLinkCore

@Suite struct TraceIDTests {
    @Test func parsesAndFormats128BitIDsInLowercase() throws {
        let id = try #require(TraceID(hex: "5B8EFFF798038103D269B633813FC60C"))
        #expect(id.hexString == "5b8efff798038103d269b633813fc60c")
        #expect(!id.isLow64Only)
        #expect(id.high == 0x5b8e_fff7_9803_8103 && id.low == 0xd269_b633_813f_c60c)
    }

    @Test func sixteenDigitsKeepOnlyTheLowHalf() throws {
        let id = try #require(TraceID(hex: "d269b633813fc60c"))
        #expect(id.isLow64Only)
        #expect(id.low == 0xd269_b633_813f_c60c)
        #expect(id.hexString == "d269b633813fc60c")
    }

    @Test(arguments: [
        "00000000000000000000000000000000", "5b8efff798038103d269b633813fc60", "5b8efff798038103d269b633813fc60cc",
        "5b8efff798038103d269b633813fc6zz", "", "0000000000000000",
    ])
    func rejectsInvalidIDs(text: String) {
        #expect(TraceID(hex: text) == nil)
    }

    @Test func roundTripsThroughOTLPBytes() throws {
        let id = try #require(TraceID(hex: "0102030405060708090a0b0c0d0e0f10"))
        let bytes = id.bytes
        #expect(bytes == Array(1...16))
        #expect(bytes.withUnsafeBytes { TraceID(bytes: $0) } == id)
        #expect([UInt8](repeating: 0, count: 16).withUnsafeBytes { TraceID(bytes: $0) } == nil)
        #expect([UInt8](repeating: 1, count: 15).withUnsafeBytes { TraceID(bytes: $0) } == nil)
    }

    @Test func spanIDsAreSixteenNonZeroDigits() throws {
        #expect(SpanID(hex: "EEE19B7EC3C1B174")?.hexString == "eee19b7ec3c1b174")
        #expect(SpanID(hex: "0000000000000000") == nil)
        #expect(SpanID(hex: "eee19b7ec3c1b17") == nil)
        let id = try #require(SpanID(0x0102_0304_0506_0708))
        #expect(id.bytes.withUnsafeBytes { SpanID(bytes: $0) } == id)
    }
}
