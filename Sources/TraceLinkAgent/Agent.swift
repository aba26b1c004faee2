public import Logging
public import ServiceLifecycle
public import TraceLinkCore
import TraceLinkOTLP
import TraceLinkServer
import TraceLinkSources
import Synchronization
import UnixSignals

/// Wires the configured sources, receivers, store and endpoints into one ServiceGroup, ordered by dependency.
public struct Agent: Sendable {
    public let configuration: AgentConfiguration
    public let selfMetrics: SelfMetrics
    public let spanMetrics: SpanMetrics
    public let serviceGraph: ServiceGraph
    public let store: CorrelationStore
    /// Whether every receiver listens and every source opened: `/readyz` and systemd's `READY=1`.
    public let readiness = Readiness()
    let logger: Logger

    /// A new agent; with `previous` (a reload), its store and metrics carry over, so a reload loses no trace held
    /// and no counter. Store and span-metrics settings then take effect at the next restart.
    public init(configuration: AgentConfiguration, logger: Logger, reusing previous: Agent? = nil) {
        self.configuration = configuration
        self.logger = logger
        if let previous {
            self.selfMetrics = previous.selfMetrics
            self.spanMetrics = previous.spanMetrics
            self.serviceGraph = previous.serviceGraph
            self.store = previous.store
        } else {
            self.selfMetrics = SelfMetrics()
            self.spanMetrics = SpanMetrics(configuration: configuration.spanMetrics)
            self.serviceGraph = ServiceGraph(configuration: configuration.serviceGraph)
            self.store = CorrelationStore(configuration: configuration.store, metrics: selfMetrics)
        }
    }

    /// The services, in start order; the group stops them in reverse on SIGTERM or SIGINT.
    public func services() throws -> [any Service] { try services(reload: nil) }

    func services(reload: ReloadRequest?) throws -> [any Service] {
        // Call rates for the services view, sampled every maintenance round so the window always slides.
        let clock = MonotonicClock.continuous
        let rates = CallRateWindow(startNanos: clock.now())
        var maintenance = StoreMaintenance(store: store)
        maintenance.alsoEachRound.append { [spanMetrics, serviceGraph] in
            spanMetrics.expireSeries()
            serviceGraph.expire()
            rates.sample(current: CallRateWindow.calls(of: spanMetrics.operationStatistics()), nowNanos: clock.now())
        }
        var services: [any Service] = [maintenance]
        let receiverMetrics = ReceiverMetrics(registry: selfMetrics)
        let itemLimits = configuration.receivers.itemLimits
        let spans = SpanIngest(consumers: [spanMetrics, serviceGraph, store], metrics: receiverMetrics, limits: itemLimits)
        let logs = LogIngest(sink: store, metrics: receiverMetrics, limits: itemLimits)

        let spanMetrics = self.spanMetrics
        let selfMetrics = self.selfMetrics
        let store = self.store
        let readiness = self.readiness
        let metricsEndpoint = MetricsEndpoint(
            readiness: readiness, sources: [spanMetrics, serviceGraph, store, selfMetrics])
        let metricsAddress = configuration.metrics.endpoint
        services.append(
            HTTPListener(
                name: "metrics", host: metricsAddress.host, port: metricsAddress.port, logger: logger,
                readiness: readiness
            ) { metricsEndpoint.addRoutes(to: $0) }
        )

        let receivers = configuration.receivers
        if receivers.otlpHTTP.enabled {
            let receiver = OTLPHTTPReceiver(spans: spans, logs: logs, limits: receivers.limits)
            services.append(
                HTTPListener(
                    name: "OTLP/HTTP", host: receivers.otlpHTTP.endpoint.host, port: receivers.otlpHTTP.endpoint.port,
                    logger: logger, readiness: readiness
                ) { receiver.addRoutes(to: $0) }
            )
        }
        if receivers.zipkin.enabled {
            let receiver = ZipkinReceiver(spans: spans, limits: receivers.limits)
            services.append(
                HTTPListener(
                    name: "Zipkin", host: receivers.zipkin.endpoint.host, port: receivers.zipkin.endpoint.port,
                    logger: logger, readiness: readiness
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
                    logger: logger, readiness: readiness
                )
            )
        }

        var journalDirectories: [String?] = []
        var extractors: [TraceContextExtractor] = []
        var fileSources: [FileSourceConfiguration] = []
        for source in configuration.sources {
            switch source {
            case .file(let file):
                extractors.append(file.extractor)
                fileSources.append(file)
                services.append(
                    try FileSource(
                        configuration: file, sink: store, metrics: selfMetrics, logger: logger.labelled("file:\(file.name)"),
                        readiness: readiness)
                )
            case .journald(let journal):
                extractors.append(journal.extractor)
                journalDirectories.append(journal.directory)
                services.append(
                    JournalSource(
                        configuration: journal, sink: store, selfMetrics: selfMetrics,
                        logger: logger.labelled("journal:\(journal.name)"), agentReadiness: readiness)
                )
            }
        }

        if configuration.api.enabled {
            let lineExtractors = extractors.isEmpty ? [TraceContextExtractor.default] : extractors + [.default]
            let lookup = LogLineLookup(
                journalDirectories: journalDirectories, fileSources: fileSources, extractor: lineExtractors[0])
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
                locate: { location in
                    do {
                        return try lookup.record(at: location)
                    } catch {
                        throw APIError.forbidden("not_a_tailed_file", "\(error): jump reads only tailed files")
                    }
                },
                spanMetrics: spanMetrics, rates: rates, clock: clock
            )
            let endpoint = configuration.api.endpoint
            services.append(
                HTTPListener(name: "API", host: endpoint.host, port: endpoint.port, logger: logger, readiness: readiness) {
                    router in
                    api.addRoutes(to: router)
                    PageAssets().addRoutes(to: router)
                }
            )
        }
        services.append(
            SystemdNotifier(
                readiness: readiness, store: store, maintenance: maintenance.heartbeat,
                maintenanceInterval: maintenance.interval, sourceCount: configuration.sources.count,
                isReloading: { reload?.configuration.withLock { $0 } != nil }, logger: logger))
        return services
    }

    /// Runs until SIGTERM or SIGINT, then shuts down gracefully. On SIGHUP, re-reads the config with `reload`:
    /// a valid one replaces the running services (sources stop after their last batch is stored and checkpointed,
    /// then resume from the checkpoints, so no line is lost; the store and metrics carry over); an invalid one is
    /// logged and the agent runs on unchanged.
    public func run(reload: (@Sendable () throws -> AgentConfiguration)? = nil) async throws {
        var agent = self
        while true {
            try StateDirectory.prepare(agent.configuration.stateDirectory)
            let next = ReloadRequest()
            var services = try agent.services(reload: next).map {
                ServiceGroupConfiguration.ServiceConfiguration(service: $0)
            }
            if let reload {
                services.append(.init(service: ReloadSignal(reload: reload, request: next, logger: logger)))
            }
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
            next.group.withLock { $0 = group }
            try await group.run()
            guard let configuration = next.configuration.withLock({ $0 }) else { return }
            if configuration.store != agent.configuration.store || configuration.spanMetrics != agent.configuration.spanMetrics
                || configuration.serviceGraph != agent.configuration.serviceGraph
            {
                logger.warning(
                    "store, span_metrics and service_graph settings take effect at the next restart; the rest is reloaded")
            }
            agent = Agent(configuration: configuration, logger: logger, reusing: agent)
            logger.info("configuration reloaded")
        }
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
