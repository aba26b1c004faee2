import Testing
import TraceLinkCore

@Suite("Severity normalisation")
struct SeverityNormalizationTests {
    static let words: [(String, UInt8)] = [
        ("TRACE", 1), ("trace", 1), ("Verbose", 1), ("finest", 1), ("DEBUG", 5), ("dbg", 5), ("fine", 6),
        ("config", 7), ("INFO", 9), ("info", 9), ("Information", 9), ("informational", 9), ("I", 9),
        ("notice", 10), ("WARN", 13), ("Warning", 13), ("wrn", 13), ("ERROR", 17), ("err", 17), ("eror", 17),
        ("SEVERE", 17), ("crit", 18), ("alert", 19), ("FATAL", 21), ("CRITICAL", 21), ("panic", 21),
        ("dpanic", 21), ("emerg", 21), ("INFO2", 10), ("ERROR3", 19), ("FATAL4", 24), (" warn ", 13),
        ("30", 9), ("50", 17), ("3", 17),
    ]

    @Test("level words and numbers in any case", arguments: words)
    func word(_ text: String, _ number: UInt8) {
        #expect(Severity(text: text) == Severity(number: number))
    }

    @Test("unknown words", arguments: ["", "loud", "INFO5", "warn2x", "99", "information!", "12345678901234"])
    func unknown(_ text: String) {
        #expect(Severity(text: text) == nil)
    }

    @Test("journald PRIORITY 0–7", arguments: zip(0...7, [21, 19, 18, 17, 13, 10, 9, 5] as [UInt8]))
    func priority(_ priority: Int, _ number: UInt8) {
        #expect(Severity(syslogPriority: priority) == Severity(number: number))
    }

    @Test("pino and bunyan numbers", arguments: zip([10, 20, 30, 40, 50, 60], [1, 5, 9, 13, 17, 21] as [UInt8]))
    func pino(_ level: Int, _ number: UInt8) {
        #expect(Severity(levelNumber: level) == Severity(number: number))
    }
}

@Suite("Timestamps in lines")
struct TimestampTests {
    static let forms: [(String, UInt64)] = [
        ("2024-01-15T10:23:45.123Z", ExtractionFixture.time),
        ("2024-01-15T10:23:45.123+00:00", ExtractionFixture.time),
        ("2024-01-15T12:23:45.123+02:00", ExtractionFixture.time),
        ("2024-01-15T05:23:45.123-0500", ExtractionFixture.time),
        ("2024-01-15 10:23:45,123", ExtractionFixture.time),
        ("2024-01-15t10:23:45.123z", ExtractionFixture.time),
        ("2024/01/15 10:23:45.123", ExtractionFixture.time),
        ("2024-01-15T10:23:45.123456789Z", 1_705_314_225_123_456_789),
        ("2024-01-15T10:23:45Z", 1_705_314_225_000_000_000),
        ("2024-02-29T00:00:00Z", 1_709_164_800_000_000_000),
        ("1705314225.123", ExtractionFixture.time),
        ("1705314225123", ExtractionFixture.time),
        ("1705314225123000", ExtractionFixture.time),
        ("1705314225123000000", ExtractionFixture.time),
        ("1705314225", 1_705_314_225_000_000_000),
    ]

    @Test("RFC 3339 and epoch forms", arguments: forms)
    func parses(_ text: String, _ expected: UInt64) {
        let line = #"{"ts":"\#(text)","trace_id":"\#(ExtractionFixture.traceHex)"}"#
        #expect(TraceContextExtractor.default.extract(line: line).timeUnixNano == expected)
    }

    @Test(
        "not times",
        arguments: [
            "2024-13-15T10:23:45Z", "2023-02-29T10:23:45Z", "2024-01-15T24:00:00Z", "1969-12-31T23:59:59Z",
            "yesterday", "0", "12345678901234567890123", "2024-01-15", "2024-01-15T10:23:45.Z", "-5",
        ])
    func rejects(_ text: String) {
        let line = #"{"time":"\#(text)"}"#
        #expect(TraceContextExtractor.default.extract(line: line).timeUnixNano == nil)
    }

    @Test("JSON numbers as epoch")
    func numbers() {
        #expect(TraceContextExtractor.default.extract(line: #"{"time":1705314225123}"#).timeUnixNano == ExtractionFixture.time)
        #expect(TraceContextExtractor.default.extract(line: "ts=1705314225.123 msg=x").timeUnixNano == ExtractionFixture.time)
    }
}
