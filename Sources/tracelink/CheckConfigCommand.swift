import ArgumentParser
import TraceLinkAgent

/// `tracelink check-config PATH`: validates a config and exits non-zero naming file, line and key.
struct CheckConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check-config",
        abstract: "Validate a config file."
    )

    @Argument(help: "Path to tracelink.yaml.")
    var path: String

    func run() throws {
        do {
            _ = try AgentConfiguration.load(path: path)
            print("\(path): ok")
        } catch {
            printError("tracelink: invalid config: \(error)")
            throw ExitCode(2)
        }
    }
}
