import Testing
import TraceLinkCore

@Suite("CorrelationStore stays bounded")
struct CorrelationStoreEvictionTests {
    @Test("feeding twice the memory budget keeps bytes under it, drops the oldest traces, and counts them")
    func memoryBudget() throws {
        let metrics = SelfMetrics()
        let budget = 4 << 20
        let store = CorrelationFixture.store(budget: budget, metrics: metrics)
        let message = String(repeating: "x", count: 200)
        var fed = 0
        var trace: UInt64 = 0
        while fed < 2 * budget {
            trace += 1
            let id = CorrelationFixture.traceID(trace)
            let spans = (1...4).map {
                CorrelationFixture.span(id, $0, parent: $0 == 1 ? nil : 1, name: "operation \($0) of the order")
            }
            let logs = (1...8).map {
                CorrelationFixture.log(id, span: UInt64($0 % 4 + 1), at: UInt64($0), message: message)
            }
            store.insert(spans: spans)
            store.insert(logs: logs)
            fed += spans.count * 180 + logs.count * 260  // roughly their raw size
            #expect(store.statistics.bytes <= budget)
        }
        let held = store.statistics
        #expect(held.bytes <= budget)
        #expect(held.bytes > budget / 2)
        #expect(store.trace(CorrelationFixture.traceID(1)) == nil)
        #expect(store.trace(CorrelationFixture.traceID(trace)) != nil)
        let evicted = try #require(
            UInt64(exposedValue(render(metrics), #"tracelink_store_evicted_traces_total{reason="memory"}"#) ?? ""))
        #expect(evicted > 0)
        #expect(Int(evicted) + held.traces == Int(trace))
        // The shares count exactly what is still held: every held trace has spans and logs of the one service.
        var checkout = InstrumentationShare(service: "checkout")
        (checkout.traces, checkout.tracesWithLogs, checkout.logs, checkout.joinedLogs) =
            (held.traces, held.traces, held.logs, held.logs)
        #expect(store.instrumentationShares() == [checkout])
        #expect(exposedValue(render(metrics), "tracelink_store_traces") == String(held.traces))
        #expect(exposedValue(render(metrics), "tracelink_store_bytes") == String(held.bytes))
    }

    @Test("untraced logs stay within their share of the budget, oldest first")
    func untracedRing() {
        let metrics = SelfMetrics()
        let store = CorrelationFixture.store(budget: 1 << 20, metrics: metrics)
        for batch in 0..<100 {
            store.insert(
                logs: (0..<100).map {
                    CorrelationFixture.log(
                        nil, at: UInt64(batch * 100 + $0), message: String(repeating: "y", count: 100))
                })
        }
        let held = store.statistics
        #expect(held.bytes <= (1 << 20) / 8)
        #expect(held.untracedLogs > 0 && held.untracedLogs < 10_000)
        let newest = store.logs(LogFilter(limit: 1)).logs.first
        #expect(newest?.timeUnixNano == CorrelationFixture.base + 9_999)
        let oldestKept = store.logs(LogFilter(limit: 10_000)).logs.last?.timeUnixNano ?? 0
        #expect(oldestKept == CorrelationFixture.base + UInt64(10_000 - held.untracedLogs))
        #expect(
            exposedValue(render(metrics), #"tracelink_store_evicted_untraced_logs_total{reason="memory"}"#)
                == String(10_000 - held.untracedLogs))
    }

    @Test("traces older than the maximum age on the monotonic clock go, whatever their timestamps")
    func age() {
        let metrics = SelfMetrics()
        let clock = SteppedMonotonicClock()
        let store = CorrelationFixture.store(maxAge: .seconds(60), clock: clock, metrics: metrics)
        store.insert(spans: [CorrelationFixture.span(CorrelationFixture.traceID(1), 1)])
        store.insert(logs: [CorrelationFixture.log(nil, message: "old untraced")])
        clock.advance(by: .seconds(30))
        store.insert(spans: [CorrelationFixture.span(CorrelationFixture.traceID(2), 1)])
        clock.advance(by: .seconds(31))
        // Trace 1 is 61 s old, trace 2 is 31 s old: a query already does not see trace 1.
        #expect(store.trace(CorrelationFixture.traceID(1)) == nil)
        #expect(store.trace(CorrelationFixture.traceID(2)) != nil)
        store.evictExpired()
        #expect(
            store.statistics
                == StoreStatistics(traces: 1, spans: 1, logs: 0, untracedLogs: 0, bytes: store.statistics.bytes))
        #expect(exposedValue(render(metrics), #"tracelink_store_evicted_traces_total{reason="age"}"#) == "1")
        #expect(exposedValue(render(metrics), #"tracelink_store_evicted_untraced_logs_total{reason="age"}"#) == "1")
        clock.advance(by: .seconds(30))
        store.evictExpired()
        let empty = store.statistics
        #expect(empty.traces == 0 && empty.spans == 0 && empty.logs == 0 && empty.untracedLogs == 0)
        // What remains is the shards' interned strings (service, span name, source, path): bounded, counted.
        #expect(empty.bytes < 1024)
        #expect(exposedValue(render(metrics), "tracelink_store_bytes") == String(empty.bytes))
    }

    @Test("a trace that keeps receiving items still ages from its first item")
    func ageFromFirstItem() {
        let clock = SteppedMonotonicClock()
        let store = CorrelationFixture.store(maxAge: .seconds(60), clock: clock)
        let trace = CorrelationFixture.traceID(1)
        store.insert(spans: [CorrelationFixture.span(trace, 1)])
        clock.advance(by: .seconds(50))
        store.insert(logs: [CorrelationFixture.log(trace, span: 1)])
        clock.advance(by: .seconds(11))
        #expect(store.trace(trace) == nil)
    }

    private func render(_ metrics: SelfMetrics) -> String {
        var text = ""
        metrics.render(into: &text)
        return text
    }
}
