/// Where a log event came from, so the API can point back to the line.
public enum LogLocation: Hashable, Sendable {
    /// A line of a tailed file: its path and the byte offset of its first byte.
    case file(path: String, offset: UInt64)
    /// A journal entry, by its sd-journal cursor.
    case journal(cursor: String)
    /// A log record received over OTLP.
    case otlp
}

/// One log record from any source, with the trace context extracted from it.
public struct LogEvent: Sendable, Hashable {
    /// The event's own time (from the record), or the time it was read when the record has none.
    public var timeUnixNano: UInt64
    /// When tracelink read it.
    public var observedUnixNano: UInt64
    public var severity: Severity
    /// The message (for structured lines, the message field; otherwise the whole line).
    public var message: String
    /// The service the line belongs to: from the record, or the source's mapping.
    public var service: String?
    public var traceID: TraceID?
    public var spanID: SpanID?
    public var traceFlags: UInt8?
    /// The configured source name, e.g. `app-logs` or `journal`.
    public var source: String
    public var location: LogLocation
    /// Typed fields kept as they arrived (journald fields, OTLP attributes).
    public var attributes: [Attribute]
    /// The record as read, when `message` is only part of it (a JSON or logfmt line): its fields are parsed
    /// from it when a query asks (`fields`), never on intake.
    public var record: String?

    public init(
        timeUnixNano: UInt64,
        observedUnixNano: UInt64,
        severity: Severity = .unspecified,
        message: String,
        service: String? = nil,
        traceID: TraceID? = nil,
        spanID: SpanID? = nil,
        traceFlags: UInt8? = nil,
        source: String,
        location: LogLocation,
        attributes: [Attribute] = [],
        record: String? = nil
    ) {
        self.timeUnixNano = timeUnixNano
        self.observedUnixNano = observedUnixNano
        self.severity = severity
        self.message = message
        self.service = service
        self.traceID = traceID
        self.spanID = spanID
        self.traceFlags = traceFlags
        self.source = source
        self.location = location
        self.attributes = attributes
        self.record = record
    }

    /// Every field of the record: those of the line itself (a JSON line's keys flattened with dots, logfmt
    /// pairs), then `attributes`. Parsed on each call.
    public var fields: [Attribute] {
        guard case .file = location else { return attributes }
        let parsed = LogRecordFields.parse(record ?? message)
        return parsed.isEmpty ? attributes : parsed + attributes
    }
}
