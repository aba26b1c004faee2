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
    /// returns what was accepted (its `rejected` is the partial success to answer).
    @discardableResult
    func accept(_ received: DecodedSpans, transport: String) -> DecodedSpans {
        var decoded = received
        let cuts = limits.apply(to: &decoded.spans)
        if let over = cuts.counts[.spansPerRequest] {
            if decoded.rejected == 0 {
                decoded.rejectionMessage =
                    "\(over) spans past max_spans_per_request (\(limits.maxSpansPerRequest)) were not accepted"
            }
            decoded.rejected += over
            metrics.itemsRejected(over, transport: transport, signal: "spans", reason: "spans_per_request")
        }
        metrics.cuts(cuts, signal: "spans")
        for consumer in consumers { consumer.consume(decoded.spans) }
        metrics.itemsReceived(decoded.spans.count, transport: transport, signal: "spans")
        metrics.itemsRejected(received.rejected, transport: transport, signal: "spans", reason: "invalid_span")
        metrics.requestAccepted(transport: transport, signal: "traces")
        return decoded
    }

    /// Decodes a binary export request; refusals are counted here.
    func decodeProtobuf(_ bytes: UnsafeRawBufferPointer, transport: String) throws(IngestError) -> DecodedSpans {
        do {
            return try OTLPTraceReader.decode(bytes)
        } catch {
            let refusal = IngestError(.invalidProtobuf, error.message)
            metrics.requestRejected(transport: transport, signal: "traces", reason: refusal.code.reason)
            throw refusal
        }
    }
}
