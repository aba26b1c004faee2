import Testing
import TraceLinkCore

/// Journal entries travel as a `JournalBatch` (cursor and kept fields as read, a fixed entry each); what a user sees
/// of an entry must be the event the entry's fields give: the extractor's record of the fields an application
/// sets, the trusted fields kept as attributes.
@Suite("JournalBatch: journal entries as read")
struct JournalBatchTests {
    static let trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    typealias Fields = [(key: String, value: [UInt8])]

    static func field(_ key: String, _ value: String) -> (key: String, value: [UInt8]) { (key, Array(value.utf8)) }

    static let entries: [Fields] = [
        [
            field("_SYSTEMD_UNIT", "orders.service"), field("SYSLOG_IDENTIFIER", "orders"), field("_PID", "42"),
            field("_HOSTNAME", "host-a"), field("_BOOT_ID", "0123456789abcdef0123456789abcdef"),
            field("_TRANSPORT", "stdout"), field("PRIORITY", "6"), field("CODE_FILE", "orders.py"),
            field("_SOURCE_REALTIME_TIMESTAMP", "1764633600000001"),
            field(
                "MESSAGE",
                #"{"level":"error","service":"checkout","trace_id":"\#(trace)","span_id":"00f067aa0ba902b7","msg":"a \"quoted\" word"}"#
            ),
        ],
        [
            field("SYSLOG_IDENTIFIER", "kernel"), field("PRIORITY", "3"), field("TRACE_ID", trace),
            field("SPAN_ID", "00f067aa0ba902b8"), field("MESSAGE", "plain text"), field("_CMDLINE", "/bin/k"),
        ],
        [
            field("_SYSTEMD_UNIT", "a-very-long-unit-name-beyond-fifteen.service"), field("_PID", "not a number"),
            ("MESSAGE", Array("bad ".utf8) + [0xFF] + Array(" byte\nsecond line".utf8)),
            field("ORDER_ID", "o-17"), field("ORDER_ID", "o-18"),
        ],
        [field("_SYSTEMD_UNIT", "cron.timer"), field("NOTE", "an entry without a message")],
        [
            field("SYSLOG_IDENTIFIER", "api"),
            field("MESSAGE", #"{"level":"info","trace_id":"\#(trace)","msg":"verbatim message"}"#),
        ],
    ]

    static func cursor(_ index: Int) -> String { "s=abc;i=\(index);b=0123;m=\(index);t=\(index);x=def" }

    static func batch() -> JournalBatch {
        var batch = JournalBatch(source: "journal")
        for (index, fields) in entries.enumerated() {
            Array(cursor(index).utf8).withUnsafeBytes { batch.beginEntry(cursor: $0) }
            for (key, value) in fields {
                (Array(key.utf8) + [UInt8(ascii: "=")] + value).withUnsafeBytes { batch.appendField($0) }
            }
            batch.endEntry(
                realtime: 1_764_633_700_000_000 + UInt64(index), observed: 99, extractor: .default, unitServices: [:])
        }
        return batch
    }

    /// The event an entry is: the extractor's record of the fields an application can set (and the source's
    /// time), the trusted fields first among its attributes, then the application's fields but those restated.
    static func expectedEvent(_ fields: Fields, index: Int) -> LogEvent {
        func text(_ key: String) -> String? {
            fields.last { $0.key == key }.map { String(decoding: $0.value, as: UTF8.self) }
        }
        let passed = fields.filter { !$0.key.hasPrefix("_") || $0.key == "_SOURCE_REALTIME_TIMESTAMP" }
        let record = TraceContextExtractor.default.extract(fields: passed)
        var attributes: [Attribute] = []
        if let unit = text("_SYSTEMD_UNIT") { attributes.append(Attribute(key: "_SYSTEMD_UNIT", value: .string(unit))) }
        if let identifier = text("SYSLOG_IDENTIFIER") {
            attributes.append(Attribute(key: "SYSLOG_IDENTIFIER", value: .string(identifier)))
        }
        if let pid = text("_PID").flatMap({ Int64($0) }) { attributes.append(Attribute(key: "_PID", value: .int(pid))) }
        if let host = text("_HOSTNAME") { attributes.append(Attribute(key: "_HOSTNAME", value: .string(host))) }
        if let boot = text("_BOOT_ID") { attributes.append(Attribute(key: "_BOOT_ID", value: .string(boot))) }
        for (key, value) in passed
        where !["MESSAGE", "_SOURCE_REALTIME_TIMESTAMP", "SYSLOG_IDENTIFIER"].contains(key) {
            attributes.append(Attribute(key: key, value: .string(String(decoding: value, as: UTF8.self))))
        }
        return LogEvent(
            timeUnixNano: record.timeUnixNano ?? (1_764_633_700_000_000 + UInt64(index)) * 1000, observedUnixNano: 99,
            severity: record.severity ?? .unspecified, message: record.message ?? "",
            service: JournalBatch.service(
                unit: text("_SYSTEMD_UNIT"), identifier: text("SYSLOG_IDENTIFIER"), extracted: record.service),
            traceID: record.traceID, spanID: record.spanID, traceFlags: record.traceFlags, source: "journal",
            location: .journal(cursor: cursor(index)), attributes: attributes)
    }

    @Test("each entry's event is the one its fields give")
    func eventsMatchTheFields() {
        let batch = Self.batch()
        let expected = Self.entries.enumerated().map { Self.expectedEvent($1, index: $0) }
        #expect(batch.events == expected)
        #expect(batch.events[0].message == #"a "quoted" word"#)
        #expect(batch.events[0].service == "checkout")
        #expect(batch.events[0].timeUnixNano == 1_764_633_600_000_001_000)
        #expect(batch.events[1].traceID == TraceID(hex: Self.trace))
        #expect(batch.events[1].severity == .error)
        #expect(batch.events[2].message == "bad \u{FFFD} byte\nsecond line")
        #expect(batch.events[2].service == "a-very-long-unit-name-beyond-fifteen")
        #expect(!batch.events[2].attributes.contains { $0.key == "_PID" })
        #expect(batch.events[2].attributes.filter { $0.key == "ORDER_ID" }.count == 2)
        #expect(batch.events[3].message == "")
        #expect(batch.events[4].message == "verbatim message")
        #expect(!batch.events.flatMap(\.attributes).contains { $0.key == "_TRANSPORT" || $0.key == "_CMDLINE" })
        #expect(batch.lastCursor == Self.cursor(Self.entries.count - 1))
    }

    @Test("the store holds a batch's entries exactly as it holds their events")
    func storedEntriesEqualStoredEvents() throws {
        let fromEntries = CorrelationFixture.store()
        let fromEvents = CorrelationFixture.store()
        let batch = Self.batch()
        fromEntries.insert(journal: batch)
        fromEvents.insert(logs: batch.events)
        #expect(fromEntries.logs(LogFilter()).logs == fromEvents.logs(LogFilter()).logs)
        #expect(fromEntries.logs(LogFilter()).logs.count == Self.entries.count)
        let trace = try #require(TraceID(hex: Self.trace))
        let view = try #require(fromEntries.trace(trace))
        #expect(view.traceLogs == (try #require(fromEvents.trace(trace))).traceLogs)
        #expect(Set(view.traceLogs.map(\.message)) == [#"a "quoted" word"#, "plain text", "verbatim message"])
        let (entries, events) = (fromEntries.statistics, fromEvents.statistics)
        #expect([entries.traces, entries.logs, entries.untracedLogs] == [events.traces, events.logs, events.untracedLogs])
    }

    static func event(_ fields: Fields, extractor: TraceContextExtractor) -> LogEvent {
        var batch = JournalBatch(source: "journal")
        Array("s=1;i=2".utf8).withUnsafeBytes { batch.beginEntry(cursor: $0) }
        for (key, value) in fields {
            (Array(key.utf8) + [UInt8(ascii: "=")] + value).withUnsafeBytes { batch.appendField($0) }
        }
        batch.endEntry(realtime: 5, observed: 6, extractor: extractor, unitServices: [:])
        return batch.events[0]
    }

    @Test("the rule's field names read only what an application set, whatever it names")
    func configuredNamesReadApplicationFieldsOnly() {
        let extractor = TraceContextExtractor(rules: [
            .journald(JournaldFields(traceID: ["TRACE_ID", "_BOOT_ID"], service: ["_SYSTEMD_UNIT", "SERVICE"], message: "MSG")),
            .json,
        ])
        let event = Self.event(
            [
                Self.field("_SYSTEMD_UNIT", "orders.service"), Self.field("SYSLOG_IDENTIFIER", "orders-api"),
                Self.field("_BOOT_ID", "0123456789abcdef0123456789abcdef"), Self.field("PRIORITY", "4"),
                Self.field("MSG", "hello"), Self.field("MESSAGE", "not the message"),
            ], extractor: extractor)
        #expect(event.traceID == nil)
        #expect(event.service == "orders")
        #expect(event.message == "hello")
        #expect(event.severity == .warn)
        #expect(event.timeUnixNano == 5000)
        #expect(event.attributes.map(\.key) == ["_SYSTEMD_UNIT", "SYSLOG_IDENTIFIER", "_BOOT_ID", "PRIORITY", "MSG"])
    }

    @Test("with parse_message off, a JSON message is text")
    func unparsedMessage() {
        let extractor = TraceContextExtractor(rules: [.journald(JournaldFields(parseMessage: false)), .json])
        let message = #"{"level":"error","trace_id":"\#(Self.trace)","msg":"m"}"#
        let event = Self.event(
            [Self.field("PRIORITY", "6"), Self.field("SYSLOG_IDENTIFIER", "api"), Self.field("MESSAGE", message)],
            extractor: extractor)
        #expect(event.traceID == nil)
        #expect(event.message == message)
        #expect(event.severity == .info)
        #expect(event.service == "api")
    }
}
