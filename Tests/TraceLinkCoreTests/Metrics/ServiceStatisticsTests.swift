import Testing
import TraceLinkCore

@Suite("RED per operation for the services view")
struct ServiceStatisticsTests {
    @Test("operations sum their status codes; errors are the calls with error status")
    func operations() {
        let metrics = SpanMetrics()
        let trace = CorrelationFixture.traceID(1)
        let ok = (0..<8).map { CorrelationFixture.span(trace, UInt64($0 + 1), name: "pay", duration: 3_000_000) }
        let failed = (0..<2).map {
            CorrelationFixture.span(trace, UInt64($0 + 20), name: "pay", duration: 300_000_000, status: .error)
        }
        metrics.record(ok + failed + [CorrelationFixture.span(trace, 30, service: "stock", name: "reserve")])
        let operations = metrics.operationStatistics()
        #expect(operations.map(\.spanName) == ["pay", "reserve"])
        let pay = operations[0]
        #expect(pay.calls == 10 && pay.errors == 2)
        let bounds = metrics.configuration.bucketsMilliseconds
        // 8 of 10 calls fell in (2, 4] ms: the median interpolates inside it; the 95th in (200, 400].
        #expect(pay.quantile(0.5, bounds: bounds) == 2 + 2 * (5.0 / 8.0))
        #expect(pay.quantile(0.95, bounds: bounds).map { (200.0...400.0).contains($0) } == true)
    }

    @Test("calls per second over the window, from snapshots taken when asked")
    func callRate() {
        let key = CallRateWindow.Key(service: "s", spanName: "n", spanKind: .server)
        let second: UInt64 = 1_000_000_000
        let window = CallRateWindow(window: .seconds(60), resolution: .seconds(5), startNanos: 0)
        // First look, 10 s after start: no snapshot is old enough, so the rate is since start.
        #expect(window.rates(current: [key: 100], nowNanos: 10 * second)[key] == 10)
        // 20 s later, 300 more calls: over the 20 s since the first snapshot.
        #expect(window.rates(current: [key: 400], nowNanos: 30 * second)[key] == 15)
        // After the window passed with no calls, the rate is zero.
        _ = window.rates(current: [key: 400], nowNanos: 80 * second)
        #expect(window.rates(current: [key: 400], nowNanos: 100 * second)[key] == 0)
    }
}
