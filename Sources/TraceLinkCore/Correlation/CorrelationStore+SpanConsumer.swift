extension CorrelationStore: SpanConsumer {
    /// Spans decoded by the receivers join their logs here.
    public func consume(_ spans: [Span]) { insert(spans: spans) }
}
