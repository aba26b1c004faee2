/// How well one service is instrumented, over what the store holds now.
public struct InstrumentationShare: Sendable, Hashable {
    public var service: String
    /// Held traces with a span of the service.
    public var traces = 0
    /// Of those, traces that also hold a log of the service.
    public var tracesWithLogs = 0
    /// Held logs of the service, with or without trace id.
    public var logs = 0
    /// Of those, logs whose trace has spans.
    public var joinedLogs = 0

    public init(service: String) {
        self.service = service
    }
}
