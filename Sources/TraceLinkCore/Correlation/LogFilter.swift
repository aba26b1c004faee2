/// Which logs `logs(_:)` returns, newest first.
public struct LogFilter: Sendable, Hashable {
    /// Logs of this trace (a 64-bit id resolves to its full trace).
    public var traceID: TraceID?
    public var spanID: SpanID?
    public var service: String?
    /// The configured source name.
    public var source: String?
    public var minSeverity: Severity?
    /// Event time at or after, in Unix nanoseconds.
    public var sinceUnixNano: UInt64?
    /// Event time before, in Unix nanoseconds.
    public var untilUnixNano: UInt64?
    /// A substring of the message, case-sensitive.
    public var contains: String?
    public var limit: Int
    /// Where the previous page ended.
    public var cursor: LogCursor?

    public init(
        traceID: TraceID? = nil,
        spanID: SpanID? = nil,
        service: String? = nil,
        source: String? = nil,
        minSeverity: Severity? = nil,
        sinceUnixNano: UInt64? = nil,
        untilUnixNano: UInt64? = nil,
        contains: String? = nil,
        limit: Int = 100,
        cursor: LogCursor? = nil
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.service = service
        self.source = source
        self.minSeverity = minSeverity
        self.sinceUnixNano = sinceUnixNano
        self.untilUnixNano = untilUnixNano
        self.contains = contains
        self.limit = limit
        self.cursor = cursor
    }

    func matches(_ log: LogEvent) -> Bool {
        if let spanID, log.spanID != spanID { return false }
        if let service, log.service != service { return false }
        if let source, log.source != source { return false }
        if let minSeverity, log.severity < minSeverity { return false }
        if let sinceUnixNano, log.timeUnixNano < sinceUnixNano { return false }
        if let untilUnixNano, log.timeUnixNano >= untilUnixNano { return false }
        if let contains, !contains.isEmpty, !log.message.contains(contains) { return false }
        return true
    }
}
