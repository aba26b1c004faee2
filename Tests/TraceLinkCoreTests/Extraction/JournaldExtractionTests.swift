import Testing
import TraceLinkCore

/// Journal entries as `journalctl -o export` prints them, read back into fields.
@Suite("Journald entries")
struct JournaldExtractionTests {
    /// Parses the text fields of one journal export entry (binary fields are not used here).
    static func fields(_ export: String) -> [(key: String, value: [UInt8])] {
        export.split(separator: "\n").compactMap { line in
            guard let equals = line.firstIndex(of: "=") else { return nil }
            return (String(line[..<equals]), Array(line[line.index(after: equals)...].utf8))
        }
    }

    static let nativeFields = """
        __CURSOR=s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece8;b=6c7c6013a8b34d3497bbb7c4b5e0a1e2;m=1ac2a3c0b2;t=60f0f2c6a7f1b;x=3d2b7c4a
        __REALTIME_TIMESTAMP=1705314225123456
        __MONOTONIC_TIMESTAMP=114882076850
        _BOOT_ID=6c7c6013a8b34d3497bbb7c4b5e0a1e2
        PRIORITY=3
        _UID=1000
        _SYSTEMD_UNIT=checkout.service
        SYSLOG_IDENTIFIER=checkout
        CODE_FILE=orders.c
        TRACE_ID=\(ExtractionFixture.traceHex)
        SPAN_ID=\(ExtractionFixture.spanHex)
        MESSAGE=payment failed
        _PID=4242
        _SOURCE_REALTIME_TIMESTAMP=1705314225123000
        """

    @Test("native TRACE_ID, SPAN_ID, PRIORITY, timestamps and identifier")
    func nativeFieldsEntry() {
        let record = TraceContextExtractor.default.extract(fields: Self.fields(Self.nativeFields))
        #expect(
            record
                == ExtractedRecord(
                    traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, timeUnixNano: ExtractionFixture.time, severity: .error,
                    message: "payment failed", service: "checkout"))
    }

    @Test("a JSON MESSAGE from stdout: its fields win over PRIORITY and the identifier")
    func jsonMessage() {
        let export = """
            __REALTIME_TIMESTAMP=1705314226000000
            PRIORITY=6
            SYSLOG_IDENTIFIER=python3
            MESSAGE={"time":"2024-01-15T10:23:45.123Z","level":"WARNING","message":"slow","service":"checkout","trace_id":"\(ExtractionFixture.traceHex)","span_id":"\(ExtractionFixture.spanHex)"}
            """
        let record = TraceContextExtractor.default.extract(fields: Self.fields(export))
        #expect(
            record
                == ExtractedRecord(
                    traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, timeUnixNano: ExtractionFixture.time, severity: .warn,
                    message: "slow", service: "checkout"))
    }

    @Test("a logfmt MESSAGE with trace context, no native ids")
    func logfmtMessage() {
        let export = """
            __REALTIME_TIMESTAMP=1705314225123000
            PRIORITY=6
            SYSLOG_IDENTIFIER=api
            MESSAGE=level=info msg=ok trace_id=\(ExtractionFixture.traceHex) span_id=\(ExtractionFixture.spanHex)
            """
        let record = TraceContextExtractor.default.extract(fields: Self.fields(export))
        #expect(record.traceID == ExtractionFixture.trace)
        #expect(record.spanID == ExtractionFixture.span)
        #expect(record.severity == .info)
        #expect(record.message == "ok")
        #expect(record.service == "api")
        #expect(record.timeUnixNano == ExtractionFixture.time)
    }

    @Test("configured field names; the native ids win over the message's")
    func configuredNames() {
        let names = JournaldFields(traceID: ["OTEL_TRACE_ID"], spanID: ["OTEL_SPAN_ID"], service: ["_SYSTEMD_UNIT"])
        let extractor = TraceContextExtractor(rules: [.journald(names), .logfmt])
        let entry: [String: [UInt8]] = [
            "OTEL_TRACE_ID": Array(ExtractionFixture.traceHex.utf8),
            "OTEL_SPAN_ID": Array(ExtractionFixture.spanHex.utf8),
            "TRACE_ID": Array("11111111111111111111111111111111".utf8),
            "_SYSTEMD_UNIT": Array("checkout.service".utf8),
            "MESSAGE": Array("trace_id=22222222222222222222222222222222 msg=hello".utf8),
            "PRIORITY": Array("4".utf8),
        ]
        let record = extractor.extract(fields: entry)
        #expect(record.traceID == ExtractionFixture.trace)
        #expect(record.spanID == ExtractionFixture.span)
        #expect(record.service == "checkout.service")
        #expect(record.severity == .warn)
        #expect(record.message == "hello")
    }

    @Test("an invalid TRACE_ID falls through to the message; a plain message is the message")
    func invalidNativeID() {
        let record = TraceContextExtractor.default.extract(fields: [
            "TRACE_ID": "00000000000000000000000000000000",
            "MESSAGE": "GET /x traceparent=00-\(ExtractionFixture.traceHex)-\(ExtractionFixture.spanHex)-01",
            "PRIORITY": "9",
        ])
        #expect(record.traceID == ExtractionFixture.trace)
        #expect(record.traceFlags == 1)
        #expect(record.severity == nil)
        #expect(record.message == "GET /x traceparent=00-\(ExtractionFixture.traceHex)-\(ExtractionFixture.spanHex)-01")
    }

    @Test("journald rules do nothing for lines")
    func journaldOnLines() {
        let extractor = TraceContextExtractor(rules: [.journald])
        #expect(extractor.extract(line: "TRACE_ID=\(ExtractionFixture.traceHex)") == ExtractedRecord())
    }
}
