import ArgumentParser
import Foundation
import TraceLinkAPIModels

/// `tracelink jump LINE`: from a log line (or its journal cursor, or file offset) to its trace.
struct JumpCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "jump",
        abstract: "Resolve a log line to its trace and print the trace with every log line in place.",
        discussion: """
            Paste a log line, pipe it in, or point at it: --journal-cursor (journalctl -o export shows __CURSOR), or
            --file and --offset.
            Example: journalctl -u checkout -n 1 -o cat | tracelink jump
            """
    )

    @Argument(help: "The log line, as printed (quote it); read from standard input when none is given.")
    var line: String?

    @Option(name: .customLong("journal-cursor"), help: "A journal entry's cursor.")
    var journalCursor: String?

    @Option(help: "A tailed file's path (with --offset).")
    var file: String?

    @Option(help: "The byte offset of the line in --file.")
    var offset: UInt64?

    @OptionGroup var api: APIOptions
    @OptionGroup var output: OutputOptions

    func run() async throws {
        var query: [String: String] = [:]
        if let line {
            query["line"] = line.trimmingCharacters(in: .newlines)
        } else if let journalCursor {
            query["journal_cursor"] = journalCursor
        } else if let file, let offset {
            query["file"] = file
            query["offset"] = String(offset)
        } else if isatty(0) == 0, let piped = Self.firstLine(of: FileHandle.standardInput.readDataToEndOfFile()) {
            query["line"] = piped
        } else {
            throw ValidationError("give a log line (or pipe one in), --journal-cursor, or --file with --offset")
        }
        do {
            let jump = try await api.client.get(APIModels.Jump.self, "/api/v1/jump", query: query)
            guard jump.found else {
                print("trace \(jump.traceId)")
                for (name, link) in jump.links.sorted(by: { $0.key < $1.key }) { print("  \(name): \(link)") }
                print("(no span or log of this trace is held by the agent yet)")
                return
            }
            let trace = try await api.client.get(APIModels.Trace.self, "/api/v1/traces/\(jump.traceId)")
            print(output.text.render(trace), terminator: "")
            print("page: \(api.baseURL)\(jump.page)")
        } catch let failure as APIClient.Failure {
            printError("tracelink jump: \(failure)")
            throw ExitCode(1)
        }
    }

    /// The first non-blank line of piped input.
    static func firstLine(of data: Data) -> String? {
        String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline)
            .first { !$0.allSatisfy(\.isWhitespace) }.map(String.init)
    }
}

/// Where the agent's API is.
struct APIOptions: ParsableArguments {
    @Option(name: .customLong("api"), help: "The agent's API base URL.")
    var baseURL = "http://127.0.0.1:9465"

    @Option(name: .customLong("token"), help: "Bearer token, when the API requires one (or TRACELINK_API_TOKEN).")
    var token: String?

    var client: APIClient {
        APIClient(baseURL: baseURL, token: token ?? ProcessInfo.processInfo.environment["TRACELINK_API_TOKEN"])
    }
}
