import Testing

@testable import TraceLinkCore

/// A file's lines travel as a `LineBatch` (bytes and a fixed entry each); what a user sees of a line must be what
/// the same line gives as a `LogEvent` built from the extractor's decoded record.
@Suite("LineBatch: a file's lines as read")
struct LineBatchTests {
    static let trace = "4bf92f3577b34da6a3ce929d0e0e4736"
    static let lines: [[UInt8]] = [
        Array(#"{"time":"2026-11-25T06:10:00.123456Z","level":"error","service":"checkout","trace_id":"\#(trace)","span_id":"00f067aa0ba902b7","msg":"request failed"}"#.utf8),
        Array(#"{"level":"info","trace_id":"\#(trace)","span_id":"00f067aa0ba902b8","msg":"line one\nline \"two\" ✓"}"#.utf8),
        Array(#"ts=2026-11-25T06:10:01Z level=warn service=cart trace_id=\#(trace) msg="slow query""#.utf8),
        Array("2026-11-25 06:10:02 ERROR [worker] traceparent=00-\(trace)-00f067aa0ba902b9-01 boom".utf8),
        Array(#"{"trace_id":"\#(trace)","msg":"bad "#.utf8) + [0xFF] + Array(#" byte"}"#.utf8),
        Array(#"{"dd.trace_id":"12345","dd.span_id":"67","message":"a 64-bit id","service":"checkout"}"#.utf8),
        Array("a line without any id at all".utf8),
        Array(#"{"service":"a service name longer than fifteen","trace_id":"\#(trace)","msg":"x"}"#.utf8),
    ]

    static func batch(service: String? = "from-path") -> LineBatch {
        var batch = LineBatch(source: "app", path: "/var/log/app.log")
        for (index, line) in lines.enumerated() {
            _ = line.withUnsafeBytes {
                batch.append(
                    $0, offset: UInt64(index * 1000), truncated: index == 2, observed: 99, service: service,
                    extractor: .default)
            }
        }
        return batch
    }

    /// The event a line is: its decoded record, the whole line kept beside a message field.
    static func expectedEvent(_ line: [UInt8], index: Int, service: String?) -> LogEvent {
        let record = line.withUnsafeBytes { TraceContextExtractor.default.extract(line: $0) }
        let text = String(decoding: line, as: UTF8.self)
        return LogEvent(
            timeUnixNano: record.timeUnixNano ?? 99, observedUnixNano: 99, severity: record.severity ?? .unspecified,
            message: record.message ?? text, service: record.service ?? service, traceID: record.traceID,
            spanID: record.spanID, traceFlags: record.traceFlags, source: "app",
            location: .file(path: "/var/log/app.log", offset: UInt64(index * 1000)),
            attributes: index == 2 ? [LineBatch.truncatedAttribute] : [], record: record.message == nil ? nil : text)
    }

    @Test("each line's event is the one its decoded record gives", arguments: [nil, "from-path"])
    func eventsMatchTheDecodedRecords(service: String?) {
        let batch = Self.batch(service: service)
        let expected = Self.lines.enumerated().map { Self.expectedEvent($1, index: $0, service: service) }
        #expect(batch.events == expected)
        #expect(batch.events[1].message == "line one\nline \"two\" ✓")
        #expect(batch.events[4].message == "bad \u{FFFD} byte")
        #expect(batch.events[0].fields.contains(Attribute(key: "service", value: .string("checkout"))))
    }

    @Test("the store holds a batch's lines exactly as it holds their events")
    func storedLinesEqualStoredEvents() throws {
        let fromLines = CorrelationFixture.store()
        let fromEvents = CorrelationFixture.store()
        let batch = Self.batch()
        fromLines.insert(lines: batch)
        fromEvents.insert(logs: batch.events)
        #expect(fromLines.logs(LogFilter()).logs == fromEvents.logs(LogFilter()).logs)
        #expect(fromLines.logs(LogFilter()).logs.count == Self.lines.count)
        let trace = try #require(TraceID(hex: Self.trace))
        let view = try #require(fromLines.trace(trace))
        #expect(view.traceLogs == (try #require(fromEvents.trace(trace))).traceLogs)
        #expect(view.traceLogs.map(\.message).contains("request failed"))
        // Counts, not bytes: the bytes include arrays' capacities, which the allocator rounds as it pleases.
        let (lines, events) = (fromLines.statistics, fromEvents.statistics)
        #expect([lines.traces, lines.spans, lines.logs, lines.untracedLogs] == [events.traces, events.spans, events.logs, events.untracedLogs])
        #expect(fromLines.instrumentationShares() == fromEvents.instrumentationShares())
    }

    @Test("only invalid UTF-8 is reported, and kept repaired")
    func utf8() {
        var batch = LineBatch(source: "s", path: "p")
        let valid = Array("plain ASCII, then ünïcödé ✓ and 𝄞".utf8)
        let invalid: [UInt8] = Array("cut ".utf8) + [0xE2, 0x9C] + Array(" here and \u{7F} ".utf8) + [0xC0, 0xAF]
        #expect(valid.withUnsafeBytes { batch.append($0, offset: 0, truncated: false, observed: 1, service: nil, extractor: .default) })
        #expect(!invalid.withUnsafeBytes { batch.append($0, offset: 1, truncated: false, observed: 1, service: nil, extractor: .default) })
        #expect(batch.events.map(\.message) == [String(decoding: valid, as: UTF8.self), String(decoding: invalid, as: UTF8.self)])
    }

    @Test("services are found by their bytes across batches, and a stream of new ones does not pile up")
    func servicesAcrossBatches() {
        var batch = LineBatch(source: "s", path: "p")
        func append(_ service: String) {
            let line = Array(#"{"service":"\#(service)","msg":"m"}"#.utf8)
            _ = line.withUnsafeBytes {
                batch.append($0, offset: 0, truncated: false, observed: 1, service: "from-path", extractor: .default)
            }
        }
        // Named in the line, the source's, and a prefix of a known one: each its own, each once.
        for service in ["checkout", "cart", "checkout", "check", ""] { append(service) }
        _ = Array("no service here".utf8).withUnsafeBytes {
            batch.append($0, offset: 0, truncated: false, observed: 1, service: "from-path", extractor: .default)
        }
        #expect(batch.events.map(\.service) == ["checkout", "cart", "checkout", "check", "from-path", "from-path"])
        #expect(batch.services == ["checkout", "cart", "check", "from-path"])
        // Kept from batch to batch while few.
        batch.removeAll()
        append("cart")
        #expect(batch.services == ["checkout", "cart", "check", "from-path"])
        // A new service on every line: dropped with the batch once past the bound.
        batch.removeAll()
        for index in 0...BatchServices.maximumKept { append("service-\(index)") }
        #expect(batch.events.map(\.service) == (0...BatchServices.maximumKept).map { "service-\($0)" })
        batch.removeAll()
        append("cart")
        #expect(batch.services == ["cart"])
        #expect(batch.events.map(\.service) == ["cart"])
        // A few services of many bytes: dropped too.
        let long = String(repeating: "s", count: BatchServices.maximumKeptBytes / 2)
        for index in 0..<3 { append("\(index)\(long)") }
        batch.removeAll()
        append("cart")
        #expect(batch.services == ["cart"])
    }

    @Test("a message is decoded wherever its escape falls, and kept as read when the line has none before its end")
    func escapesInLaterBlocks() {
        let plain = String(repeating: "p", count: 70)
        let cases: [(line: String, message: String)] = [
            // The escape in the second and in the third 64-byte block, behind plain strings.
            (#"{"note":"\#(plain)","msg":"two\nlines"}"#, "two\nlines"),
            (#"{"note":"\#(plain)\#(plain)","msg":"say \"hi\""}"#, "say \"hi\""),
            // A backslash only after the message: the message is its own bytes.
            (#"{"msg":"as read","note":"\#(plain)\\"}"#, "as read"),
            // A backslash before the message, in an earlier string.
            (#"{"note":"a\\b\#(plain)","msg":"plain after"}"#, "plain after"),
        ]
        var batch = LineBatch(source: "s", path: "p")
        for (line, _) in cases {
            _ = Array(line.utf8).withUnsafeBytes {
                batch.append($0, offset: 0, truncated: false, observed: 1, service: nil, extractor: .default)
            }
        }
        #expect(batch.events.map(\.message) == cases.map(\.message))
    }
}
