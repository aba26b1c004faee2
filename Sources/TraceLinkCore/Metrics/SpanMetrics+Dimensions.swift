extension SpanMetrics {
    /// The values of the configured dimensions for a span, as text: from the span's attributes, else from its
    /// resource's (as the spanmetrics connector looks them up), else the configured default, else "".
    static func dimensionValues(
        of entry: SpanEntry, in batch: SpanBatch, _ lookup: AttributeLookup, defaults: [String?]
    ) -> [String] {
        let values = batch.bytes.withUnsafeBytes { raw in
            lookup.values(
                span: UnsafeRawBufferPointer(rebasing: raw[entry.span.range]),
                resourceField: UnsafeRawBufferPointer(rebasing: raw[batch.scopes[Int(entry.scope)].resourceField.range]))
        }
        return values.indices.map { values[$0]?.text ?? defaults[$0] ?? "" }
    }
}
