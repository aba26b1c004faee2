/// Anything that takes decoded spans in batches: RED metrics, the correlation store, a forwarder.
public protocol SpanConsumer: Sendable {
    func consume(_ spans: [Span])
}

extension SpanMetrics: SpanConsumer {
    public func consume(_ spans: [Span]) { record(spans) }
}
