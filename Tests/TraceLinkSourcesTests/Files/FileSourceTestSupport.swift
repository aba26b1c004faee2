import Foundation
import TraceLinkCore
import TraceLinkSources

#if canImport(Glibc)
    import Glibc
#endif

/// Collects every event a source delivers.
actor FileCollectingSink: LogSink {
    private(set) var events: [LogEvent] = []
    /// A pause after each batch, to play a slow pipeline (backpressure) or stop a source mid-stream.
    private let pause: Duration?

    init(pausePerBatch pause: Duration? = nil) {
        self.pause = pause
    }

    func accept(_ batch: [LogEvent]) async {
        events += batch
        if let pause { try? await Task.sleep(for: pause) }
    }

    var count: Int { events.count }
    var messages: [String] { events.map(\.message) }
}

/// A temporary directory removed when the test ends.
final class FileTestDirectory {
    let path: String

    init() {
        var template = Array("/tmp/tracelink-files-XXXXXX".utf8CString)
        path = template.withUnsafeMutableBufferPointer { String(cString: mkdtemp($0.baseAddress!)!) }
    }

    deinit { try? FileManager.default.removeItem(atPath: path) }

    func file(_ name: String) -> String { path + "/" + name }
}

/// Appends to a file with plain write(2), as a logging process would.
final class FileAppendingWriter {
    let path: String
    private(set) var fd: Int32

    init(_ path: String) {
        self.path = path
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        precondition(fd >= 0, "open \(path)")
    }

    deinit { if fd >= 0 { close(fd) } }

    func write(_ text: String) { write(Array(text.utf8)) }

    func write(_ bytes: [UInt8]) {
        var done = 0
        while done < bytes.count {
            let count = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress! + done, $0.count - done) }
            precondition(count > 0)
            done += count
        }
    }

    /// Writes lines `line-<n>` for every n in `range`, in writes of `perWrite` lines.
    func writeLines(_ range: Range<Int>, perWrite: Int = 100) {
        var text = ""
        for number in range {
            text += "line-\(number)\n"
            if (number - range.lowerBound + 1) % perWrite == 0 {
                write(text)
                text = ""
            }
        }
        if !text.isEmpty { write(text) }
    }

    /// Closes and reopens the path (after a rotation created a new file there).
    func reopen() {
        close(fd)
        fd = open(path, O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC, 0o644)
        precondition(fd >= 0)
    }

    func closeNow() {
        close(fd)
        fd = -1
    }
}

struct FileWaitTimedOut: Error, CustomStringConvertible {
    var description: String
}

/// Polls `condition` until it holds, failing after `seconds`; never used to assert timing.
func fileWaitUntil(
    _ what: String, seconds: Double = 30, _ condition: () async -> Bool
) async throws {
    let deadline = ContinuousClock.now + .milliseconds(Int(seconds * 1000))
    while !(await condition()) {
        if ContinuousClock.now > deadline { throw FileWaitTimedOut(description: "timed out waiting for \(what)") }
        try await Task.sleep(for: .milliseconds(10))
    }
}

/// A configuration for tests: fast polling and flushing, state in `directory`.
func fileTestConfiguration(_ directory: FileTestDirectory, include: [String], name: String = "test")
    -> FileSourceConfiguration
{
    var configuration = FileSourceConfiguration(name: name, include: include)
    configuration.startAt = .beginning
    configuration.pollInterval = .milliseconds(50)
    configuration.flushDelay = .milliseconds(100)
    configuration.rotateWait = .milliseconds(200)
    configuration.stateDirectory = directory.path
    return configuration
}

/// Runs a source while `body` runs, then cancels it and waits for it to end (checkpoint written).
func withRunningFileSource<T>(
    _ configuration: FileSourceConfiguration, sink: FileCollectingSink, metrics: SelfMetrics = SelfMetrics(),
    _ body: () async throws -> T
) async throws -> T {
    let source = try FileSource(configuration: configuration, sink: sink, metrics: metrics)
    let task = Task { try await source.run() }
    do {
        let result = try await body()
        task.cancel()
        try await task.value
        return result
    } catch {
        task.cancel()
        _ = await task.result
        throw error
    }
}

/// The numbers of `line-<n>` messages, in arrival order.
func fileLineNumbers(_ messages: [String]) -> [Int] {
    messages.compactMap { $0.hasPrefix("line-") ? Int($0.dropFirst(5)) : nil }
}

func fileCounter(_ metrics: SelfMetrics, _ name: String, source: String = "test") -> UInt64 {
    metrics.counter(name, help: "", labels: [("source", source)]).value
}

func fileGauge(_ metrics: SelfMetrics, _ name: String, source: String = "test") -> Int64 {
    metrics.gauge(name, help: "", labels: [("source", source)]).value
}
