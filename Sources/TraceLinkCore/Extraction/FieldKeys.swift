/// The keys the JSON and logfmt rules read, by the role of their value. Within a role, earlier keys win
/// when a line has several. A dotted key (`trace.id`) matches both the dotted JSON key and the nested
/// object path (`{"trace":{"id":…}}`); logfmt keys are matched as written.
///
/// Config: `trace_id_keys`, `span_id_keys`, `decimal_trace_id_keys`, `decimal_span_id_keys`,
/// `trace_flags_keys`, `sampled_keys`, `severity_keys`, `message_keys`, `timestamp_keys`, `service_keys`;
/// a list given replaces that role's default list, an empty list turns the role off.
public struct FieldKeys: Sendable, Hashable {
    /// Hex trace ids: 32 digits, or 16 for a 64-bit id (low half only).
    public var traceID: [String]
    /// Hex span ids: 16 digits.
    public var spanID: [String]
    /// Datadog trace ids: an unsigned 64-bit decimal (low half only), or 32 hex digits (128-bit logging).
    public var decimalTraceID: [String]
    /// Datadog span ids: an unsigned 64-bit decimal.
    public var decimalSpanID: [String]
    /// W3C trace flags: hex text (`"01"`) or a number.
    public var traceFlags: [String]
    /// A sampled boolean (`true`, `True`, `1`), read as trace flags 01 or 00 when no flags key is present.
    public var sampled: [String]
    /// Level words or numbers, normalised by `Severity(text:)` / `Severity(levelNumber:)`.
    public var severity: [String]
    /// Keys that hold a level only when their value is a level word (`error`, `warn`, not `200` or `ok`):
    /// Datadog's `status`, which other logs use for HTTP and job statuses. Any `severity` key wins.
    public var severityWord: [String]
    public var message: [String]
    /// RFC 3339 text or epoch seconds, millis, micros or nanos.
    public var timestamp: [String]
    public var service: [String]

    public init(
        traceID: [String] = Self.default.traceID,
        spanID: [String] = Self.default.spanID,
        decimalTraceID: [String] = Self.default.decimalTraceID,
        decimalSpanID: [String] = Self.default.decimalSpanID,
        traceFlags: [String] = Self.default.traceFlags,
        sampled: [String] = Self.default.sampled,
        severity: [String] = Self.default.severity,
        severityWord: [String] = Self.default.severityWord,
        message: [String] = Self.default.message,
        timestamp: [String] = Self.default.timestamp,
        service: [String] = Self.default.service
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.decimalTraceID = decimalTraceID
        self.decimalSpanID = decimalSpanID
        self.traceFlags = traceFlags
        self.sampled = sampled
        self.severity = severity
        self.severityWord = severityWord
        self.message = message
        self.timestamp = timestamp
        self.service = service
    }

    private init(defaults: Void) {
        traceID = ["trace_id", "traceId", "traceID", "TraceId", "trace.id", "otelTraceID", "@tr"]
        spanID = ["span_id", "spanId", "spanID", "SpanId", "span.id", "otelSpanID", "@sp", "transaction.id"]
        decimalTraceID = ["dd.trace_id"]
        decimalSpanID = ["dd.span_id"]
        traceFlags = ["trace_flags", "traceFlags"]
        sampled = ["trace_sampled", "otelTraceSampled"]
        severity = ["level", "severity", "lvl", "log.level", "levelname", "severity_text", "loglevel", "LogLevel", "@l"]
        severityWord = ["status"]
        message = ["msg", "message", "body", "@m", "Message"]
        timestamp = ["ts", "time", "timestamp", "@timestamp", "@t", "asctime", "Timestamp", "t"]
        service = ["service", "service.name", "dd.service", "otelServiceName", "resource.service.name", "service_name"]
    }

    /// What the issue lists, plus what OpenTelemetry's Python logging instrumentation, ECS, Datadog (`status`),
    /// Serilog (`@tr`, `@sp`, `@t`, `@l`, `@m`), .NET and pino/bunyan write.
    public static let `default` = FieldKeys(defaults: ())

    /// Every key with its role, in priority order within each role.
    var entries: [(key: String, role: FieldRole)] {
        traceID.map { ($0, .traceID) } + decimalTraceID.map { ($0, .decimalTraceID) }
            + spanID.map { ($0, .spanID) } + decimalSpanID.map { ($0, .decimalSpanID) }
            + traceFlags.map { ($0, .traceFlags) } + sampled.map { ($0, .sampled) }
            + severity.map { ($0, .severity) } + severityWord.map { ($0, .severityWord) }
            + message.map { ($0, .message) }
            + timestamp.map { ($0, .timestamp) } + service.map { ($0, .service) }
    }
}

/// What a key's value is read as.
enum FieldRole: UInt8, Sendable {
    case traceID, decimalTraceID, spanID, decimalSpanID, traceFlags, sampled, severity, severityWord, message
    case timestamp, service
}
