import ArgumentParser
import Foundation
import TraceLinkAPIModels

/// `tracelink tail`: correlated events as they happen (a log line joined to its span, an error span).
struct TailCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "tail",
        abstract: "Follow correlations as they happen: log lines joining their spans, and error spans with their logs."
    )

    @Option(help: "Only events of this service.")
    var service: String?

    @Flag(help: "Only error spans and log lines at ERROR or above.")
    var errors = false

    @OptionGroup var api: APIOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        let text = output.text
        do {
            try api.client.follow("/api/v1/events") { name, event in
                guard let line = Self.line(name: name, event: event, service: service, errorsOnly: errors, text: text)
                else { return }
                // Written straight to the descriptor: a pipe reader sees each event as it happens.
                FileHandle.standardOutput.write(Data((line + "\n").utf8))
            }
        } catch let failure as APIClient.Failure {
            printError("tracelink tail: \(failure)")
            throw ExitCode(1)
        }
    }

    /// The lines one event prints, or nil when the filters leave it out.
    static func line(
        name: String, event: APIModels.EventPayload, service: String?, errorsOnly: Bool, text: TraceText
    ) -> String? {
        guard let span = event.span, let traceID = event.traceId else { return nil }  // traces_updated
        if let service, span.service != service { return nil }
        let logs = (event.logs ?? []).filter { !errorsOnly || $0.severityNumber >= 17 }
        switch name {
        case "error_span":
            var lines = [text.paint("ERROR span \(span.service) \(span.name)", .red) + "  trace \(traceID)"]
            lines += logs.map { "  | " + text.logLine($0) }
            return lines.joined(separator: "\n")
        case "log_joined":
            guard !logs.isEmpty else { return nil }
            return logs.map { "\(text.logLine($0))  <- \(span.service) \(span.name)  trace \(traceID)" }
                .joined(separator: "\n")
        default:
            return nil
        }
    }
}
