public import TraceLinkCore
import TraceLinkOTLP

/// Where decoded spans go: every consumer (RED metrics, the correlation store, a forwarder) sees each batch once.
public struct SpanIngest: Sendable {
    public var consumers: [any SpanConsumer]
    public var metrics: ReceiverMetrics

    public init(consumers: [any SpanConsumer], metrics: ReceiverMetrics) {
        self.consumers = consumers
        self.metrics = metrics
    }

    /// Hands the batch to every consumer and counts what was accepted and refused.
    func accept(_ decoded: DecodedSpans, transport: String) {
        for consumer in consumers { consumer.consume(decoded.spans) }
        metrics.itemsReceived(decoded.spans.count, transport: transport, signal: "spans")
        metrics.itemsRejected(decoded.rejected, transport: transport, signal: "spans", reason: "invalid_span")
        metrics.requestAccepted(transport: transport, signal: "traces")
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
