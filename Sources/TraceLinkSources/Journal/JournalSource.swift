public import Logging
public import ServiceLifecycle
internal import Synchronization
public import TraceLinkCore

/// Reads the systemd journal through libsystemd and hands its entries, with their trace context, to a sink.
///
/// All sd-journal work happens on one dedicated thread (sd-journal is not thread-safe and its waits
/// block); batches cross to the async side, the sink accepts them, and only then is their cursor
/// checkpointed. A missing journal is logged once and retried; the service keeps running until shutdown.
public final class JournalSource: Service, Sendable, CustomStringConvertible {
    /// How the service group names it (its default reflected the whole source, a cost at every start).
    public var description: String { "journald source \(configuration.name)" }

    public let configuration: JournalSourceConfiguration
    private let sink: any LogSink
    private let logger: Logger
    private let metrics: JournalSourceMetrics
    private let readiness: JournalReadiness
    private let started = Atomic<Bool>(false)
    private let checkpoint: JournalCheckpoint

    /// Batches read ahead of the sink; bounds memory to about this many times `batchSize` events.
    static let batchesInFlight = 2

    public init(
        configuration: JournalSourceConfiguration, sink: any LogSink, selfMetrics: SelfMetrics,
        logger: Logger = Logger(label: "tracelink.journal"), agentReadiness: Readiness? = nil
    ) {
        self.readiness = JournalReadiness(agent: agentReadiness, component: "journal source \(configuration.name)")
        self.configuration = configuration
        self.sink = sink
        self.logger = logger
        self.metrics = JournalSourceMetrics(registry: selfMetrics, source: configuration.name)
        self.checkpoint = JournalCheckpoint(
            directory: configuration.stateDirectory, source: configuration.name, metrics: metrics, logger: logger)
        metrics.ready.set(0)
    }

    /// True while the journal is open and being read; false before, while unavailable, and after shutdown.
    public var isReady: Bool { readiness.isReady }

    /// The checkpoint file: `<stateDirectory>/journal-<name>.cursor`.
    public var checkpointPath: String { checkpoint.file.path }

    /// Reads until graceful shutdown or cancellation, then writes the last accepted cursor and returns.
    public func run() async {
        guard !started.exchange(true, ordering: .relaxed) else {
            logger.error("a JournalSource runs once", metadata: ["source": "\(configuration.name)"])
            return
        }
        do {
            try configuration.validate()
        } catch {
            logger.error("journal source not started: \(error.message)", metadata: ["source": "\(configuration.name)"])
            readiness.unavailable(error.message)
            try? await gracefulShutdown()
            return
        }
        // Unbounded in type, bounded in practice: the reader takes a credit from `link` for each batch.
        let (batches, continuation) = AsyncStream.makeStream(of: JournalReader.Batch.self)
        let link = JournalReaderLink(batchesInFlight: Self.batchesInFlight)
        let loop = JournalReaderLoop(
            configuration: configuration, logger: logger, metrics: metrics, link: link, batches: continuation,
            checkpoint: checkpoint, ready: readiness)
        guard DedicatedThread.start(loop.run) else {
            metrics.errors.increment()
            logger.error("could not start the journal reader thread", metadata: ["source": "\(configuration.name)"])
            readiness.unavailable("no reader thread")
            try? await gracefulShutdown()
            return
        }

        let sink = self.sink
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                for await batch in batches {
                    await sink.accept(journal: batch.entries)
                    link.accepted(batch.lastCursor)
                }
            } onCancel: {
                link.requestStop()
            }
        } onGracefulShutdown: {
            link.requestStop()
        }
        link.requestStop()
        await link.waitForExit()
        if let cursor = link.unwrittenCursor(), checkpoint.write(cursor) { link.markWritten(cursor) }
    }
}
