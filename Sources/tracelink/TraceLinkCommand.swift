import ArgumentParser
import Logging
import TraceLinkAgent

/// `tracelink`: the host agent and its tools.
@main
struct TraceLinkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tracelink",
        abstract: "Joins local logs to OTLP spans, derives RED metrics, and answers 'show me this log line's trace'.",
        subcommands: [RunCommand.self, CheckConfigCommand.self, JumpCommand.self, TraceCommand.self, TailCommand.self],
        defaultSubcommand: RunCommand.self
    )
}
