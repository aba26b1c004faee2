import Testing
import TraceLinkCore

/// Ids and times shared by the extraction tests.
enum ExtractionFixture {
    static let traceHex = "0af7651916cd43dd8448eb211c80319c"
    static let spanHex = "b7ad6b7169203331"
    static let trace = TraceID(hex: traceHex)!
    static let span = SpanID(hex: spanHex)!
    /// 2024-01-15T10:23:45.123Z
    static let time: UInt64 = 1_705_314_225_123_000_000
    /// Datadog's decimal ids.
    static let ddTrace = TraceID(low64: 1_234_567_890_123_456_789)!
    static let ddSpan = SpanID(987_654_321_987_654_321)!
}

/// One line, the rules it is read with, and everything the extractor must return for it.
struct LineCase: Sendable, CustomTestStringConvertible {
    var name: String
    var line: String
    var rules: [ExtractionRule] = ExtractionRule.defaults
    var traceID: TraceID?
    var spanID: SpanID?
    var traceFlags: UInt8?
    var severity: Severity?
    var message: String?
    var service: String?
    var time: UInt64?

    var testDescription: String { name }

    var expected: ExtractedRecord {
        ExtractedRecord(
            traceID: traceID, spanID: spanID, traceFlags: traceFlags, timeUnixNano: time, severity: severity,
            message: message, service: service)
    }
}
