import Testing
import TraceLinkCore

/// The store keeps a shard's logs back to back in chunks freed a whole chunk at a time (a 4 MiB store has 16 KiB
/// chunks, about sixty of these lines each).
@Suite("CorrelationStore log chunks")
struct CorrelationStoreItemArenaTests {
    static let padding = String(repeating: "p", count: 200)

    @Test("a trace's logs read back in order when they sit in many chunks among other traces' logs")
    func logsAcrossChunks() throws {
        let store = CorrelationFixture.store(budget: 4 << 20)
        let kept = CorrelationFixture.traceID(1)
        for round in 0..<20 {
            store.insert(logs: [
                CorrelationFixture.log(kept, at: UInt64(round), message: "kept \(round) \(Self.padding)")
            ])
            // Enough other traces between two of its logs to fill several chunks of every shard.
            store.insert(
                logs: (0..<400).map {
                    CorrelationFixture.log(
                        CorrelationFixture.traceID(1000 + UInt64(round * 400 + $0)), at: UInt64(round),
                        message: "other \(Self.padding)")
                })
        }
        let view = try #require(store.trace(kept))
        #expect(view.traceLogs.map(\.event.message) == (0..<20).map { "kept \($0) \(Self.padding)" })
        let page = store.logs(LogFilter(traceID: kept, limit: 100))
        #expect(page.logs.count == 20)
        #expect(store.statistics.logs == 20 + 20 * 400)
    }

    @Test("a line longer than a chunk gets a chunk of its own")
    func lineLongerThanChunk() throws {
        let store = CorrelationFixture.store(budget: 4 << 20)
        let trace = CorrelationFixture.traceID(7)
        let long = String(repeating: "x", count: 20_000)
        store.insert(logs: [
            CorrelationFixture.log(trace, at: 1, message: "before"),
            CorrelationFixture.log(trace, at: 2, message: long),
            CorrelationFixture.log(trace, at: 3, message: "after"),
        ])
        let view = try #require(store.trace(trace))
        #expect(view.traceLogs.map(\.event.message) == ["before", long, "after"])
    }

    @Test("chunks are freed once their traces have gone: an emptied store holds almost nothing")
    func chunksFreedWithTheirTraces() {
        let clock = SteppedMonotonicClock()
        let store = CorrelationFixture.store(budget: 4 << 20, maxAge: .seconds(60), clock: clock)
        for batch in 0..<10 {
            store.insert(
                logs: (0..<100).map {
                    CorrelationFixture.log(
                        CorrelationFixture.traceID(UInt64(batch * 100 + $0 + 1)), message: Self.padding)
                })
        }
        let full = store.statistics
        #expect(full.logs == 1000)
        #expect(full.bytes > 1000 * 200)
        clock.advance(by: .seconds(61))
        store.evictExpired()
        let emptied = store.statistics
        #expect(emptied.traces == 0)
        // What stays is the shards' interned strings, not the logs' chunks.
        #expect(emptied.bytes < full.bytes / 20)
    }

    @Test("a trace that keeps logging while newer traces come and go keeps the store within its budget")
    func longTraceAmongShortOnes() throws {
        let budget = 4 << 20
        let store = CorrelationFixture.store(budget: budget)
        let long = CorrelationFixture.traceID(1)
        var next: UInt64 = 2
        for round in 0..<400 {
            store.insert(logs: [CorrelationFixture.log(long, at: UInt64(round), message: "long \(Self.padding)")])
            store.insert(
                logs: (0..<50).map { _ in
                    defer { next += 1 }
                    return CorrelationFixture.log(CorrelationFixture.traceID(next), message: Self.padding)
                })
            #expect(store.statistics.bytes <= budget)
        }
        #expect(store.trace(CorrelationFixture.traceID(next - 1)) != nil)
    }

    @Test("a log larger than its chunk was sized for takes one larger chunk, not a trail of empty ones")
    func logLargerThanItsEstimate() throws {
        let store = CorrelationFixture.store(budget: 4 << 20)
        // Attributes are sized at a guess: this one is far past it, and past the 16 KiB chunk.
        let blob = String(repeating: "a", count: 20_000)
        let trace = CorrelationFixture.traceID(3)
        store.insert(logs: [
            CorrelationFixture.log(trace, attributes: [Attribute(key: "blob", value: .string(blob))])
        ])
        let view = try #require(store.trace(trace))
        #expect(view.traceLogs.first?.event.attributes.first?.value == .string(blob))
        // One 32 KiB chunk holds it (16 KiB was too small and is gone), with the entry's overhead.
        #expect(store.statistics.bytes < 40_000)
    }
}

/// Spans live in the same chunks as logs: each request's spans of a trace as one run.
@Suite("CorrelationStore span runs")
struct CorrelationStoreSpanRunTests {
    static let padding = [Attribute(key: "padding", value: .string(String(repeating: "p", count: 300)))]

    @Test("a trace whose spans come one request at a time among other traces' spans reads back whole")
    func spansAcrossRequestsAndChunks() throws {
        let metrics = SelfMetrics()
        let store = CorrelationFixture.store(budget: 4 << 20, metrics: metrics)
        let kept = CorrelationFixture.traceID(1)
        for round in 0..<24 {
            // One span of the kept trace per request, then enough spans of other traces to fill chunks between them.
            store.insert(spans: [
                CorrelationFixture.span(
                    kept, UInt64(100 + round), parent: round == 0 ? nil : 100, name: "step \(round)",
                    start: UInt64(round) * 1000)
            ])
            store.insert(
                spans: (0..<160).map {
                    CorrelationFixture.span(
                        CorrelationFixture.traceID(1000 + UInt64(round * 160 + $0)), 7, attributes: Self.padding)
                })
        }
        // A resent span is a duplicate whichever request's run holds the first copy; past 16 spans, by the index.
        store.insert(spans: [CorrelationFixture.span(kept, 103, parent: 100, name: "step 3", start: 3000)])
        var text = ""
        metrics.render(into: &text)
        #expect(exposedValue(text, "tracelink_store_duplicate_spans_total") == "1")
        // A log of an early span joins it.
        store.insert(logs: [CorrelationFixture.log(kept, span: 105, message: "joined")])

        let view = try #require(store.trace(kept))
        #expect(view.spans.count == 24)
        #expect(Set(view.spans.map(\.span.name)) == Set((0..<24).map { "step \($0)" }))
        #expect(view.summary.rootSpanName == "step 0")
        let joined = try #require(view.spans.first { $0.span.name == "step 5" })
        #expect(joined.logs.map(\.event.message) == ["joined"])
        #expect(store.traces(TraceFilter(spanName: "step 17")).map(\.traceID) == [kept])
        let request = try #require(store.exportRequest(for: kept))
        #expect(try request.withUnsafeBytes { try SpanBatch(request: $0) }.spans.count == 24)
    }
}
