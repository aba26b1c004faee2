import ArgumentParser
import Foundation
import TraceLinkAPIModels

/// `tracelink trace ID`: a trace as a waterfall, each span with its log lines.
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Print a trace held by the agent: a waterfall of its spans, each with its log lines in place."
    )

    @Argument(help: "The trace id: 32 hex digits (or 16 for a 64-bit id).")
    var traceID: String

    @OptionGroup var api: APIOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        do {
            let trace = try await api.client.get(APIModels.Trace.self, "/api/v1/traces/\(traceID)")
            print(output.text.render(trace), terminator: "")
        } catch let failure as APIClient.Failure {
            printError("tracelink trace: \(failure)")
            throw ExitCode(1)
        }
    }
}

/// Colours on a terminal, plain text when piped; `--color` / `--no-color` decide otherwise.
struct OutputOptions: ParsableArguments {
    @Flag(inversion: .prefixedNo, help: "Colour the output (default: when standard output is a terminal).")
    var color: Bool?

    var text: TraceText {
        TraceText(colors: color ?? (isatty(1) == 1 && ProcessInfo.processInfo.environment["NO_COLOR"] == nil))
    }
}
