import Testing
import TraceLinkCore

@Suite("Extraction rules and their options")
struct ExtractionRuleTests {
    @Test("a regex that does not compile is refused with the compiler's reason")
    func invalidPattern() {
        #expect {
            _ = try ExtractionRule.regex("(?<trace_id>[0-9a-f")
        } throws: { error in
            guard let error = error as? ExtractionRuleError else { return false }
            return error.code == .invalidPattern && error.underlying != nil
                && error.message.contains("does not compile") && error.pattern == "(?<trace_id>[0-9a-f"
        }
    }

    @Test("a regex without a trace_id group is refused, naming the group")
    func missingGroup() {
        #expect {
            _ = try ExtractionRule.regex("(?<traceid>[0-9a-f]{32})")
        } throws: { error in
            guard let error = error as? ExtractionRuleError else { return false }
            return error.code == .missingTraceIDGroup && error.description.contains("trace_id")
        }
    }

    @Test("the first rule that yields an id wins; fields fill from earlier rules")
    func ruleOrder() {
        let line = #"{"level":"error","msg":"upstream traceparent: 00-\#(ExtractionFixture.traceHex)-\#(ExtractionFixture.spanHex)-01"}"#
        let record = TraceContextExtractor.default.extract(line: line)
        #expect(record.traceID == ExtractionFixture.trace)
        #expect(record.traceFlags == 1)
        #expect(record.severity == .error)
        #expect(record.message == "upstream traceparent: 00-\(ExtractionFixture.traceHex)-\(ExtractionFixture.spanHex)-01")
    }

    @Test("an earlier rule's id beats a later rule's")
    func earlierRuleWins() {
        let other = "11111111111111111111111111111111"
        let line = #"{"trace_id":"\#(ExtractionFixture.traceHex)","msg":"00-\#(other)-\#(ExtractionFixture.spanHex)-01"}"#
        #expect(TraceContextExtractor.default.extract(line: line).traceID == ExtractionFixture.trace)
        let headersFirst = TraceContextExtractor(rules: [.headers, .json])
        #expect(headersFirst.extract(line: line).traceID == TraceID(hex: other))
    }

    @Test("within a role, earlier keys win whatever their order in the line")
    func keyPriority() {
        let low = "1234567890123456789"
        let line = #"{"dd.trace_id":"\#(low)","trace_id":"\#(ExtractionFixture.traceHex)","traceId":"11111111111111111111111111111111"}"#
        #expect(TraceContextExtractor.default.extract(line: line).traceID == ExtractionFixture.trace)
    }

    @Test("configured keys replace the defaults")
    func customKeys() {
        let keys = FieldKeys(traceID: ["tid"], spanID: ["sid"], severity: ["sev"], message: ["text"])
        let extractor = TraceContextExtractor(rules: [.json(keys), .logfmt(keys)])
        let json = extractor.extract(
            line: #"{"trace_id":"\#(ExtractionFixture.traceHex)","tid":"\#(ExtractionFixture.traceHex)","sid":"\#(ExtractionFixture.spanHex)","sev":"W","text":"x"}"#)
        #expect(json.traceID == ExtractionFixture.trace)
        #expect(json.spanID == ExtractionFixture.span)
        #expect(json.severity == .warn)
        #expect(json.message == "x")
        #expect(extractor.extract(line: "trace_id=\(ExtractionFixture.traceHex)").traceID == nil)
        #expect(extractor.extract(line: "tid=\(ExtractionFixture.traceHex) sid=\(ExtractionFixture.spanHex)").spanID == ExtractionFixture.span)
    }

    @Test("a deeper configured path matches nested objects and dotted keys alike")
    func nestedCustomPath() {
        let keys = FieldKeys(traceID: ["context.otel.trace_id"])
        let extractor = TraceContextExtractor(rules: [.json(keys)])
        let nested = #"{"context":{"user":"x","otel":{"trace_id":"\#(ExtractionFixture.traceHex)"}}}"#
        let mixed = #"{"context":{"otel.trace_id":"\#(ExtractionFixture.traceHex)"}}"#
        let dotted = #"{"context.otel":{"trace_id":"\#(ExtractionFixture.traceHex)"}}"#
        for line in [nested, mixed, dotted] {
            #expect(extractor.extract(line: line).traceID == ExtractionFixture.trace, "\(line)")
        }
    }

    @Test("header formats can be chosen and ordered")
    func headerFormats() {
        let line = "b3: \(ExtractionFixture.traceHex)-\(ExtractionFixture.spanHex)-1 traceparent: 00-11111111111111111111111111111111-\(ExtractionFixture.spanHex)-01"
        #expect(TraceContextExtractor(rules: [.headers([.b3, .traceparent])]).extract(line: line).traceID == ExtractionFixture.trace)
        #expect(
            TraceContextExtractor(rules: [.headers([.traceparent, .b3])]).extract(line: line).traceID
                == TraceID(hex: "11111111111111111111111111111111"))
        #expect(TraceContextExtractor(rules: [.headers([.xray])]).extract(line: line).traceID == nil)
        #expect(HeaderFormat(rawValue: "uber-trace-id") == .uberTraceID)
        #expect(HeaderFormat.allCases.map(\.rawValue) == [
            "traceparent", "b3", "x-b3", "uber-trace-id", "xray", "rfc5424", "trace-span-pair",
        ])
    }

    @Test("fields left out are not extracted")
    func traceContextOnly() {
        let extractor = TraceContextExtractor(rules: ExtractionRule.defaults, fields: .traceContextOnly)
        let record = extractor.extract(
            line: #"{"level":"warn","msg":"m","time":1705314225,"service":"s","trace_id":"\#(ExtractionFixture.traceHex)"}"#)
        #expect(record == ExtractedRecord(traceID: ExtractionFixture.trace))
    }

    @Test("rules describe themselves for config echo")
    func descriptions() throws {
        #expect(ExtractionRule.json.type == "json")
        #expect(try ExtractionRule.regex("(?<trace_id>x)").description == "regex((?<trace_id>x))")
        #expect(ExtractionRule.headers([.b3, .xray]).description == "headers(b3, xray)")
        #expect(ExtractionRule.defaults.map(\.type) == ["journald", "json", "logfmt", "headers"])
    }
}
