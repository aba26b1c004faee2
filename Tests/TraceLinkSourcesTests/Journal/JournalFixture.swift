import Foundation
import Synchronization
import Testing
import TraceLinkCore

@testable import TraceLinkSources

/// External tools the journal tests drive; with `CI=true` a missing tool fails the test instead of skipping it.
enum JournalTools {
    static let journalRemote = "/lib/systemd/systemd-journal-remote"
    static let journald = "/lib/systemd/systemd-journald"
    static let isCI = ProcessInfo.processInfo.environment["CI"] == "true"

    static func exists(_ path: String) -> Bool { FileManager.default.isExecutableFile(atPath: path) }

    /// Enables a test when `tools` exist, or always under CI (where the test then fails on the missing tool).
    static func required(_ tools: String...) -> Bool {
        isCI || tools.allSatisfy(exists)
    }
}

/// One journal entry in journal export format; values with a newline or control bytes use the binary encoding.
struct ExportEntry {
    var fields: [(String, [UInt8])]

    init(realtime: UInt64, message: String, _ extra: [String: String] = [:]) {
        fields = [("__REALTIME_TIMESTAMP", Array(String(realtime).utf8)), ("MESSAGE", Array(message.utf8))]
        for key in extra.keys.sorted() { fields.append((key, Array(extra[key]!.utf8))) }
    }

    init(realtime: UInt64, messageBytes: [UInt8]) {
        fields = [("__REALTIME_TIMESTAMP", Array(String(realtime).utf8)), ("MESSAGE", messageBytes)]
    }

    func encoded() -> [UInt8] {
        var bytes: [UInt8] = []
        for (name, value) in fields {
            bytes += Array(name.utf8)
            if value.contains(where: { $0 < 0x20 }) {
                bytes.append(UInt8(ascii: "\n"))
                var length = UInt64(value.count).littleEndian
                withUnsafeBytes(of: &length) { bytes += $0 }
                bytes += value
            } else {
                bytes.append(UInt8(ascii: "="))
                bytes += value
            }
            bytes.append(UInt8(ascii: "\n"))
        }
        bytes.append(UInt8(ascii: "\n"))
        return bytes
    }
}

/// A temporary journal directory filled by `systemd-journal-remote`, and a state directory beside it.
final class JournalFixture {
    let root: String
    var directory: String { root + "/journal" }
    var stateDirectory: String { root + "/state" }

    init() throws {
        root = FileManager.default.temporaryDirectory.path + "/tracelink-journal-\(UUID().uuidString)"
        try FileManager.default.createDirectory(atPath: root + "/journal", withIntermediateDirectories: true)
        try FileManager.default.createDirectory(atPath: root + "/state", withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Appends `entries` to `file` in the journal directory (creating it), as a real journal file.
    func append(_ entries: [ExportEntry], to file: String = "x.journal") throws {
        guard JournalTools.exists(JournalTools.journalRemote) else {
            throw FixtureError("\(JournalTools.journalRemote) not found: install systemd-journal-remote")
        }
        let input = entries.flatMap { $0.encoded() }
        let (status, output) = try run(JournalTools.journalRemote, ["-o", directory + "/" + file, "-"], stdin: input)
        guard status == 0 else { throw FixtureError("systemd-journal-remote exited \(status): \(output)") }
    }

    func configuration(_ change: (inout JournalSourceConfiguration) -> Void = { _ in }) -> JournalSourceConfiguration {
        var configuration = JournalSourceConfiguration()
        configuration.name = "test"
        configuration.directory = directory
        configuration.stateDirectory = stateDirectory
        configuration.start = .head
        configuration.pollInterval = .milliseconds(50)
        configuration.retryInterval = .milliseconds(100)
        configuration.checkpointInterval = .milliseconds(100)
        change(&configuration)
        return configuration
    }
}

struct FixtureError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Runs `path` with `arguments`, feeding `stdin`; returns the exit status and stderr+stdout.
@discardableResult
func run(_ path: String, _ arguments: [String], stdin: [UInt8] = []) throws -> (Int32, String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: path)
    process.arguments = arguments
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    process.standardError = output
    try process.run()
    input.fileHandleForWriting.write(Data(stdin))
    try input.fileHandleForWriting.close()
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, text)
}

/// A sink that keeps every event, for tests to wait on; with a delay it is a busy store.
final class CollectingSink: LogSink {
    private let storage = Mutex<[LogEvent]>([])
    private let delay: Duration?

    init(delay: Duration? = nil) { self.delay = delay }

    func accept(_ batch: [LogEvent]) async {
        if let delay { try? await Task.sleep(for: delay) }
        storage.withLock { $0 += batch }
    }

    var events: [LogEvent] { storage.withLock { $0 } }
    var messages: [String] { events.map(\.message) }

    /// Waits until at least `count` events arrived or `timeout` passed; returns what arrived.
    @discardableResult
    func wait(forCount count: Int, timeout: Duration = .seconds(20)) async -> [LogEvent] {
        let deadline = ContinuousClock.now + timeout
        while events.count < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return events
    }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(20), _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + timeout
    while !condition() {
        if ContinuousClock.now >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(10))
    }
    return true
}

/// A running source and how to stop it.
struct RunningSource {
    let source: JournalSource
    let sink: CollectingSink
    let metrics: SelfMetrics
    let task: Task<Void, Never>

    init(
        _ configuration: JournalSourceConfiguration, sink: CollectingSink = CollectingSink(),
        metrics: SelfMetrics = SelfMetrics()
    ) {
        let source = JournalSource(
            configuration: configuration, sink: sink, selfMetrics: metrics)
        self.source = source
        self.sink = sink
        self.metrics = metrics
        task = Task { await source.run() }
    }

    func stop() async {
        task.cancel()
        await task.value
    }

    func counter(_ name: String) -> UInt64 {
        metrics.counter(name, help: "", labels: [("source", source.configuration.name)]).value
    }
}

/// Microseconds since the epoch, `secondsAgo` seconds ago.
func realtime(secondsAgo: Double = 0) -> UInt64 {
    UInt64((Date().timeIntervalSince1970 - secondsAgo) * 1_000_000)
}
