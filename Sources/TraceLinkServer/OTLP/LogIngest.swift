public import TraceLinkCore
import TraceLinkOTLP

/// Where OTLP log records go: the same sink as tailed lines, so they join their traces alike.
public struct LogIngest: Sendable {
    public var sink: any LogSink
    public var metrics: ReceiverMetrics
    public var limits: ItemLimits
    /// The wall clock stamped as "observed" on records; injectable for tests.
    public var now: @Sendable () -> UInt64

    public init(
        sink: any LogSink, metrics: ReceiverMetrics, limits: ItemLimits = .default,
        now: @escaping @Sendable () -> UInt64 = WallClock.unixNano
    ) {
        self.sink = sink
        self.metrics = metrics
        self.limits = limits
        self.now = now
    }

    /// Cuts the records to the limits, hands them to the sink and counts them; returns what was accepted.
    @discardableResult
    func accept(_ received: DecodedLogs, transport: String) async -> DecodedLogs {
        var decoded = received
        metrics.cuts(limits.apply(to: &decoded.events), signal: "log_records")
        await sink.accept(decoded.events)
        metrics.itemsReceived(decoded.events.count, transport: transport, signal: "log_records")
        metrics.itemsRejected(decoded.rejected, transport: transport, signal: "log_records", reason: "invalid_log_record")
        metrics.requestAccepted(transport: transport, signal: "logs")
        return decoded
    }

    func decodeProtobuf(_ bytes: UnsafeRawBufferPointer, transport: String) throws(IngestError) -> DecodedLogs {
        do {
            return try OTLPLogDecoder.decode(protobuf: Array(bytes), observedUnixNano: now())
        } catch {
            let refusal = IngestError(.invalidProtobuf, error.message)
            metrics.requestRejected(transport: transport, signal: "logs", reason: refusal.code.reason)
            throw refusal
        }
    }
}
