/// One trace as the API shows it: its spans as a tree, and every log of the trace in time order,
/// each under its span when the span id matches, else under the trace.
public struct TraceView: Sendable, Hashable {
    /// One span in the tree, with its place and its logs.
    public struct Node: Sendable, Hashable {
        public var span: Span
        /// Index in `spans` of the parent; nil for roots (including spans whose parent never arrived).
        public var parentIndex: Int?
        /// Indices in `spans` of the children, by start time.
        public var childIndices: [Int]
        /// 0 for roots.
        public var depth: Int
        /// Logs whose span id is this span's, in time order.
        public var logs: [LogEvent]
    }

    /// The full 128-bit id when one was seen, even if the trace was asked for by its 64-bit id.
    public var traceID: TraceID
    /// Every span, depth first: each root followed by its subtree, siblings by start time.
    public var spans: [Node]
    /// Indices in `spans` of the roots, by start time.
    public var rootIndices: [Int]
    /// Logs of the trace not attached to a held span, in time order.
    public var traceLogs: [LogEvent]
    public var summary: TraceSummary
}

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

/// The result of `resolve`: whether the store holds the trace, and whether its spans arrived.
public struct TraceResolution: Sendable, Hashable {
    /// The full 128-bit id when one was seen.
    public var traceID: TraceID
    public var spanCount: Int
    public var logCount: Int

    public init(traceID: TraceID, spanCount: Int, logCount: Int) {
        self.traceID = traceID
        self.spanCount = spanCount
        self.logCount = logCount
    }

    /// True when spans of the trace are held: its logs count as joined.
    public var hasSpans: Bool { spanCount > 0 }
}
