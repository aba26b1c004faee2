/// Counts and approximate bytes held by the store.
public struct StoreStatistics: Sendable, Hashable {
    public var traces = 0
    public var spans = 0
    /// Logs with a trace id.
    public var logs = 0
    /// Logs without a trace id, held for context logs.
    public var untracedLogs = 0
    public var bytes = 0

    public init(traces: Int = 0, spans: Int = 0, logs: Int = 0, untracedLogs: Int = 0, bytes: Int = 0) {
        self.traces = traces
        self.spans = spans
        self.logs = logs
        self.untracedLogs = untracedLogs
        self.bytes = bytes
    }
}
