/// What the extractor found in one log record. Every field is optional: a line without trace
/// context still yields its severity, time and message where the rules find them.
public struct ExtractedRecord: Sendable, Hashable {
    public var traceID: TraceID?
    public var spanID: SpanID?
    public var traceFlags: UInt8?
    public var timeUnixNano: UInt64?
    public var severity: Severity?
    /// The message field of a structured line; nil means "the whole line is the message".
    public var message: String?
    public var service: String?

    public init(
        traceID: TraceID? = nil,
        spanID: SpanID? = nil,
        traceFlags: UInt8? = nil,
        timeUnixNano: UInt64? = nil,
        severity: Severity? = nil,
        message: String? = nil,
        service: String? = nil
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.traceFlags = traceFlags
        self.timeUnixNano = timeUnixNano
        self.severity = severity
        self.message = message
        self.service = service
    }
}
