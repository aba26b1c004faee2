public import Logging
public import ServiceLifecycle
public import TraceLinkCore

#if canImport(Glibc)
    internal import Glibc
#endif

/// Tails the files matching a source's globs and hands their lines to a `LogSink` in batches, checkpointing
/// each file's offset only after the sink has accepted the batch, through rotations, truncations and restarts.
///
/// `run()` returns on graceful shutdown (after the batch in hand is delivered and checkpointed) or cancellation.
public final class FileSource: Service, Sendable, CustomStringConvertible {
    /// How the service group names it (its default reflected the whole source, a cost at every start).
    public var description: String { "file source \(configuration.name)" }

    public let configuration: FileSourceConfiguration
    private let sink: any LogSink
    private let logger: Logger
    private let metrics: FileSourceMetrics
    private let readiness: Readiness?
    private var component: String { "file source \(configuration.name)" }

    /// Fails with `.invalidConfiguration` when `configuration.validate()` does.
    public init(
        configuration: FileSourceConfiguration, sink: any LogSink, metrics: SelfMetrics,
        logger: Logger = Logger(label: "tracelink.file"), readiness: Readiness? = nil
    ) throws(FileSourceError) {
        try configuration.validate()
        self.configuration = configuration
        self.sink = sink
        self.logger = logger
        self.metrics = FileSourceMetrics(registry: metrics, source: configuration.name)
        self.readiness = readiness
        readiness?.expect("file source \(configuration.name)")
    }

    /// The state file holding this source's checkpoints.
    public var stateFilePath: String {
        let directory =
            configuration.stateDirectory.hasSuffix("/")
            ? String(configuration.stateDirectory.dropLast()) : configuration.stateDirectory
        return "\(directory)/file-\(configuration.name).state"
    }

    public func run() async throws {
        let watcher = FileWatcher(pollInterval: configuration.pollInterval)
        var loop: FileSourceLoop
        do {
            loop = try FileSourceLoop(
                configuration: configuration, sink: sink, logger: logger, metrics: metrics, watcher: watcher,
                stateFile: StateFile(path: stateFilePath))
        } catch {
            readiness?.set(component, .unavailable(reason: "\(error)"))
            throw error
        }
        readiness?.set(component, .ready)
        let threadStarted = watcher.start()
        if !threadStarted { logger.warning("file source \(configuration.name): no watcher thread; polling") }
        await withGracefulShutdownHandler {
            await withTaskCancellationHandler {
                await loop.run(threadStarted: threadStarted)
            } onCancel: {
                watcher.stop()
            }
        } onGracefulShutdown: {
            watcher.stop()
        }
        loop.close()
    }
}
