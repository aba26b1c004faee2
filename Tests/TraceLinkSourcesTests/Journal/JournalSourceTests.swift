import Foundation
import Synchronization
import Testing
import TraceLinkCore

@testable import TraceLinkSources

private let traceHex = "4bf92f3577b34da6a3ce929d0e0e4736"
private let spanHex = "00f067aa0ba902b7"

/// Reading real journal files written by systemd-journal-remote.
@Suite("JournalSource on journal files", .enabled(if: JournalTools.required(JournalTools.journalRemote)))
struct JournalSourceTests {
    /// Entries of several units and priorities, with trace fields, JSON and binary messages.
    static func mixedEntries(base: UInt64) -> [ExportEntry] {
        [
            ExportEntry(
                realtime: base + 1, message: "GET /orders 200",
                [
                    "_SYSTEMD_UNIT": "orders.service", "PRIORITY": "6", "SYSLOG_IDENTIFIER": "orders", "_PID": "4242",
                    "_HOSTNAME": "host-a", "_BOOT_ID": "bd263b080b1845d4be657439c2df6fc9", "TRACE_ID": traceHex,
                    "SPAN_ID": spanHex,
                ]),
            ExportEntry(
                realtime: base + 2, message: "payment declined",
                ["_SYSTEMD_UNIT": "payments.service", "PRIORITY": "3", "SYSLOG_IDENTIFIER": "payments"]),
            ExportEntry(
                realtime: base + 3,
                message: #"{"level":"warn","msg":"slow query","trace_id":"\#(traceHex)","span_id":"\#(spanHex)"}"#,
                ["_SYSTEMD_UNIT": "db-proxy.service", "PRIORITY": "4"]),
            ExportEntry(
                realtime: base + 4, message: "kernel says hi", ["PRIORITY": "7", "SYSLOG_IDENTIFIER": "kernel"]),
            ExportEntry(
                realtime: base + 5, message: "cron ran", ["_SYSTEMD_UNIT": "cron.timer", "PRIORITY": "5"]),
        ]
    }

    @Test func readsFieldsUnitsAndPriorities() async throws {
        let fixture = try JournalFixture()
        let base = realtime(secondsAgo: 60)
        try fixture.append(Self.mixedEntries(base: base))
        let running = RunningSource(fixture.configuration { $0.unitServices = ["payments.service": "billing"] })
        let events = await running.sink.wait(forCount: 5)
        await running.stop()

        try #require(events.count == 5)
        let first = events[0]
        #expect(first.message == "GET /orders 200")
        #expect(first.severity == .info)
        #expect(first.service == "orders")
        #expect(first.traceID == TraceID(hex: traceHex))
        #expect(first.spanID == SpanID(hex: spanHex))
        #expect(first.timeUnixNano == (base + 1) * 1000)
        #expect(first.source == "test")
        guard case .journal(let cursor) = first.location else {
            Issue.record("location is \(first.location)")
            return
        }
        #expect(cursor.hasPrefix("s=") && cursor.contains(";t="))
        #expect(first.attributes.contains(Attribute(key: "_PID", value: .int(4242))))
        #expect(first.attributes.contains(Attribute(key: "_HOSTNAME", value: .string("host-a"))))
        #expect(
            first.attributes.contains(Attribute(key: "_BOOT_ID", value: .string("bd263b080b1845d4be657439c2df6fc9"))))
        #expect(first.attributes.contains(Attribute(key: "SYSLOG_IDENTIFIER", value: .string("orders"))))

        #expect(events[1].severity == .error)
        #expect(events[1].service == "billing")
        #expect(events[1].traceID == nil)
        #expect(events[3].severity == .debug)
        #expect(events[3].service == "kernel")
        #expect(events[4].severity == Severity(number: 10))
        #expect(events[4].service == "cron.timer")
        #expect(running.counter("tracelink_journal_entries_read_total") == 5)
    }

    @Test func extractsTraceContextFromJSONMessages() async throws {
        let fixture = try JournalFixture()
        try fixture.append(Self.mixedEntries(base: realtime(secondsAgo: 60)))
        let running = RunningSource(fixture.configuration { $0.units = ["db-proxy"] })
        let events = await running.sink.wait(forCount: 1)
        await running.stop()

        try #require(events.count == 1)
        #expect(events[0].traceID == TraceID(hex: traceHex))
        #expect(events[0].spanID == SpanID(hex: spanHex))
        #expect(events[0].severity == .warn)
        #expect(events[0].message == "slow query")
        #expect(events[0].service == "db-proxy")
    }

    @Test func entryFieldsWinOverTheMessageAndFieldNamesAreConfigurable() async throws {
        let fixture = try JournalFixture()
        let other = "0af7651916cd43dd8448eb211c80319c"
        let base = realtime(secondsAgo: 30)
        try fixture.append([
            ExportEntry(
                realtime: base, message: #"{"msg":"both","trace_id":"\#(other)"}"#,
                ["TRACE_ID": traceHex, "SPAN_ID": spanHex, "_SOURCE_REALTIME_TIMESTAMP": String(base - 7)]),
            ExportEntry(realtime: base + 1, message: "custom", ["X_TRACE": traceHex, "X_SPAN": spanHex]),
        ])
        let running = RunningSource(fixture.configuration())
        let custom = RunningSource(
            fixture.configuration {
                $0.name = "custom"
                $0.extractor = TraceContextExtractor(rules: [
                    .journald(JournaldFields(traceID: ["X_TRACE"], spanID: ["X_SPAN"])), .json,
                ])
            })
        let events = await running.sink.wait(forCount: 2)
        let customEvents = await custom.sink.wait(forCount: 2)
        await running.stop()
        await custom.stop()

        try #require(events.count == 2 && customEvents.count == 2)
        #expect(events[0].traceID == TraceID(hex: traceHex))
        #expect(events[0].spanID == SpanID(hex: spanHex))
        #expect(events[0].message == "both")
        #expect(events[0].timeUnixNano == (base - 7) * 1000)
        #expect(events[1].traceID == nil)
        #expect(customEvents[0].traceID == TraceID(hex: other))
        #expect(customEvents[1].traceID == TraceID(hex: traceHex))
        #expect(customEvents[1].spanID == SpanID(hex: spanHex))
    }

    @Test func messageIsBinarySafe() async throws {
        let fixture = try JournalFixture()
        let bytes = Array("first line\nsecond\0after nul".utf8)
        try fixture.append([ExportEntry(realtime: realtime(secondsAgo: 10), messageBytes: bytes)])
        let running = RunningSource(fixture.configuration())
        let events = await running.sink.wait(forCount: 1)
        await running.stop()

        try #require(events.count == 1)
        #expect(Array(events[0].message.utf8) == bytes)
    }

    struct FilterCase: Sendable, CustomTestStringConvertible {
        var label: String
        var units: [String] = []
        var identifiers: [String] = []
        var maxPriority = 7
        var matchGroups: [[String]] = []
        /// Which of `mixedEntries` pass, by their realtime offset (1 to 5).
        var expected: [UInt64]
        var testDescription: String { label }
    }

    @Test(arguments: [
        FilterCase(label: "one unit, short name", units: ["orders"], expected: [1]),
        FilterCase(label: "two units", units: ["orders.service", "payments.service"], expected: [1, 2]),
        FilterCase(label: "identifier", identifiers: ["kernel"], expected: [4]),
        FilterCase(label: "priority warning or worse", maxPriority: 4, expected: [2, 3]),
        FilterCase(label: "unit and priority", units: ["orders", "payments"], maxPriority: 3, expected: [2]),
        FilterCase(
            label: "AND within a group", matchGroups: [["_SYSTEMD_UNIT=orders.service", "PRIORITY=6"]], expected: [1]),
        FilterCase(
            label: "AND within a group, no match", matchGroups: [["_SYSTEMD_UNIT=orders.service", "PRIORITY=3"]],
            expected: []),
        FilterCase(
            label: "OR between groups", matchGroups: [["TRACE_ID=\(traceHex)"], ["SYSLOG_IDENTIFIER=kernel"]],
            expected: [1, 4]),
        FilterCase(
            label: "groups AND priority", maxPriority: 6,
            matchGroups: [["TRACE_ID=\(traceHex)"], ["SYSLOG_IDENTIFIER=kernel"]], expected: [1]),
    ])
    func filtersThroughMatches(_ filter: FilterCase) async throws {
        let fixture = try JournalFixture()
        let base = realtime(secondsAgo: 60)
        try fixture.append(Self.mixedEntries(base: base))
        // A marker every filter lets through: once it arrives, everything before it was read.
        try fixture.append([
            ExportEntry(
                realtime: realtime(), message: "end",
                ["_SYSTEMD_UNIT": "end.service", "PRIORITY": "0", "SYSLOG_IDENTIFIER": "end", "TRACE_ID": traceHex])
        ])
        let running = RunningSource(
            fixture.configuration {
                $0.units = filter.units.isEmpty ? [] : filter.units + ["end"]
                $0.identifiers = filter.identifiers.isEmpty ? [] : filter.identifiers + ["end"]
                $0.maxPriority = filter.maxPriority
                $0.matchGroups = filter.matchGroups.isEmpty ? [] : filter.matchGroups + [["_SYSTEMD_UNIT=end.service"]]
            })
        let arrived = await eventually { running.sink.messages.last == "end" }
        await running.stop()
        #expect(arrived)
        #expect(running.sink.events.dropLast().map { $0.timeUnixNano / 1000 - base } == filter.expected)
    }

    @Test func startsAtTheTailByDefault() async throws {
        let fixture = try JournalFixture()
        try fixture.append([ExportEntry(realtime: realtime(secondsAgo: 5), message: "old")])
        let running = RunningSource(fixture.configuration { $0.start = .tail })
        #expect(await eventually { running.source.isReady })
        try await Task.sleep(for: .milliseconds(200))
        try fixture.append([ExportEntry(realtime: realtime(), message: "new")])
        await running.sink.wait(forCount: 1)
        await running.stop()
        #expect(running.sink.messages == ["new"])
    }

    @Test func tailWithNoMatchingEntryYetMissesNothing() async throws {
        let fixture = try JournalFixture()
        try fixture.append([
            ExportEntry(realtime: realtime(secondsAgo: 5), message: "other", ["SYSLOG_IDENTIFIER": "other"])
        ])
        let running = RunningSource(
            fixture.configuration {
                $0.start = .tail
                $0.identifiers = ["wanted"]
            })
        #expect(await eventually { running.source.isReady })
        try await Task.sleep(for: .milliseconds(200))
        try fixture.append([
            ExportEntry(realtime: realtime(), message: "w1", ["SYSLOG_IDENTIFIER": "wanted"]),
            ExportEntry(realtime: realtime() + 1, message: "w2", ["SYSLOG_IDENTIFIER": "wanted"]),
        ])
        await running.sink.wait(forCount: 2)
        try await Task.sleep(for: .milliseconds(100))
        await running.stop()
        #expect(running.sink.messages == ["w1", "w2"])
    }

    @Test func maxAgeSkipsOlderEntriesOnFirstRun() async throws {
        let fixture = try JournalFixture()
        try fixture.append([
            ExportEntry(realtime: realtime(secondsAgo: 7200), message: "two hours ago"),
            ExportEntry(realtime: realtime(secondsAgo: 60), message: "a minute ago"),
        ])
        let running = RunningSource(fixture.configuration { $0.maxAge = .seconds(3600) })
        await running.sink.wait(forCount: 1)
        await running.stop()
        #expect(running.sink.messages == ["a minute ago"])
    }

    /// Live appends are seen through the journal's change notification, not by polling: with a poll interval of
    /// 5 s, the appended entry arrives while no poll can have run yet. (How fast it arrives is measured by the
    /// benchmarks, not asserted here.)
    @Test(arguments: ["x.journal", "other.journal"])
    func seesAppendsByNotification(file: String) async throws {
        let fixture = try JournalFixture()
        try fixture.append([ExportEntry(realtime: realtime(secondsAgo: 5), message: "before")])
        let pollInterval = Duration.seconds(5)
        let running = RunningSource(fixture.configuration { $0.pollInterval = pollInterval })
        await running.sink.wait(forCount: 1)
        // The reader started its wait before "before" reached the sink; a poll cannot deliver before then + 5 s.
        let pollCannotHaveRun = ContinuousClock.now + pollInterval - .milliseconds(500)
        try fixture.append([ExportEntry(realtime: realtime(), message: "appended")], to: file)
        await running.sink.wait(forCount: 2, timeout: ContinuousClock.now.duration(to: pollCannotHaveRun))
        running.task.cancel()
        #expect(running.sink.messages == ["before", "appended"])
        await running.task.value
    }

    @Test func followsRotation() async throws {
        let fixture = try JournalFixture()
        try fixture.append(
            (1...3).map { ExportEntry(realtime: realtime(secondsAgo: 30 - Double($0)), message: "a\($0)") })
        let running = RunningSource(fixture.configuration())
        await running.sink.wait(forCount: 3)
        // Rotation as journald does it: the active file renamed to an archive name, a new active file.
        try FileManager.default.moveItem(
            atPath: fixture.directory + "/x.journal",
            toPath: fixture.directory + "/x@0000000000000000000000000000000a-0000000000000001-0000000000000001.journal")
        try fixture.append(
            (1...3).map { ExportEntry(realtime: realtime(secondsAgo: 10 - Double($0)), message: "b\($0)") })
        await running.sink.wait(forCount: 6)
        try fixture.append([ExportEntry(realtime: realtime(), message: "b4")])
        await running.sink.wait(forCount: 7)
        try await Task.sleep(for: .milliseconds(200))
        await running.stop()
        #expect(running.sink.messages == ["a1", "a2", "a3", "b1", "b2", "b3", "b4"])
    }

    @Test func restartResumesFromTheCursorWithoutLossOrDuplicates() async throws {
        let fixture = try JournalFixture()
        let base = realtime(secondsAgo: 100)
        try fixture.append((0..<25).map { ExportEntry(realtime: base + UInt64($0), message: "m\($0)") })
        let configuration = fixture.configuration { $0.batchSize = 4 }
        var delivered: [String] = []

        let first = RunningSource(configuration)
        await first.sink.wait(forCount: 25)
        await first.stop()
        delivered += first.sink.messages
        #expect(FileManager.default.fileExists(atPath: first.source.checkpointPath))

        try fixture.append((25..<40).map { ExportEntry(realtime: base + UInt64($0), message: "m\($0)") })
        // Stopped while entries are still being read: whatever was accepted is checkpointed.
        let second = RunningSource(configuration)
        await second.sink.wait(forCount: 3)
        await second.stop()
        delivered += second.sink.messages

        try fixture.append((40..<50).map { ExportEntry(realtime: base + UInt64($0), message: "m\($0)") })
        let third = RunningSource(configuration)
        let expected = (0..<50).map { "m\($0)" }
        _ = await eventually { delivered + third.sink.messages == expected }
        try await Task.sleep(for: .milliseconds(200))
        await third.stop()
        delivered += third.sink.messages

        #expect(delivered == expected)
        #expect(first.counter("tracelink_journal_cursor_resets_total") == 0)
        #expect(third.counter("tracelink_journal_cursor_resets_total") == 0)
    }

    @Test func vacuumedCursorResumesAfterItsTime() async throws {
        let fixture = try JournalFixture()
        let base = realtime(secondsAgo: 100)
        try fixture.append(
            (0..<5).map { ExportEntry(realtime: base + UInt64($0) * 1000, message: "old\($0)") }, to: "old.journal")
        let first = RunningSource(fixture.configuration())
        await first.sink.wait(forCount: 5)
        await first.stop()
        #expect(first.sink.messages == (0..<5).map { "old\($0)" })

        // Vacuum: the file holding the cursor is deleted; another file holds entries from before and after it.
        try FileManager.default.removeItem(atPath: fixture.directory + "/old.journal")
        try fixture.append(
            [
                ExportEntry(realtime: base + 2500, message: "before the cursor"),
                ExportEntry(realtime: base + 4000, message: "same time as the cursor"),
                ExportEntry(realtime: base + 4001, message: "after1"),
                ExportEntry(realtime: base + 9000, message: "after2"),
            ], to: "new.journal")
        let second = RunningSource(fixture.configuration())
        await second.sink.wait(forCount: 2)
        try await Task.sleep(for: .milliseconds(200))
        await second.stop()
        #expect(second.sink.messages == ["after1", "after2"])
        #expect(second.counter("tracelink_journal_cursor_resets_total") == 1)
        #expect(second.source.isReady == false)
    }

    @Test func readingThroughTheBehindProbeLosesNothing() async throws {
        let fixture = try JournalFixture()
        let base = realtime(secondsAgo: 100)
        try fixture.append((0..<3000).map { ExportEntry(realtime: base + UInt64($0), message: "m\($0)") })
        let sink = CollectingSink(delay: .milliseconds(6))
        let running = RunningSource(fixture.configuration { $0.batchSize = 10 }, sink: sink)
        let behind = running.metrics.gauge("tracelink_journal_entries_behind", help: "", labels: [("source", "test")])
        var maxBehind: Int64 = 0
        let deadline = ContinuousClock.now + .seconds(20)
        while sink.events.count < 3000, ContinuousClock.now < deadline {
            maxBehind = max(maxBehind, behind.value)
            try await Task.sleep(for: .milliseconds(5))
        }
        await running.stop()
        #expect(sink.messages == (0..<3000).map { "m\($0)" })
        #expect(maxBehind > 0)
        #expect(behind.value == 0)
    }

    @Test func missingStateDirectoryIsCreated() async throws {
        let fixture = try JournalFixture()
        try fixture.append([ExportEntry(realtime: realtime(secondsAgo: 5), message: "only")])
        let running = RunningSource(fixture.configuration { $0.stateDirectory = fixture.root + "/state/new" })
        await running.sink.wait(forCount: 1)
        await running.stop()
        #expect(FileManager.default.fileExists(atPath: running.source.checkpointPath))
        #expect(running.counter("tracelink_journal_errors_total") == 0)
    }

    @Test func corruptCheckpointIsMovedAsideAndCounted() async throws {
        let fixture = try JournalFixture()
        try fixture.append([ExportEntry(realtime: realtime(secondsAgo: 5), message: "only")])
        let configuration = fixture.configuration()
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: fixture.stateDirectory + "/journal-test.cursor"))
        let running = RunningSource(configuration)
        await running.sink.wait(forCount: 1)
        await running.stop()
        #expect(running.sink.messages == ["only"])
        #expect(running.counter("tracelink_journal_cursor_resets_total") == 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: fixture.stateDirectory)
        #expect(names.contains { $0.hasPrefix("journal-test.cursor.corrupt-") })
    }

    @Test func missingJournalIsNotReadyAndRecovers() async throws {
        let fixture = try JournalFixture()
        let missing = fixture.directory + "/not-yet"
        let running = RunningSource(fixture.configuration { $0.directory = missing })
        #expect(await eventually { running.counter("tracelink_journal_errors_total") >= 2 })
        #expect(running.source.isReady == false)
        #expect(running.metrics.gauge("tracelink_journal_ready", help: "", labels: [("source", "test")]).value == 0)

        try FileManager.default.createDirectory(atPath: missing, withIntermediateDirectories: false)
        #expect(await eventually { running.source.isReady })
        try fixture.append([ExportEntry(realtime: realtime(), message: "late")], to: "not-yet/x.journal")
        await running.sink.wait(forCount: 1)
        await running.stop()
        #expect(running.sink.messages == ["late"])
        #expect(running.source.isReady == false)
    }
}

@Suite("JournalSource parts")
struct JournalSourcePartTests {
    @Test func cursorParts() {
        let cursor = JournalCursor(
            "s=36b5f4b2060a470abf0039518bf0dd36;i=1f;b=00000000000000000000000000000000;m=0;t=60a24181e4000;x=6f32b04231c2df22"
        )
        #expect(cursor.realtimeMicroseconds == 1_700_000_000_000_000)
        #expect(cursor.sequenceNumber == 31)
        #expect(cursor.sequenceID == "36b5f4b2060a470abf0039518bf0dd36")
        let newer = JournalCursor("s=36b5f4b2060a470abf0039518bf0dd36;i=2a;t=60a24181e4001")
        #expect(cursor.entries(until: newer) == 11)
        #expect(cursor.entries(until: JournalCursor("s=other;i=2a")) == nil)
        #expect(JournalCursor("garbage").realtimeMicroseconds == nil)
    }

    @Test(arguments: [
        ("0", 0), ("emerg", 0), ("err", 3), ("error", 3), ("warning", 4), ("WARN", 4), ("info", 6), ("7", 7),
    ])
    func priorityNames(text: String, expected: Int) {
        #expect(JournalSourceConfiguration.priority(named: text) == expected)
    }

    @Test func priorityNameRejectsUnknown() {
        #expect(JournalSourceConfiguration.priority(named: "8") == nil)
        #expect(JournalSourceConfiguration.priority(named: "loud") == nil)
    }

    @Test func validation() {
        #expect(throws: Never.self) { try JournalSourceConfiguration.default.validate() }
        var bad = JournalSourceConfiguration()
        bad.matchGroups = [["_SYSTEMD_UNIT"]]
        #expect(throws: JournalSourceError.self) { try bad.validate() }
        bad.matchGroups = [["lower=case"]]
        #expect(throws: JournalSourceError.self) { try bad.validate() }
        bad.matchGroups = [[]]
        #expect(throws: JournalSourceError.self) { try bad.validate() }
        bad = JournalSourceConfiguration()
        bad.maxPriority = 8
        #expect(throws: JournalSourceError.self) { try bad.validate() }
        bad = JournalSourceConfiguration()
        bad.batchSize = 0
        #expect(throws: JournalSourceError.self) { try bad.validate() }
    }

    @Test func unitToService() {
        let units = ["nginx.service": "web"]
        func service(unit: String?, identifier: String?, extracted: String? = nil) -> String? {
            JournalBatch.service(unit: unit, identifier: identifier, extracted: extracted, unitServices: units)
        }
        #expect(service(unit: "nginx.service", identifier: "nginx", extracted: "from-json") == "web")
        #expect(service(unit: "orders.service", identifier: "orders-api", extracted: "orders-api") == "orders")
        #expect(service(unit: "orders.service", identifier: "orders", extracted: "checkout") == "checkout")
        #expect(service(unit: "session-1.scope", identifier: "bash") == "bash")
        #expect(service(unit: nil, identifier: "kernel", extracted: "kernel") == "kernel")
        #expect(service(unit: "cron.timer", identifier: nil) == "cron.timer")
    }
}

/// A sink that holds each batch until the test opens it.
final class GatedSink: LogSink {
    private let state = Mutex<(open: Bool, pending: Int, events: [LogEvent])>((false, 0, []))

    func accept(_ batch: [LogEvent]) async {
        state.withLock { $0.pending += 1 }
        while !state.withLock({ $0.open }) { try? await Task.sleep(for: .milliseconds(5)) }
        state.withLock {
            $0.pending -= 1
            $0.events += batch
        }
    }

    func open() { state.withLock { $0.open = true } }
    var pending: Int { state.withLock { $0.pending } }
    var events: [LogEvent] { state.withLock { $0.events } }
}

@Suite("JournalSource checkpoints", .enabled(if: JournalTools.required(JournalTools.journalRemote)))
struct JournalCheckpointTests {
    @Test func checkpointFollowsTheSinksAccept() async throws {
        let fixture = try JournalFixture()
        try fixture.append(
            (0..<3).map { ExportEntry(realtime: realtime(secondsAgo: 10 - Double($0)), message: "m\($0)") })
        let sink = GatedSink()
        let source = JournalSource(configuration: fixture.configuration(), sink: sink, selfMetrics: SelfMetrics())
        let task = Task { await source.run() }
        #expect(await eventually { sink.pending == 1 })
        try await Task.sleep(for: .milliseconds(400))  // several checkpoint intervals
        #expect(!FileManager.default.fileExists(atPath: source.checkpointPath))

        sink.open()
        #expect(await eventually { FileManager.default.fileExists(atPath: source.checkpointPath) })
        let saved = try StateFile(path: source.checkpointPath).read().map { String(decoding: $0, as: UTF8.self) }
        guard case .journal(let last) = try #require(sink.events.last).location else {
            Issue.record("not a journal location")
            return
        }
        #expect(saved == last)
        task.cancel()
        await task.value
    }

    @Test func shutdownIsPrompt() async throws {
        let fixture = try JournalFixture()
        try fixture.append([ExportEntry(realtime: realtime(), message: "one")])
        let running = RunningSource(fixture.configuration { $0.pollInterval = .milliseconds(250) })
        await running.sink.wait(forCount: 1)
        // Stopping waits for at most one poll interval (250 ms), not for the 5 s retry or a checkpoint interval;
        // the bound leaves room for a loaded machine.
        let elapsed = await ContinuousClock().measure { await running.stop() }
        #expect(elapsed < .seconds(3))
        #expect(running.source.isReady == false)
    }
}
