/// Pulls trace context (and time, severity, message, service) out of one log record.
///
/// Configured per source as an ordered list of rules; the first rule that yields a valid trace id wins
/// and gives the trace id, span id and flags. The other fields come from the first rule (in order) that
/// found each, so a JSON line whose trace context only appears as a `traceparent` in its message still
/// gets its level and message from the JSON rule.
///
/// Severity also comes from where text formats write it: a level word in the line's header (Python
/// logging, Logback, glog, nginx, … see `LevelScanner`), which wins over the rules, and a syslog `<PRI>`,
/// which only fills in.
///
/// `extractPlaces(line:)` on raw bytes is the hot path used by file tailing: it allocates nothing, leaving the
/// message and service as places in the line; `extract(line:)` decodes them into the record it returns.
/// `extractPlaces(journalFields:)` is used for journald entries.
public struct TraceContextExtractor: Sendable {
    /// Which fields besides the trace context to extract; leaving one out saves its parsing and allocation.
    public struct Fields: OptionSet, Sendable, Hashable {
        public let rawValue: UInt8
        public init(rawValue: UInt8) { self.rawValue = rawValue }

        public static let time = Fields(rawValue: 1 << 0)
        public static let severity = Fields(rawValue: 1 << 1)
        public static let message = Fields(rawValue: 1 << 2)
        public static let service = Fields(rawValue: 1 << 3)
        public static let all: Fields = [.time, .severity, .message, .service]
        /// Trace id, span id and flags only.
        public static let traceContextOnly: Fields = []
    }

    public let rules: [ExtractionRule]
    public var fields: Fields
    /// The rules as the hot path reads them, not retained (`rules` holds them): a retain and release per rule and
    /// line cost 5% of the extraction of a JSON line.
    private let unretainedRules: [Unmanaged<ExtractionRule.Storage>]

    public init(rules: [ExtractionRule], fields: Fields = .all) {
        self.rules = rules
        self.fields = fields
        unretainedRules = rules.map { .passUnretained($0.storage) }
    }

    /// The defaults: journald fields, JSON keys, logfmt keys, then header-shaped values anywhere in the line.
    public static let `default` = TraceContextExtractor(rules: ExtractionRule.defaults)

    /// Extracts from one line (no trailing newline). Any bytes are accepted; invalid UTF-8 in the
    /// message or service is repaired.
    public func extract(line: UnsafeRawBufferPointer) -> ExtractedRecord {
        guard let base = line.baseAddress, !line.isEmpty else { return ExtractedRecord() }
        let bytes = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self), count: line.count)
        return extractPlaces(line: bytes).record(in: bytes)
    }

    /// Extracts from one line, leaving the message and service as places in it: the file path's form, which
    /// allocates nothing (but for text a regex rule decoded).
    public func extractPlaces(line: UnsafeBufferPointer<UInt8>) -> ExtractedLine {
        var found = ExtractedLine()
        guard !line.isEmpty else { return found }
        applyLineRules(line, to: &found)
        return found
    }

    /// Extracts from a line held as a String.
    public func extract(line: String) -> ExtractedRecord {
        var copy = line
        return copy.withUTF8 { extract(line: UnsafeRawBufferPointer($0)) }
    }

    /// Runs the line rules in order; the first that finds a trace id supplies the trace context.
    ///
    /// A level word in the header of a text line (`LevelScanner`) is the severity, whatever the rules
    /// find later in the line; a syslog `<PRI>` only fills in when no rule found one.
    func applyLineRules(_ line: UnsafeBufferPointer<UInt8>, to record: inout ExtractedLine) {
        var levels = LevelScanner.Levels()
        if fields.contains(.severity), record.severity == nil {
            levels = LevelScanner.scan(line)
            record.severity = levels.written
        }
        let ruleFields = record.severity == nil ? fields : fields.subtracting(.severity)
        unretainedRules.withUnsafeBufferPointer { rules in
            for index in rules.indices {
                var found = FieldAccumulator(fields: ruleFields)
                rules[index]._withUnsafeGuaranteedRef { $0.scan(line, into: &found) }
                found.fill(&record)
                if found.traceID != nil {
                    found.takeContext(into: &record)
                    break
                }
            }
        }
        if record.severity == nil { record.severity = levels.priority }
    }
}
