public import TraceLinkCore

/// Self-metrics of the OTLP and Zipkin receivers, labelled by transport (`http`, `grpc`) and signal.
public struct ReceiverMetrics: Sendable {
    let registry: SelfMetrics

    public init(registry: SelfMetrics) {
        self.registry = registry
    }

    func requestAccepted(transport: String, signal: String) {
        registry.counter(
            "tracelink_otlp_requests_total", help: "Export requests answered, by transport, signal and result.",
            labels: [("transport", transport), ("signal", signal), ("result", "accepted")]
        ).increment()
    }

    func requestRejected(transport: String, signal: String, reason: String) {
        registry.counter(
            "tracelink_otlp_requests_total", help: "Export requests answered, by transport, signal and result.",
            labels: [("transport", transport), ("signal", signal), ("result", "rejected")]
        ).increment()
        registry.counter(
            "tracelink_otlp_requests_rejected_total", help: "Export requests refused whole, by transport and reason.",
            labels: [("transport", transport), ("signal", signal), ("reason", reason)]
        ).increment()
    }

    func bytesReceived(_ count: Int, transport: String) {
        registry.counter(
            "tracelink_otlp_received_bytes_total", help: "Request body bytes received, as sent (before decompression).",
            labels: [("transport", transport)]
        ).increment(by: UInt64(count))
    }

    func itemsReceived(_ count: Int, transport: String, signal: String) {
        registry.counter(
            Self.receivedName(signal), help: "Items accepted, by transport.",
            labels: [("transport", transport)]
        ).increment(by: UInt64(count))
    }

    /// The name of a signal's received-items counter; the usual ones without building it on every request.
    private static func receivedName(_ signal: String) -> String {
        switch signal {
        case "spans": "tracelink_spans_received_total"
        case "log_records": "tracelink_log_records_received_total"
        default: "tracelink_\(signal)_received_total"
        }
    }

    /// Items cut to `receivers.limits` (dropped attributes and events, truncated values, refused spans).
    func cuts(_ cuts: ItemLimits.Cuts, signal: String) {
        for (limit, count) in cuts.counts {
            registry.counter(
                "tracelink_limit_cuts_total", help: "Items cut or refused at a receivers.limits limit, by limit.",
                labels: [("signal", signal), ("limit", limit.rawValue)]
            ).increment(by: UInt64(count))
        }
    }

    func itemsRejected(_ count: Int, transport: String, signal: String, reason: String) {
        guard count > 0 else { return }
        registry.counter(
            "tracelink_\(signal)_rejected_total", help: "Items refused inside accepted requests (partial success), by reason.",
            labels: [("transport", transport), ("reason", reason)]
        ).increment(by: UInt64(count))
    }
}
