public import TraceLinkCore
import TraceLinkOTLP

/// Where OTLP log records go: the same sink as tailed lines, so they join their traces alike.
public struct LogIngest: Sendable {
    public var sink: any LogSink
    public var metrics: ReceiverMetrics
    /// The wall clock stamped as "observed" on records; injectable for tests.
    public var now: @Sendable () -> UInt64

    public init(sink: any LogSink, metrics: ReceiverMetrics, now: @escaping @Sendable () -> UInt64 = WallClock.unixNano) {
        self.sink = sink
        self.metrics = metrics
        self.now = now
    }

    func accept(_ decoded: DecodedLogs, transport: String) async {
        await sink.accept(decoded.events)
        metrics.itemsReceived(decoded.events.count, transport: transport, signal: "log_records")
        metrics.itemsRejected(decoded.rejected, transport: transport, signal: "log_records", reason: "invalid_log_record")
        metrics.requestAccepted(transport: transport, signal: "logs")
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
