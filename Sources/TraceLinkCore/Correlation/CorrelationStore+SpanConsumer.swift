extension CorrelationStore: SpanConsumer {
    /// Stores the batch's spans.
    public func consume(_ batch: SpanBatch) { insert(spans: batch) }
}
