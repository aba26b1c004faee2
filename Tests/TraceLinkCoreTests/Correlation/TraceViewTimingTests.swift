import Testing
import TraceLinkCore

@Suite("Self time and the critical path")
struct TraceViewTimingTests {
    static let trace = CorrelationFixture.traceID(77)
    static let ms: UInt64 = 1_000_000

    /// root 0–100 ms: auth 0–30, pay 20–90 (charge 25–85 inside it, retry 26–40 beside charge), notify 92–95.
    static func view() throws -> TraceView {
        let store = CorrelationFixture.store()
        func span(_ id: UInt64, _ parent: UInt64?, _ name: String, _ start: UInt64, _ end: UInt64) -> Span {
            CorrelationFixture.span(trace, id, parent: parent, name: name, start: start * ms, duration: (end - start) * ms)
        }
        store.insert(spans: [
            span(1, nil, "root", 0, 100), span(2, 1, "auth", 0, 30), span(3, 1, "pay", 20, 90),
            span(4, 3, "charge", 25, 85), span(5, 3, "retry", 26, 40), span(6, 1, "notify", 92, 95),
        ])
        return try #require(store.trace(trace))
    }

    @Test("the critical path is the chain the request waited on")
    func criticalPath() throws {
        let view = try Self.view()
        let critical = view.spans.filter(\.isCritical).map(\.span.name)
        // From the root's end: notify (ended last), then pay (ended before notify started) and inside it charge;
        // auth ended while pay ran, retry while charge ran: not waited on.
        #expect(critical == ["root", "pay", "charge", "notify"])
    }

    @Test("self time is the span's duration its children do not cover")
    func selfTime() throws {
        let view = try Self.view()
        let selfTimes = Dictionary(uniqueKeysWithValues: view.spans.map { ($0.span.name, $0.selfTimeNanos / Self.ms) })
        // root: 100 − (0–90 ∪ 92–95) = 7; pay: 70 − (25–85) = 10; charge, a leaf: 60.
        #expect(selfTimes == ["root": 7, "auth": 30, "pay": 10, "charge": 60, "retry": 14, "notify": 3])
    }
}
