/// A correlation as it happens, for the server-sent events of `/api/v1/events`.
public enum CorrelationEvent: Sendable, Hashable {
    /// A log line was joined to its span, in whichever order the two arrived.
    case logJoined(traceID: TraceID, span: Span, log: LogEvent)
    /// A span with error status arrived, with the logs already attached to it (more may follow as `logJoined`).
    case errorSpan(traceID: TraceID, span: Span, logs: [LogEvent])
    /// Spans of these traces arrived (at most `CorrelationStore.updatedTracesPerEvent` ids, in arrival order).
    case tracesUpdated(traceIDs: [TraceID])
}
