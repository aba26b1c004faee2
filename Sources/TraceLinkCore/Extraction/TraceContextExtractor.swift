/// Pulls trace context (and time, severity, message, service) out of one log record.
///
/// Configured per source as an ordered list of rules; the first rule that yields a valid trace id wins.
/// CONTRACT (filled in by the extraction work): `extract(line:)` on raw bytes is the hot path used by
/// file tailing; `extract(fields:)` is used for journald entries.
public struct TraceContextExtractor: Sendable {
    public var rules: [ExtractionRule]

    public init(rules: [ExtractionRule]) {
        self.rules = rules
    }

    /// The defaults: JSON keys, logfmt keys, then header-shaped values anywhere in the line.
    public static let `default` = TraceContextExtractor(rules: ExtractionRule.defaults)

    /// Extracts from one line (no trailing newline).
    public func extract(line: UnsafeRawBufferPointer) -> ExtractedRecord {
        ExtractedRecord()
    }

    /// Extracts from a line held as a String.
    public func extract(line: String) -> ExtractedRecord {
        var copy = line
        return copy.withUTF8 { extract(line: UnsafeRawBufferPointer($0)) }
    }
}
