import Testing
import TraceLinkAPIModels
import TraceLinkCore

@Suite("The terminal's waterfall")
struct TraceTextTests {
    static let traceID = TraceID(hex: "5b8efff798038103d269b633813fc60c")!
    /// 2025-11-25T06:53:20Z
    static let base: UInt64 = 1_764_053_600_000_000_000
    static let ms: UInt64 = 1_000_000

    /// create_order 0–12 ms: validate_inventory 1–3, process_payment 4–10 (error, with its exception).
    static func trace() throws -> APIModels.Trace {
        let store = CorrelationStore()
        func span(_ id: UInt64, _ parent: UInt64?, _ name: String, _ start: UInt64, _ end: UInt64,
                  status: SpanStatusCode = .unset, events: [SpanEvent] = []) -> Span {
            Span(
                traceID: traceID, spanID: SpanID(id)!, parentSpanID: parent.flatMap(SpanID.init), service: "order-service",
                name: name, kind: .internal, startUnixNano: base + start * ms, endUnixNano: base + end * ms, status: status,
                events: events)
        }
        let exception = SpanEvent(
            name: "exception", timeUnixNano: base + 9 * ms,
            attributes: [
                Attribute(key: "exception.type", value: .string("PaymentError")),
                Attribute(key: "exception.message", value: .string("card declined")),
            ])
        store.insert(spans: [
            span(1, nil, "create_order", 0, 12), span(2, 1, "validate_inventory", 1, 3),
            span(3, 1, "process_payment", 4, 10, status: .error, events: [exception]),
        ])
        func log(_ span: UInt64, _ at: UInt64, _ severity: Severity, _ message: String) -> LogEvent {
            LogEvent(
                timeUnixNano: base + at * ms, observedUnixNano: base + at * ms, severity: severity, message: message,
                service: "order-service", traceID: traceID, spanID: SpanID(span), source: "app-logs",
                location: .file(path: "/var/log/orders.log", offset: at))
        }
        store.insert(logs: [
            log(1, 0, .info, "creating order"), log(2, 2, .debug, "inventory ok"),
            log(3, 9, .error, "payment failed: card declined"),
        ])
        let view = try #require(store.trace(traceID))
        return APIModels.Trace(view, links: ["jaeger": "http://jaeger:16686/trace/\(traceID.hexString)"])
    }

    @Test("plain when piped: bars, spans, self time, errors, logs in place")
    func plain() throws {
        let text = TraceText(colors: false, barWidth: 12).render(try Self.trace())
        #expect(
            text == """
                trace 5b8efff798038103d269b633813fc60c  order-service create_order  12.0 ms  3 spans  3 logs  1 error
                  jaeger: http://jaeger:16686/trace/5b8efff798038103d269b633813fc60c
                [============] order-service create_order 12.0 ms (self 4.0 ms) *
                                 | 2025-11-25T06:53:20.000 INFO [app-logs] creating order
                [ ==         ]   order-service validate_inventory 2.0 ms (self 2.0 ms) *
                                   | 2025-11-25T06:53:20.002 DEBUG [app-logs] inventory ok
                [    ======  ]   order-service process_payment 6.0 ms (self 6.0 ms) ERROR *
                                   ! PaymentError: card declined
                                   | 2025-11-25T06:53:20.009 ERROR [app-logs] payment failed: card declined
                * on the critical path

                """)
    }

    @Test("coloured on a terminal: errors red, the critical mark yellow, debug dim")
    func coloured() throws {
        let text = TraceText(colors: true, barWidth: 12).render(try Self.trace())
        #expect(text.contains("\u{1B}[31mERROR\u{1B}[0m \u{1B}[33m*\u{1B}[0m"))
        #expect(text.contains("\u{1B}[31m2025-11-25T06:53:20.009 ERROR [app-logs] payment failed: card declined\u{1B}[0m"))
        #expect(text.contains("\u{1B}[2m2025-11-25T06:53:20.002 DEBUG [app-logs] inventory ok\u{1B}[0m"))
        // Without the escapes it is the plain text.
        let stripped = text.replacing(/\u{1B}\[[0-9]+m/, with: "")
        #expect(stripped == TraceText(colors: false, barWidth: 12).render(try Self.trace()))
    }
}
