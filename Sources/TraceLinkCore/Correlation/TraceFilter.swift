/// Which traces `traces(_:)` lists.
public struct TraceFilter: Sendable, Hashable {
    /// Traces with a span of this service.
    public var service: String?
    /// Traces with a span of this name.
    public var spanName: String?
    /// Traces at least this long.
    public var minDurationNanos: UInt64?
    /// Traces with an error span or a log at ERROR or above.
    public var errorsOnly: Bool
    public var limit: Int

    public init(
        service: String? = nil,
        spanName: String? = nil,
        minDurationNanos: UInt64? = nil,
        errorsOnly: Bool = false,
        limit: Int = 20
    ) {
        self.service = service
        self.spanName = spanName
        self.minDurationNanos = minDurationNanos
        self.errorsOnly = errorsOnly
        self.limit = limit
    }
}
