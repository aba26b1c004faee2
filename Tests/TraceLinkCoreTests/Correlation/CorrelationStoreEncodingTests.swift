import Testing
import TraceLinkCore

@Suite("CorrelationStore keeps items exactly")
struct CorrelationStoreEncodingTests {
    @Test("a span with every field comes back equal")
    func spanRoundTrip() throws {
        let store = CorrelationFixture.store()
        let trace = TraceID(high: .max, low: .max)!
        let span = Span(
            traceID: trace, spanID: SpanID(.max)!, parentSpanID: SpanID(1), service: "a service name longer than 15",
            name: "ünïcödé span ✓", kind: .consumer, startUnixNano: .max - 10, endUnixNano: 5, status: .error,
            statusMessage: "boom",
            attributes: [
                Attribute(key: "s", value: .string("")), Attribute(key: "t", value: .bool(true)),
                Attribute(key: "f", value: .bool(false)), Attribute(key: "i", value: .int(.min)),
                Attribute(key: "d", value: .double(-0.5)), Attribute(key: "a", value: .array([.int(1), .string("2")])),
                Attribute(key: "m", value: .map([Attribute(key: "k", value: .array([]))])),
                Attribute(key: "b", value: .bytes([0, 255, 7])),
            ],
            events: [
                SpanEvent(
                    name: "exception", timeUnixNano: 3,
                    attributes: [Attribute(key: "exception.stacktrace", value: .string("line 1\nline 2"))]),
                SpanEvent(name: "empty", timeUnixNano: .max),
            ],
            links: [
                SpanLink(
                    traceID: TraceID(high: 1, low: 2), spanID: SpanID(3), traceState: "a=b",
                    attributes: [Attribute(key: "l", value: .bool(true))], flags: 0x301)
            ],
            traceState: "vendor=value", flags: 0x101,
            resourceAttributes: [
                Attribute(key: "service.name", value: .string("a service name longer than 15")),
                Attribute(key: "host.name", value: .string("h")),
            ],
            scope: InstrumentationScope(name: "lib", version: "1.0", attributes: [Attribute(key: "x", value: .int(1))]))
        store.insert(spans: [span])
        #expect(try #require(store.trace(trace)).spans.map(\.span) == [span])
    }

    @Test(
        "a log with every field comes back equal",
        arguments: [
            LogLocation.file(path: "/var/log/a.log", offset: .max), .journal(cursor: "s=abc;i=1f;b=0;m=1;t=2;x=3"),
            .otlp,
        ])
    func logRoundTrip(location: LogLocation) throws {
        let store = CorrelationFixture.store()
        let trace = TraceID(low64: 42)!
        let log = LogEvent(
            timeUnixNano: 10, observedUnixNano: 5, severity: Severity(number: 23), message: "multi\nline ✓",
            service: nil, traceID: trace, spanID: SpanID(7), traceFlags: 1, source: "journal", location: location,
            attributes: [Attribute(key: "order.id", value: .int(123))],
            record: #"{"msg":"multi\nline ✓","order_id":"ord-77"}"#)
        store.insert(logs: [log])
        let view = try #require(store.trace(trace))
        #expect(view.traceLogs.map(\.event) == [log])
        #expect(store.logs(LogFilter()).logs.map(\.event) == [log])
    }

    @Test("untraced logs come back equal")
    func untracedRoundTrip() {
        let store = CorrelationFixture.store()
        let log = LogEvent(
            timeUnixNano: 10, observedUnixNano: 11, severity: .warn, message: "no trace here", service: "svc",
            source: "files", location: .file(path: "/var/log/svc.log", offset: 99),
            attributes: [Attribute(key: "k", value: .double(1.5))])
        store.insert(logs: [log])
        #expect(store.logs(LogFilter(service: "svc")).logs.map(\.event) == [log])
    }

    @Test("past the string table's capacity, names are stored inline and still come back")
    func stringTableFull() throws {
        let store = CorrelationFixture.store()
        let trace = CorrelationFixture.traceID(1)
        let spans = (1...20_000).map { CorrelationFixture.span(trace, UInt64($0), name: "span \($0)") }
        for chunk in stride(from: 0, to: spans.count, by: 1_000) {
            store.insert(spans: Array(spans[chunk..<chunk + 1_000]))
        }
        let view = try #require(store.trace(trace))
        #expect(Set(view.spans.map(\.span.name)) == Set(spans.map(\.name)))
        #expect(store.traces(TraceFilter(spanName: "span 19999")).count == 1)
        #expect(store.search(attribute: "missing.key", value: "x").isEmpty)
    }
}
