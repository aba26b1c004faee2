/// A trace in a list: its root span, timing and counts.
public struct TraceSummary: Sendable, Hashable {
    public var traceID: TraceID
    /// Service and name of the earliest root span; nil when no span arrived (logs only).
    public var rootService: String?
    public var rootSpanName: String?
    /// Earliest span start, or earliest log time when there are no spans.
    public var startUnixNano: UInt64
    public var durationNanos: UInt64
    public var spanCount: Int
    public var logCount: Int
    /// Spans with error status.
    public var errorCount: Int
    /// Logs at ERROR or above.
    public var errorLogCount: Int
    /// Distinct services of the spans, in arrival order.
    public var services: [String]
}
