import PropertyBased
import Testing

@testable import TraceLinkCore

/// The register-wide hex decoder against the byte-at-a-time reference in `HexDigits`.
@Suite("Hex decoding")
struct HexDecodingTests {
    static func decode(_ bytes: [UInt8]) -> UInt64? {
        bytes.withUnsafeBufferPointer { IDParsing.hex16($0, 0) }
    }

    static func reference(_ bytes: [UInt8]) -> UInt64? {
        bytes.withUnsafeBytes { HexDigits.parseUInt64($0, from: 0) }
    }

    @Test("every byte value at every position")
    func everyByte() {
        let valid = Array("0123456789abcdefABCDEF0a1B2c3D4e".utf8.prefix(16))
        for position in 0..<16 {
            for byte in 0...255 {
                var bytes = valid
                bytes[position] = UInt8(byte)
                #expect(Self.decode(bytes) == Self.reference(bytes), "byte \(byte) at \(position)")
            }
        }
    }

    @Test("random digits in either case")
    func randomDigits() async {
        let digit = Gen<Character?>.element(of: Array("0123456789abcdefABCDEF")).map { $0! }
        await propertyCheck(count: 500, input: digit.string(of: 16)) { text in
            let bytes = Array(text.utf8)
            #expect(Self.decode(bytes) == Self.reference(bytes))
            #expect(Self.decode(bytes) != nil)
        }
    }
}
