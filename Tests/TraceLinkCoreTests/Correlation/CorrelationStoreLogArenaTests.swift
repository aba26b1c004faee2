import Testing
import TraceLinkCore

/// The store keeps a shard's logs back to back in chunks freed a whole chunk at a time (a 4 MiB store has 4 KiB
/// chunks, about a dozen of these lines each).
@Suite("CorrelationStore log chunks")
struct CorrelationStoreLogArenaTests {
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
                logs: (0..<100).map {
                    CorrelationFixture.log(
                        CorrelationFixture.traceID(1000 + UInt64(round * 100 + $0)), at: UInt64(round),
                        message: "other \(Self.padding)")
                })
        }
        let view = try #require(store.trace(kept))
        #expect(view.traceLogs.map(\.event.message) == (0..<20).map { "kept \($0) \(Self.padding)" })
        let page = store.logs(LogFilter(traceID: kept, limit: 100))
        #expect(page.logs.count == 20)
        #expect(store.statistics.logs == 20 + 20 * 100)
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
        // Attributes are sized at a guess: this one is far past it, and past the 4 KiB chunk.
        let blob = String(repeating: "a", count: 20_000)
        let trace = CorrelationFixture.traceID(3)
        store.insert(logs: [
            CorrelationFixture.log(trace, attributes: [Attribute(key: "blob", value: .string(blob))])
        ])
        let view = try #require(store.trace(trace))
        #expect(view.traceLogs.first?.event.attributes.first?.value == .string(blob))
        // One 32 KiB chunk holds it (4, 8 and 16 KiB were too small and are gone), with the entry's overhead.
        #expect(store.statistics.bytes < 40_000)
    }
}
