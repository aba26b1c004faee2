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
        public var logs: [StoredLog]
        /// The span's duration not covered by any of its children (what it spent itself).
        public var selfTimeNanos: UInt64 = 0
        /// On the critical path: the chain of spans, from the root down, that the request waited on.
        public var isCritical = false
    }

    /// The full 128-bit id when one was seen, even if the trace was asked for by its 64-bit id.
    public var traceID: TraceID
    /// Every span, depth first: each root followed by its subtree, siblings by start time.
    public var spans: [Node]
    /// Indices in `spans` of the roots, by start time.
    public var rootIndices: [Int]
    /// Logs of the trace not attached to a held span, in time order.
    public var traceLogs: [StoredLog]
    public var summary: TraceSummary
}
