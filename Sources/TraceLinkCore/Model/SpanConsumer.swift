/// Anything that takes spans in batches of their canonical form: RED metrics, the correlation store, a forwarder.
public protocol SpanConsumer: Sendable {
    func consume(_ batch: SpanBatch)
}

extension SpanMetrics: SpanConsumer {
    public func consume(_ batch: SpanBatch) { record(batch) }
}
