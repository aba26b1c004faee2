import Testing
import TraceLinkCore

/// Zipkin's shared spans: the client and the server half of one call carry one span id. Both are kept; the same
/// half again is a duplicate, whether it comes in the same batch, a later one, or a trace past the linear scan.
@Suite struct CorrelationStoreSharedSpanTests {
    static func half(_ trace: TraceID, _ id: UInt64, _ kind: SpanKind, service: String) -> Span {
        var span = CorrelationFixture.span(trace, id, parent: 1, service: service, name: "GET /pay")
        span.kind = kind
        return span
    }

    @Test("both halves of a shared span are held; a retried half is a duplicate", arguments: [0, 40])
    func sharedHalves(otherSpans: Int) throws {
        let metrics = SelfMetrics()
        let store = CorrelationFixture.store(metrics: metrics)
        let trace = CorrelationFixture.traceID(77)
        var first = [CorrelationFixture.span(trace, 1)]
        first += (0..<otherSpans).map { CorrelationFixture.span(trace, 1000 + UInt64($0), parent: 1) }
        store.insert(spans: first)
        let client = Self.half(trace, 9, .client, service: "orders")
        let server = Self.half(trace, 9, .server, service: "payments")
        store.insert(spans: [client])
        store.insert(spans: [server])
        store.insert(spans: [client, server])  // a retried export of both
        let view = try #require(store.trace(trace))
        let halves = view.spans.filter { $0.span.spanID == SpanID(9) }
        #expect(halves.map(\.span.kind).sorted { $0.rawValue < $1.rawValue } == [.server, .client])
        #expect(Set(halves.map(\.span.service)) == ["orders", "payments"])
        #expect(view.spans.count == 3 + otherSpans)
        var text = ""
        metrics.render(into: &text)
        #expect(exposedValue(text, "tracelink_store_duplicate_spans_total") == "2")
    }

    @Test("both halves in one batch are both kept")
    func sameBatch() throws {
        let store = CorrelationFixture.store()
        let trace = CorrelationFixture.traceID(78)
        store.insert(spans: [Self.half(trace, 9, .client, service: "orders"), Self.half(trace, 9, .server, service: "payments")])
        #expect(try #require(store.trace(trace)).spans.count == 2)
    }
}
