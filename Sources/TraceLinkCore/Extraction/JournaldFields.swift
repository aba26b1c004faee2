/// The journal fields the `journald` rule reads in `extract(fields:)`. Earlier names win within a list.
///
/// Config: `trace_id_fields`, `span_id_fields`, `trace_flags_fields`, `priority_fields`,
/// `timestamp_fields`, `service_fields`, `message_field`, `parse_message`.
public struct JournaldFields: Sendable, Hashable {
    /// Hex trace ids (32 digits, or 16 for a 64-bit id). Default `TRACE_ID`.
    public var traceID: [String]
    /// Hex span ids (16 digits). Default `SPAN_ID`.
    public var spanID: [String]
    /// Hex trace flags. Default `TRACE_FLAGS`.
    public var traceFlags: [String]
    /// Syslog severities 0–7. Default `PRIORITY`.
    public var priority: [String]
    /// Microseconds since the epoch. Default `_SOURCE_REALTIME_TIMESTAMP`, then `__REALTIME_TIMESTAMP`.
    public var timestamp: [String]
    /// Default `SYSLOG_IDENTIFIER`.
    public var service: [String]
    /// The text of the entry. Default `MESSAGE`.
    public var message: String
    /// Whether the other rules run on the message (a JSON or logfmt line written to stdout). Default true.
    public var parseMessage: Bool

    public init(
        traceID: [String] = ["TRACE_ID"],
        spanID: [String] = ["SPAN_ID"],
        traceFlags: [String] = ["TRACE_FLAGS"],
        priority: [String] = ["PRIORITY"],
        timestamp: [String] = ["_SOURCE_REALTIME_TIMESTAMP", "__REALTIME_TIMESTAMP"],
        service: [String] = ["SYSLOG_IDENTIFIER"],
        message: String = "MESSAGE",
        parseMessage: Bool = true
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.traceFlags = traceFlags
        self.priority = priority
        self.timestamp = timestamp
        self.service = service
        self.message = message
        self.parseMessage = parseMessage
    }

    public static let `default` = JournaldFields()
}
