import ArgumentParser
import Logging
import TraceLinkAgent

/// `tracelink run [--config PATH]`: runs the agent until SIGTERM/SIGINT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run the agent (with the embedded default config unless --config is given)."
    )

    @Option(name: .long, help: "Path to tracelink.yaml. Without it, the embedded default config is used.")
    var config: String?

    func run() async throws {
        let configuration: AgentConfiguration
        do {
            configuration = try config.map(AgentConfiguration.load(path:)) ?? AgentConfiguration.embeddedDefault()
        } catch {
            printError("tracelink: invalid config: \(error)")
            throw ExitCode(2)
        }
        let level = Logger.Level(rawValue: configuration.logLevel) ?? .info
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        let logger = Logger(label: "tracelink")
        logger.info("starting", metadata: ["config": "\(config ?? "<embedded default>")"])
        // SIGHUP re-reads the file given with --config (the embedded default cannot change).
        var reload: (@Sendable () throws -> AgentConfiguration)?
        if let path = config {
            reload = { try AgentConfiguration.load(path: path) }
        }
        try await Agent(configuration: configuration, logger: logger).run(reload: reload)
        logger.info("stopped")
    }
}
