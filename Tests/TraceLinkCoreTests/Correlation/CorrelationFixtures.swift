import Synchronization
import TraceLinkCore

/// A monotonic clock the test moves by hand.
final class SteppedMonotonicClock: Sendable {
    private let nanos = Atomic<UInt64>(1_000_000_000)

    var clock: MonotonicClock { MonotonicClock { self.nanos.load(ordering: .relaxed) } }

    func advance(by duration: Duration) {
        let (seconds, attoseconds) = duration.components
        nanos.wrappingAdd(UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000), ordering: .relaxed)
    }
}

/// Builders for plain spans and log events.
enum CorrelationFixture {
    static let base: UInt64 = 1_700_000_000_000_000_000

    static func traceID(_ n: UInt64) -> TraceID {
        TraceID(high: 0xABCD_0000_0000_0000 | n, low: 0x1234_0000_0000_0000 | n)!
    }

    static func spanID(_ n: UInt64) -> SpanID { SpanID(n)! }

    static func span(
        _ trace: TraceID,
        _ id: UInt64,
        parent: UInt64? = nil,
        service: String = "checkout",
        name: String = "GET /orders",
        start: UInt64 = 0,
        duration: UInt64 = 1_000_000,
        status: SpanStatusCode = .unset,
        attributes: [Attribute] = []
    ) -> Span {
        Span(
            traceID: trace, spanID: spanID(id), parentSpanID: parent.flatMap(SpanID.init), service: service, name: name,
            kind: .server, startUnixNano: base + start, endUnixNano: base + start + duration, status: status,
            attributes: attributes)
    }

    static func log(
        _ trace: TraceID?,
        span: UInt64? = nil,
        at time: UInt64 = 0,
        message: String = "handled request",
        severity: Severity = .info,
        service: String? = "checkout",
        source: String = "app-logs",
        attributes: [Attribute] = []
    ) -> LogEvent {
        LogEvent(
            timeUnixNano: base + time, observedUnixNano: base + time, severity: severity, message: message,
            service: service, traceID: trace, spanID: span.flatMap(SpanID.init), source: source,
            location: .file(path: "/var/log/app.log", offset: time), attributes: attributes)
    }

    static func store(
        budget: Int = 256 << 20,
        maxAge: Duration = .seconds(1800),
        clock: SteppedMonotonicClock = SteppedMonotonicClock(),
        metrics: SelfMetrics = SelfMetrics()
    ) -> CorrelationStore {
        CorrelationStore(
            configuration: .init(memoryBudgetBytes: budget, maxAge: maxAge), metrics: metrics, clock: clock.clock)
    }
}

extension TraceView {
    /// Span names in tree order, indented by depth: a compact picture to compare.
    var outline: [String] { spans.map { String(repeating: "  ", count: $0.depth) + $0.span.name } }
}

/// The value of one sample line `name{labels} value` in rendered exposition text, or nil.
func exposedValue(_ text: String, _ series: String) -> String? {
    for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
        return String(line.dropFirst(series.count + 1))
    }
    return nil
}
