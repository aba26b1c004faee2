import Testing
import TraceLinkCore
import TraceLinkOTLP

/// Inputs the fuzzer (Fuzz/, FuzzOTLPJSON) found to trap, kept as they were found.
@Suite struct OTLPJSONRegressionTests {
    /// Found against the hand-written JSON decoder (replaced since by the conversion to protobuf): `flags` is a
    /// fixed32, so -1 is out of range and the request is refused with a message, not a trap.
    @Test("a log record's negative flags are refused with an error instead of trapping")
    func negativeFlags() throws {
        let json = #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"flags":-1}]}]}]}"#
        let error = #expect(throws: OTLPDecodingError.self) {
            try Array(json.utf8).withUnsafeBytes { try OTLPJSONConversion.logsRequest(json: $0) }
        }
        #expect(error?.message.isEmpty == false)
    }
}
