import Testing
import TraceLinkCore

@Suite("CorrelationStore at scale")
struct CorrelationStoreScaleTests {
    @Test("a trace of 10k spans and 100k logs, logs first, in batches")
    func bigTrace() throws {
        let store = CorrelationFixture.store()
        let trace = CorrelationFixture.traceID(1)
        let spans: [Span] = (1...10_000).map { (n: Int) -> Span in
            let parent: UInt64? = n == 1 ? nil : UInt64(n / 2)
            return CorrelationFixture.span(trace, UInt64(n), parent: parent, name: "op \(n)", start: UInt64(n) * 10)
        }
        for chunk in stride(from: 0, to: 100_000, by: 1_000) {
            store.insert(
                logs: (chunk..<chunk + 1_000).map { n in
                    CorrelationFixture.log(trace, span: UInt64(n % 10_000 + 1), at: UInt64(n), message: "log \(n)")
                })
        }
        for chunk in stride(from: 0, to: 10_000, by: 500) {
            store.insert(spans: Array(spans[chunk..<chunk + 500]))
        }
        let view = try #require(store.trace(trace))
        #expect(view.spans.count == 10_000)
        #expect(view.rootIndices == [0])
        #expect(view.spans.map(\.logs.count).reduce(0, +) == 100_000)
        #expect(view.spans.allSatisfy { $0.logs.count == 10 })
        #expect(view.spans.map(\.depth).max() == 13)
        let first = try #require(view.spans.first { $0.span.spanID == SpanID(1) })
        let expected: [String] = (0..<10).map { (n: Int) -> String in "log \(n * 10_000)" }
        #expect(first.logs.map(\.message) == expected)
        #expect(store.resolve(trace) == TraceResolution(traceID: trace, spanCount: 10_000, logCount: 100_000))
        var text = ""
        store.render(into: &text)
        #expect(exposedValue(text, #"tracelink_log_records_joined_total{source="app-logs"}"#) == "100000")
    }

    @Test("several tasks inserting spans and logs at once lose nothing")
    func concurrentInserts() async {
        let store = CorrelationFixture.store()
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for round in 0..<50 {
                        let base = UInt64(worker * 1_000 + round * 10)
                        let ids = (0..<10).map { CorrelationFixture.traceID(base + UInt64($0) + 1) }
                        if worker % 2 == 0 {
                            store.insert(
                                logs: ids.flatMap { id in
                                    (0..<5).map { CorrelationFixture.log(id, span: 1, at: UInt64($0)) }
                                })
                            store.insert(spans: ids.map { CorrelationFixture.span($0, 1) })
                        } else {
                            store.insert(spans: ids.map { CorrelationFixture.span($0, 1) })
                            store.insert(
                                logs: ids.flatMap { id in
                                    (0..<5).map { CorrelationFixture.log(id, span: 1, at: UInt64($0)) }
                                })
                        }
                        _ = store.traces(TraceFilter(limit: 5))
                    }
                }
            }
        }
        let held = store.statistics
        #expect(held.traces == 4_000 && held.spans == 4_000 && held.logs == 20_000)
        var text = ""
        store.render(into: &text)
        #expect(exposedValue(text, #"tracelink_log_records_joined_total{source="app-logs"}"#) == "20000")
        #expect(
            exposedValue(text, #"tracelink_span_error_logs_total{service_name="checkout",span_name="GET /orders"}"#)
                == nil)
    }
}
