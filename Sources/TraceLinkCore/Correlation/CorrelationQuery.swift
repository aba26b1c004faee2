/// Which traces `traces(_:)` lists.
public struct TraceFilter: Sendable, Hashable {
    /// Traces with a span of this service.
    public var service: String?
    /// Traces with a span of this name.
    public var spanName: String?
    /// Traces at least this long.
    public var minDurationNanos: UInt64?
    /// Traces with an error span or a log at ERROR or above.
    public var errorsOnly: Bool
    public var limit: Int

    public init(
        service: String? = nil,
        spanName: String? = nil,
        minDurationNanos: UInt64? = nil,
        errorsOnly: Bool = false,
        limit: Int = 20
    ) {
        self.service = service
        self.spanName = spanName
        self.minDurationNanos = minDurationNanos
        self.errorsOnly = errorsOnly
        self.limit = limit
    }
}

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

/// One page of logs, newest first.
public struct LogPage: Sendable, Hashable {
    public var logs: [LogEvent]
    /// Pass back in `LogFilter.cursor` for the next page; nil on the last page.
    public var nextCursor: LogCursor?
}

/// An opaque position in the newest-first log order; stable while logs arrive.
public struct LogCursor: Sendable, Hashable {
    let key: LogKey

    init(key: LogKey) {
        self.key = key
    }

    /// Parses a token from `token`; nil when it is not one (the API answers 400).
    public init?(token: some StringProtocol) {
        let bytes = Array(token.utf8)
        guard bytes.count == 32 else { return nil }
        let parsed: (UInt64, UInt64)? = bytes.withUnsafeBytes { raw in
            guard let time = HexDigits.parseUInt64(raw, from: 0), let seq = HexDigits.parseUInt64(raw, from: 16)
            else { return nil }
            return (time, seq)
        }
        guard let parsed else { return nil }
        self.key = LogKey(timeUnixNano: parsed.0, seq: parsed.1)
    }

    /// The text form the API hands out.
    public var token: String { HexDigits.format(key.timeUnixNano) + HexDigits.format(key.seq) }
}
