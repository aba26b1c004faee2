import Synchronization
import Testing
import TraceLinkCore

@Suite struct ServiceGraphTests {
    static let trace = TraceID(high: 9, low: 9)!

    static func span(
        _ id: UInt64, parent: UInt64? = nil, service: String, kind: SpanKind, milliseconds: Double,
        status: SpanStatusCode = .unset, attributes: [Attribute] = []
    ) -> Span {
        Span(
            traceID: trace, spanID: SpanID(id)!, parentSpanID: parent.flatMap(SpanID.init), service: service,
            name: "call", kind: kind, startUnixNano: 1_000, endUnixNano: 1_000 + UInt64(milliseconds * 1_000_000),
            status: status, attributes: attributes)
    }

    static func text(_ graph: ServiceGraph) -> [String] {
        ExpositionWriter.document(graph.metricFamilies(), format: .prometheus).split(separator: "\n").map(String.init)
    }

    @Test("a client span and the server span it parents make one request edge, in whichever order they come")
    func pairsHalves() {
        let graph = ServiceGraph(configuration: .init(enabled: true))
        graph.record([Self.span(2, parent: 1, service: "orders", kind: .client, milliseconds: 300)])
        graph.record([
            Self.span(3, parent: 2, service: "payments", kind: .server, milliseconds: 250, status: .error),
            Self.span(5, parent: 4, service: "payments", kind: .server, milliseconds: 1),
        ])
        graph.record([Self.span(4, parent: 1, service: "orders", kind: .client, milliseconds: 2)])
        let lines = Self.text(graph)
        let edge = #"client="orders",server="payments""#
        #expect(lines.contains("traces_service_graph_request_total{\(edge)} 2"))
        #expect(lines.contains("traces_service_graph_request_failed_total{\(edge)} 1"))
        #expect(lines.contains("traces_service_graph_request_client_seconds_bucket{\(edge),le=\"0.1\"} 1"))
        #expect(lines.contains("traces_service_graph_request_client_seconds_bucket{\(edge),le=\"0.4\"} 2"))
        #expect(lines.contains("traces_service_graph_request_server_seconds_sum{\(edge)} 0.251"))
        #expect(lines.contains("tracelink_service_graph_pending_spans 0"))
    }

    @Test("after the wait a client naming its peer makes an edge to it; the others are counted unpaired")
    func expiry() {
        let now = Atomic<UInt64>(1_000_000_000)
        let graph = ServiceGraph(
            configuration: .init(enabled: true, waitNanos: 10_000_000_000), clock: MonotonicClock { now.load(ordering: .relaxed) })
        graph.record([
            Self.span(2, parent: 1, service: "orders", kind: .client, milliseconds: 5,
                      attributes: [Attribute(key: "peer.service", value: .string("postgres"))]),
            Self.span(3, parent: 1, service: "orders", kind: .client, milliseconds: 5),
            Self.span(7, parent: 6, service: "payments", kind: .server, milliseconds: 5),
        ])
        graph.expire()
        #expect(Self.text(graph).contains("tracelink_service_graph_pending_spans 3"))
        now.store(12_000_000_000, ordering: .relaxed)
        graph.expire()
        let lines = Self.text(graph)
        #expect(lines.contains(#"traces_service_graph_request_total{client="orders",server="postgres"} 1"#))
        #expect(lines.contains(#"traces_service_graph_unpaired_spans_total{side="client"} 1"#))
        #expect(lines.contains(#"traces_service_graph_unpaired_spans_total{side="server"} 1"#))
        #expect(lines.contains("tracelink_service_graph_pending_spans 0"))
    }

    @Test("waiting halves are bounded; the rest are dropped and counted")
    func bounded() {
        let graph = ServiceGraph(configuration: .init(enabled: true, maxPending: 10))
        graph.record((1...50).map { Self.span($0 + 100, parent: 1, service: "a", kind: .client, milliseconds: 1) })
        let lines = Self.text(graph)
        #expect(lines.contains("tracelink_service_graph_pending_spans 10"))
        #expect(lines.contains("traces_service_graph_dropped_spans_total 40"))
    }

    @Test("off by default: nothing is kept or written")
    func offByDefault() {
        let graph = ServiceGraph()
        graph.record([Self.span(2, parent: 1, service: "orders", kind: .client, milliseconds: 5)])
        #expect(graph.metricFamilies().isEmpty)
    }
}
