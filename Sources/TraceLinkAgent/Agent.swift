public import Logging
public import ServiceLifecycle
public import TraceLinkCore
import TraceLinkOTLP
import TraceLinkServer
import TraceLinkSources
import UnixSignals

/// Wires the configured sources, receivers, store and endpoints into one ServiceGroup, ordered by dependency.
public struct Agent: Sendable {
    public let configuration: AgentConfiguration
    public let selfMetrics: SelfMetrics
    public let spanMetrics: SpanMetrics
    public let store: CorrelationStore
    let logger: Logger

    public init(configuration: AgentConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.selfMetrics = SelfMetrics()
        self.spanMetrics = SpanMetrics(configuration: configuration.spanMetrics)
        self.store = CorrelationStore(configuration: configuration.store, metrics: selfMetrics)
    }

    /// The services, in start order; the group stops them in reverse on SIGTERM or SIGINT.
    public func services() throws -> [any Service] {
        var services: [any Service] = [StoreMaintenance(store: store)]
        let receiverMetrics = ReceiverMetrics(registry: selfMetrics)
        let spans = SpanIngest(consumers: [spanMetrics, store], metrics: receiverMetrics)
        let logs = LogIngest(sink: store, metrics: receiverMetrics)

        let spanMetrics = self.spanMetrics
        let selfMetrics = self.selfMetrics
        let store = self.store
        let metricsEndpoint = MetricsEndpoint { output, openMetrics in
            spanMetrics.render(into: &output, openMetrics: openMetrics)
            store.render(into: &output)
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
            let receiver = OTLPHTTPReceiver(spans: spans, logs: logs, limits: receivers.limits)
            services.append(
                HTTPListener(
                    name: "OTLP/HTTP", host: receivers.otlpHTTP.endpoint.host, port: receivers.otlpHTTP.endpoint.port,
                    logger: logger
                ) { receiver.addRoutes(to: $0) }
            )
        }
        if receivers.otlpGRPC.enabled {
            let maxMessage = receivers.limits.maxDecompressedBytes
            services.append(
                OTLPGRPCReceiver(
                    host: receivers.otlpGRPC.endpoint.host, port: receivers.otlpGRPC.endpoint.port,
                    maxRequestBytes: maxMessage,
                    services: [
                        OTLPTraceGRPCService(spans: spans, maxMessageBytes: maxMessage),
                        OTLPLogsGRPCService(logs: logs, maxMessageBytes: maxMessage),
                    ],
                    logger: logger
                )
            )
        }

        var journalDirectories: [String?] = []
        var extractors: [TraceContextExtractor] = []
        for source in configuration.sources {
            switch source {
            case .file(let file):
                extractors.append(file.extractor)
                services.append(
                    try FileSource(configuration: file, sink: store, metrics: selfMetrics, logger: logger.labelled("file:\(file.name)"))
                )
            case .journald(let journal):
                extractors.append(journal.extractor)
                journalDirectories.append(journal.directory)
                services.append(
                    JournalSource(configuration: journal, sink: store, selfMetrics: selfMetrics, logger: logger.labelled("journal:\(journal.name)"))
                )
            }
        }

        if configuration.api.enabled {
            let lineExtractors = extractors.isEmpty ? [TraceContextExtractor.default] : extractors + [.default]
            let lookup = LogLineLookup(journalDirectories: journalDirectories, extractor: lineExtractors[0])
            let api = CorrelationAPI(
                store: store, configuration: configuration.api.settings,
                extract: { line in
                    // The first source whose rules find a trace id wins, as for the sources themselves.
                    for extractor in lineExtractors {
                        let record = extractor.extract(line: line)
                        if record.traceID != nil { return record }
                    }
                    return ExtractedRecord()
                },
                locate: { location in lookup.record(at: location) },
                spanMetrics: spanMetrics
            )
            let endpoint = configuration.api.endpoint
            services.append(
                HTTPListener(name: "API", host: endpoint.host, port: endpoint.port, logger: logger) { router in
                    api.addRoutes(to: router)
                    PageAssets().addRoutes(to: router)
                }
            )
        }
        return services
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully.
    public func run() async throws {
        try StateDirectory.prepare(configuration.stateDirectory)
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(
                services: try services().map { ServiceGroupConfiguration.ServiceConfiguration(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger
            )
        )
        try await group.run()
    }
}

extension Logger {
    /// A copy whose records name the component.
    func labelled(_ component: String) -> Logger {
        var copy = self
        copy[metadataKey: "component"] = "\(component)"
        return copy
    }
}
