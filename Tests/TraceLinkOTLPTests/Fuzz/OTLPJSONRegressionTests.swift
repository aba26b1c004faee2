import Testing
import TraceLinkCore
import TraceLinkOTLP

/// Inputs the fuzzer (Fuzz/, FuzzOTLPJSON) found to trap, kept as they were found.
@Suite struct OTLPJSONRegressionTests {
    @Test("a log record's negative flags decode as no flags instead of trapping")
    func negativeFlags() throws {
        let json = #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"flags":-1}]}]}]}"#
        let decoded = try OTLPLogDecoder.decode(json: Array(json.utf8), observedUnixNano: 1)
        #expect(decoded.events.count + decoded.rejected == 1)
        #expect(decoded.events.first?.traceFlags == nil)
    }
}
