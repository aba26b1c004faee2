import ArgumentParser
import Foundation

/// `tracelink trace ID`: a trace as a tree, each span with its log lines.
struct TraceCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "trace",
        abstract: "Print a trace held by the agent: its spans as a tree, each with its log lines."
    )

    @Argument(help: "The trace id: 32 hex digits (or 16 for a 64-bit id).")
    var traceID: String

    @OptionGroup var api: APIOptions

    func run() async throws {
        do {
            TracePrinter.print(try await api.client.get("/api/v1/traces/\(traceID)"))
        } catch let failure as APIClient.Failure {
            printError("tracelink trace: \(failure)")
            throw ExitCode(1)
        }
    }
}

/// Renders the API's trace JSON as an indented tree.
enum TracePrinter {
    static func print(_ trace: [String: Any]) {
        let spans = trace["spans"] as? [[String: Any]] ?? []
        for span in spans {
            let indent = String(repeating: "  ", count: (span["depth"] as? Int ?? 0) + 1)
            let status = (span["status"] as? [String: Any])?["code"] as? String ?? ""
            let marker = status == "STATUS_CODE_ERROR" ? " ERROR" : ""
            let duration = span["duration_ms"] as? Double ?? 0
            Swift.print("\(indent)\(span["service"] as? String ?? "?") \(span["name"] as? String ?? "?")"
                + " \(String(format: "%.1f", duration)) ms\(marker)")
            for log in span["logs"] as? [[String: Any]] ?? [] {
                Swift.print("\(indent)  | \(line(log))")
            }
        }
        let traceLogs = trace["logs"] as? [[String: Any]] ?? []
        if !traceLogs.isEmpty {
            Swift.print("  logs of the trace without a held span:")
            for log in traceLogs { Swift.print("    | \(line(log))") }
        }
    }

    static func line(_ log: [String: Any]) -> String {
        let time = (log["time"] as? String).map { String($0.prefix(23)) } ?? ""
        return "\(time) \(log["severity"] as? String ?? "") [\(log["source"] as? String ?? "")] \(log["message"] as? String ?? "")"
    }
}
