/// What one batch did inside a shard, gathered under the shard's lock and applied to the
/// store's gauges, counters and change feed after the lock is released.
struct ShardEffects {
    var bytes = 0
    var traces = 0
    var spans = 0
    var logs = 0
    var duplicateSpans = 0
    /// Items refused because their trace already holds its maximum.
    var spansOverTraceLimit = 0
    var logsOverTraceLimit = 0
    var evictedByAge = 0
    /// Logs counted as joined, by source.
    var joinedBySource: [String: UInt64] = [:]
    /// Logs at ERROR or above attached to a span, by the span's service and name.
    var spanErrorLogs: [ServiceSpanName: UInt64] = [:]
    /// Change-feed events, built only when someone listens.
    var events: [CorrelationEvent] = []
    let wantsEvents: Bool

    init(wantsEvents: Bool) {
        self.wantsEvents = wantsEvents
    }

    mutating func countJoined(source: String, by amount: UInt64 = 1) {
        joinedBySource[source, default: 0] += amount
    }

    mutating func merge(_ other: ShardEffects) {
        bytes += other.bytes
        traces += other.traces
        spans += other.spans
        logs += other.logs
        duplicateSpans += other.duplicateSpans
        spansOverTraceLimit += other.spansOverTraceLimit
        logsOverTraceLimit += other.logsOverTraceLimit
        evictedByAge += other.evictedByAge
        joinedBySource.merge(other.joinedBySource, uniquingKeysWith: +)
        spanErrorLogs.merge(other.spanErrorLogs, uniquingKeysWith: +)
        events += other.events
    }
}
