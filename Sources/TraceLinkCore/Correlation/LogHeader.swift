/// The fields of a stored log that ordering, filtering and joining need, read without building strings.
struct LogHeader {
    var timeUnixNano: UInt64
    var seq: UInt64
    var severity: Severity
    var traceID: TraceID?
    var spanID: SpanID?

    var key: LogKey { LogKey(timeUnixNano: timeUnixNano, seq: seq) }
}
