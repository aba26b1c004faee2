import Foundation
import Testing
import TraceLinkCore

@testable import TraceLinkSources

/// The source reading the local system journal of a journald this test starts (or one already running).
@Suite(
    "JournalSource against a live journald",
    .serialized,
    .enabled(if: JournalTools.required(JournalTools.journald, "/usr/bin/logger", "/usr/bin/systemd-cat", "/usr/bin/timeout"))
)
struct JournalLiveTests {
    /// A journald for the test's duration: reuses a running one, else starts one and removes what it created.
    final class LiveJournald {
        private var process: Process?
        private var created: [String] = []

        init() throws {
            if Self.isRunning() { return }
            let paths = ["/run/systemd/journal", "/run/log/journal", "/dev/log"]
            created = paths.filter { !FileManager.default.fileExists(atPath: $0) }
            let process = Process()
            // Under `timeout`, so a journald outlives a crashed test run by two minutes at most;
            // terminating `timeout` passes the SIGTERM on to journald.
            process.executableURL = URL(fileURLWithPath: "/usr/bin/timeout")
            process.arguments = ["120", JournalTools.journald]
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            self.process = process
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

        func stop() {
            guard let process else { return }
            process.terminate()
            process.waitUntilExit()
            self.process = nil
            for path in created { try? FileManager.default.removeItem(atPath: path) }
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
        let running = RunningSource(configuration)
        #expect(await eventually { running.source.isReady })

        let fields = "MESSAGE=order placed\nSYSLOG_IDENTIFIER=\(tag)\nPRIORITY=6\nTRACE_ID=4bf92f3577b34da6a3ce929d0e0e4736\nSPAN_ID=00f067aa0ba902b7\n"
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
