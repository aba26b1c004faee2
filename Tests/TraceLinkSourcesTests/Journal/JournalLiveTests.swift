import Foundation
import Testing
import TraceLinkCore

@testable import TraceLinkSources

/// The source reading the local system journal of a journald this test starts (or one already running).
@Suite(
    "JournalSource against a live journald",
    .serialized,
    .enabled(if: JournalTools.required(JournalTools.journald, "/usr/bin/logger", "/usr/bin/systemd-cat"))
)
struct JournalLiveTests {
    /// A journald for the test's duration: reuses a running one, else starts one and removes what it created.
    ///
    /// A run that crashes cannot stop its journald; it leaves a pid file naming the process and the paths it
    /// created, and the next run stops that process and removes those paths first.
    final class LiveJournald {
        private static let pidFile = "/tmp/tracelink-journal-test-journald.pid"
        private var process: Process?
        private var created: [String] = []

        init() throws {
            Self.reapLeftover()
            if Self.isRunning() { return }
            let paths = ["/run/systemd/journal", "/run/log/journal", "/dev/log"]
            created = paths.filter { !FileManager.default.fileExists(atPath: $0) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: JournalTools.journald)
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            self.process = process
            try ([String(process.processIdentifier)] + created).joined(separator: "\n")
                .write(toFile: Self.pidFile, atomically: true, encoding: .utf8)
            let deadline = Date().addingTimeInterval(5)
            while !Self.isRunning() {
                guard Date() < deadline, process.isRunning else {
                    stop()
                    throw FixtureError("systemd-journald did not start (needs root and a writable /run)")
                }
                Thread.sleep(forTimeInterval: 0.05)
            }
        }

        /// journald answers on its stdout socket (a stale socket file refuses the connection).
        static func isRunning() -> Bool {
            FileManager.default.fileExists(atPath: "/run/systemd/journal/socket")
                && ((try? run("/usr/bin/systemd-cat", ["-t", "tracelink-probe", "true"]).0) == 0)
        }

        /// Stops the journald a crashed run left behind (only if that pid is still a journald) and removes its paths.
        private static func reapLeftover() {
            guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8) else { return }
            let lines = text.split(separator: "\n").map(String.init)
            if let pid = lines.first.flatMap({ Int32($0) }),
                let name = try? String(contentsOfFile: "/proc/\(pid)/comm", encoding: .utf8),
                name.hasPrefix("systemd-journal")
            {
                kill(pid, SIGTERM)
                let deadline = Date().addingTimeInterval(3)
                while FileManager.default.fileExists(atPath: "/proc/\(pid)"), Date() < deadline {
                    Thread.sleep(forTimeInterval: 0.05)
                }
            }
            for path in lines.dropFirst() { try? FileManager.default.removeItem(atPath: path) }
            try? FileManager.default.removeItem(atPath: pidFile)
        }

        func stop() {
            guard let process else { return }
            process.terminate()
            process.waitUntilExit()
            self.process = nil
            for path in created { try? FileManager.default.removeItem(atPath: path) }
            try? FileManager.default.removeItem(atPath: Self.pidFile)
        }

        deinit { stop() }
    }

    @Test func readsTheLocalJournalWrittenByLoggerAndSystemdCat() async throws {
        guard getuid() == 0 else {
            if JournalTools.isCI { Issue.record("the live journald test needs root") }
            print("skipping the live journald test: needs root")
            return
        }
        let journald = try LiveJournald()
        defer { journald.stop() }
        let state = try JournalFixture()
        let tag = "tl-e2e-\(UInt32.random(in: 0...UInt32.max))"
        var configuration = JournalSourceConfiguration()
        configuration.name = "live"
        configuration.stateDirectory = state.stateDirectory
        configuration.identifiers = [tag]
        configuration.pollInterval = .milliseconds(100)
        // journald may not have its file in place at the first open on a loaded machine: retry often, wait longer.
        configuration.retryInterval = .milliseconds(200)
        let running = RunningSource(configuration)
        #expect(await eventually(timeout: .seconds(20)) { running.source.isReady })

        let fields =
            "MESSAGE=order placed\nSYSLOG_IDENTIFIER=\(tag)\nPRIORITY=6\nTRACE_ID=4bf92f3577b34da6a3ce929d0e0e4736\nSPAN_ID=00f067aa0ba902b7\n"
        let (loggerStatus, loggerOutput) = try run("/usr/bin/logger", ["--journald"], stdin: Array(fields.utf8))
        #expect(loggerStatus == 0, "logger --journald: \(loggerOutput)")
        let (catStatus, catOutput) = try run(
            "/usr/bin/systemd-cat", ["-t", tag, "-p", "warning"], stdin: Array("disk almost full\n".utf8))
        #expect(catStatus == 0, "systemd-cat: \(catOutput)")

        let events = await running.sink.wait(forCount: 2)
        await running.stop()
        try #require(events.count == 2)
        let fromLogger = try #require(events.first { $0.message == "order placed" })
        #expect(fromLogger.traceID == TraceID(hex: "4bf92f3577b34da6a3ce929d0e0e4736"))
        #expect(fromLogger.spanID == SpanID(hex: "00f067aa0ba902b7"))
        #expect(fromLogger.severity == .info)
        #expect(fromLogger.service == tag)
        #expect(fromLogger.attributes.contains { $0.key == "_PID" })
        #expect(fromLogger.attributes.contains { $0.key == "_HOSTNAME" })
        #expect(fromLogger.attributes.contains { $0.key == "_BOOT_ID" })
        let fromCat = try #require(events.first { $0.message == "disk almost full" })
        #expect(fromCat.severity == .warn)
        #expect(FileManager.default.fileExists(atPath: running.source.checkpointPath))
    }
}
