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
