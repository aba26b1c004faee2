public import TraceLinkCore
import TraceLinkOTLP

/// Where decoded spans go: every consumer (RED metrics, the correlation store, a forwarder) sees each batch once.
public struct SpanIngest: Sendable {
    public var consumers: [any SpanConsumer]
    public var metrics: ReceiverMetrics
    public var limits: ItemLimits

    public init(consumers: [any SpanConsumer], metrics: ReceiverMetrics, limits: ItemLimits = .default) {
        self.consumers = consumers
        self.metrics = metrics
        self.limits = limits
    }

    /// Cuts the batch to the limits, hands it to every consumer and counts what was accepted, cut and refused;
    /// returns what was accepted (its `refused` is the partial success to answer).
    @discardableResult
    func accept(_ received: SpanBatch, transport: String) -> SpanBatch {
        var batch = received
        let cuts = limits.apply(to: &batch)
        if let over = cuts.counts[.spansPerRequest] {
            if batch.refused == 0 {
                batch.refusalMessage =
                    "\(over) spans past max_spans_per_request (\(limits.maxSpansPerRequest)) were not accepted"
            }
            batch.refused += over
            metrics.itemsRejected(over, transport: transport, signal: "spans", reason: "spans_per_request")
        }
        metrics.cuts(cuts, signal: "spans")
        for consumer in consumers { consumer.consume(batch) }
        metrics.itemsReceived(batch.count, transport: transport, signal: "spans")
        metrics.itemsRejected(received.refused, transport: transport, signal: "spans", reason: "invalid_span")
        metrics.requestAccepted(transport: transport, signal: "traces")
        return batch
    }

    /// Reads a binary export request into its canonical form; refusals are counted here.
    func decodeProtobuf(_ bytes: UnsafeRawBufferPointer, transport: String) throws(IngestError) -> SpanBatch {
        do throws(OTLPDecodingError) {
            return try SpanBatch(request: bytes, limits: limits)
        } catch {
            let refusal = IngestError(.invalidProtobuf, error.message)
            metrics.requestRejected(transport: transport, signal: "traces", reason: refusal.code.reason)
            throw refusal
        }
    }
}
