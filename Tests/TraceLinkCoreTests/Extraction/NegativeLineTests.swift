import Testing
import TraceLinkCore

/// Lines that look close to trace context but must yield none.
@Suite("Lines without valid trace context")
struct NegativeLineTests {
    static let t = ExtractionFixture.traceHex
    static let s = ExtractionFixture.spanHex

    static let lines: [String] = [
        "trace_id=\(String(t.dropLast())) span_id=\(s)",  // 31 hex digits
        "trace_id=\(t)0 span_id=\(s)",  // 33 hex digits
        "trace_id=00000000000000000000000000000000 span_id=\(s)",
        "trace_id=\(t)-extra",
        #"{"trace_id":"\#(t.dropLast())g","span_id":"\#(s)"}"#,
        #"{"trace_id":"\#(t)0"}"#,
        #"{"trace_id":null,"traceId":12345678901234567890123456789012}"#,
        #"{"trace":{"id":""},"span":{"id":"\#(s)"}}"#,
        #"{"user":{"trace_id":"\#(t)"}}"#,  // nested under an unrelated key
        #"{"items":[{"trace_id":"\#(t)"}]}"#,
        #"{"message":"trace_id is missing"}"#,
        "2024-01-15 10:23:45,123 INFO [app] [app.py:42] [trace_id=0 span_id=0 resource.service.name=checkout "
            + "trace_sampled=False] - no span",
        "dd.trace_id=0 dd.span_id=0",
        "dd.trace_id=18446744073709551616",  // one past UInt64.max
        "dd.trace_id=-12345",
        "traceparent: 00-\(t)ab-\(s)-01",  // inside a longer hex run
        "traceparent: 00-00000000000000000000000000000000-\(s)-01",
        "traceparent: 00-\(t)-0000000000000000-01",
        "traceparent: ff-\(t)-\(s)-01",
        "traceparent: 00-\(t)-\(s)-0",
        "id=a00-\(t)-\(s)-01",  // version glued to a longer run
        "sha256=\(t)\(t)",
        "GET /orders/\(t) 200",  // a bare id with no key is not trace context
        "commit \(t)-\(s)abc",
        "build 1\(t)-\(s)",
        "request_id=3f2b9f3d-8c1a-4e6b-9d0c-1a2b3c4d5e6f",
        "uber-trace-id: 0:0:0:1",
        "uber-trace-id: \(t)0:\(s):0:1",  // 33 digits
        "X-Amzn-Trace-Id: Root=1-5759e98-bd862e3fe1be46a994272793",
        "X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a9942727931",
        "b3: 0",
        "xb3: \(s)-\(s)-1",
        "X-B3-TraceId: 0000000000000000",
        "[opentelemetry trace_id=\"\(t.dropLast())\"]",
        "",
        "   ",
        "{}",
        "=",
        "trace_id=",
    ]

    @Test("yields no trace context", arguments: lines)
    func noContext(_ line: String) {
        let record = TraceContextExtractor.default.extract(line: line)
        #expect(record.traceID == nil)
        #expect(record.spanID == nil)
        #expect(record.traceFlags == nil)
    }

    @Test("a line without context still yields its structured fields")
    func fieldsWithoutContext() {
        let record = TraceContextExtractor.default.extract(
            line: #"{"level":"warn","msg":"cache miss","time":"2024-01-15T10:23:45.123Z","service":"cart"}"#)
        #expect(
            record
                == ExtractedRecord(
                    timeUnixNano: ExtractionFixture.time, severity: .warn, message: "cache miss", service: "cart"))
    }
}
