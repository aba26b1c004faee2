public import Logging
public import ServiceLifecycle
public import TraceLinkCore
import TraceLinkOTLP
import TraceLinkServer
import UnixSignals

/// Wires the configured receivers, pipelines and endpoints into one ServiceGroup, ordered by dependency.
public struct Agent: Sendable {
    public let configuration: AgentConfiguration
    public let selfMetrics: SelfMetrics
    public let spanMetrics: SpanMetrics
    let logger: Logger

    public init(configuration: AgentConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.selfMetrics = SelfMetrics()
        self.spanMetrics = SpanMetrics(configuration: configuration.spanMetrics)
    }

    /// The services, in start order; the group stops them in reverse on SIGTERM or SIGINT.
    public func services() -> [any Service] {
        var services: [any Service] = []
        let spans = SpanIngest(consumers: [spanMetrics], metrics: ReceiverMetrics(registry: selfMetrics))

        let spanMetrics = self.spanMetrics
        let selfMetrics = self.selfMetrics
        let metricsEndpoint = MetricsEndpoint { output, openMetrics in
            spanMetrics.render(into: &output, openMetrics: openMetrics)
            selfMetrics.render(into: &output)
        }
        let metricsAddress = configuration.metrics.endpoint
        services.append(
            HTTPListener(name: "metrics", host: metricsAddress.host, port: metricsAddress.port, logger: logger) {
                metricsEndpoint.addRoutes(to: $0)
            }
        )

        let receivers = configuration.receivers
        if receivers.otlpHTTP.enabled {
            let receiver = OTLPHTTPReceiver(spans: spans, limits: receivers.limits)
            services.append(
                HTTPListener(
                    name: "OTLP/HTTP", host: receivers.otlpHTTP.endpoint.host, port: receivers.otlpHTTP.endpoint.port,
                    logger: logger
                ) { receiver.addRoutes(to: $0) }
            )
        }
        if receivers.otlpGRPC.enabled {
            services.append(
                OTLPGRPCReceiver(
                    host: receivers.otlpGRPC.endpoint.host, port: receivers.otlpGRPC.endpoint.port,
                    maxRequestBytes: receivers.limits.maxDecompressedBytes,
                    services: [OTLPTraceGRPCService(spans: spans, maxMessageBytes: receivers.limits.maxDecompressedBytes)],
                    logger: logger
                )
            )
        }
        return services
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully.
    public func run() async throws {
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: services().map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}
