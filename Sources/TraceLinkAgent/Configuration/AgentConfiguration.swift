public import TraceLinkCore
public import TraceLinkServer

/// The whole agent configuration, as read from `tracelink.yaml`. Every field documents its key and default;
/// `config/tracelink.yaml` is the same text for users.
public struct AgentConfiguration: Sendable {
    /// Where checkpoints live (`state_directory`). Default: `$STATE_DIRECTORY` under systemd, else `./.tracelink-state`.
    public var stateDirectory: String
    /// `log_level`: trace, debug, info, notice, warning, error, critical. Default: info.
    public var logLevel: String
    public var receivers: Receivers
    public var metrics: Metrics
    public var spanMetrics: SpanMetricsConfiguration
    /// `store`: how much the correlation store holds.
    public var store: CorrelationStore.Configuration
    /// `api`: the correlated-events API.
    public var api: API
    /// `sources`: log files and journals to tail. Default none when the key is absent; the shipped config
    /// (`config/tracelink.yaml`, embedded) lists the local journal from its tail.
    public var sources: [SourceConfiguration]
    /// `service_graph`: Tempo's service graph metrics from client/server span pairs. Default: off.
    public var serviceGraph: ServiceGraph.Configuration = .default

    public struct API: Sendable {
        /// `api.enabled`. Default: true.
        public var enabled: Bool
        /// `api.endpoint`. Default: 127.0.0.1:9465. Off loopback, a bearer token is required.
        public var endpoint: Endpoint
        public var settings: APIConfiguration
    }

    public struct Receivers: Sendable {
        /// `receivers.otlp_grpc`: OTLP/gRPC listener. Default: enabled on 127.0.0.1:4317.
        public var otlpGRPC: Listener
        /// `receivers.otlp_http`: OTLP/HTTP listener. Default: enabled on 127.0.0.1:4318.
        public var otlpHTTP: Listener
        /// `receivers.limits`: body size limits for every receiver.
        public var limits: BodyLimits
        /// `receivers.zipkin`: Zipkin v2 (`POST /api/v2/spans`). Default: enabled on 127.0.0.1:9411.
        public var zipkin = Listener(enabled: true, endpoint: Endpoint(host: "127.0.0.1", port: 9411))
        /// `receivers.limits`: what one span or log record may carry, and spans per request.
        public var itemLimits: ItemLimits = .default
    }

    public struct Listener: Sendable {
        /// `enabled`. Default: true.
        public var enabled: Bool
        /// `endpoint`: host:port to bind.
        public var endpoint: Endpoint
    }

    public struct Metrics: Sendable {
        /// `metrics.endpoint`: where `/metrics` and `/healthz` are served. Default: 0.0.0.0:9464.
        public var endpoint: Endpoint
    }

    public static let `default` = AgentConfiguration(
        stateDirectory: AgentConfiguration.defaultStateDirectory,
        logLevel: "info",
        receivers: Receivers(
            otlpGRPC: Listener(enabled: true, endpoint: Endpoint(host: "127.0.0.1", port: 4317)),
            otlpHTTP: Listener(enabled: true, endpoint: Endpoint(host: "127.0.0.1", port: 4318)),
            limits: .default
        ),
        metrics: Metrics(endpoint: Endpoint(host: "0.0.0.0", port: 9464)),
        spanMetrics: .default,
        store: .default,
        api: API(enabled: true, endpoint: Endpoint(host: "127.0.0.1", port: 9465), settings: APIConfiguration()),
        sources: []
    )

    /// `$STATE_DIRECTORY` (set by systemd's `StateDirectory=`), else `.tracelink-state` in the working directory.
    public static var defaultStateDirectory: String {
        if let fromSystemd = Environment.value("STATE_DIRECTORY"), !fromSystemd.isEmpty {
            // systemd may pass several, colon-separated; the first is ours.
            return String(fromSystemd.split(separator: ":").first ?? Substring(fromSystemd))
        }
        return ".tracelink-state"
    }
}
