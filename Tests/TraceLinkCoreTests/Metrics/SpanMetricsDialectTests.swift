import Synchronization
import Testing
import TraceLinkCore

/// Tempo's names, dimensions from the resource with defaults, span-name hygiene, series expiry.
@Suite struct SpanMetricsDialectTests {
    typealias Fixture = SpanMetricsTests

    @Test("the tempo naming writes Tempo's metrics-generator families, in seconds on Tempo's buckets")
    func tempoNaming() {
        let metrics = SpanMetrics(configuration: SpanMetricsConfiguration(naming: [.otel, .tempo]))
        metrics.record([Fixture.span("GET /cart", milliseconds: 3), Fixture.span("GET /cart", milliseconds: 20_000)])
        let lines = Fixture.lines(metrics)
        let labels = #"service="checkout",span_name="GET /cart",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET""#
        #expect(lines.contains("traces_spanmetrics_calls_total{\(labels)} 2"))
        #expect(lines.contains("traces_spanmetrics_latency_bucket{\(labels),le=\"0.002\"} 0"))
        #expect(lines.contains("traces_spanmetrics_latency_bucket{\(labels),le=\"0.004\"} 1"))
        #expect(lines.contains("traces_spanmetrics_latency_bucket{\(labels),le=\"16.384\"} 1"))
        #expect(lines.contains("traces_spanmetrics_latency_bucket{\(labels),le=\"+Inf\"} 2"))
        #expect(lines.contains("traces_spanmetrics_latency_sum{\(labels)} 20.003"))
        #expect(lines.contains { $0.hasPrefix("traces_spanmetrics_size_total{\(labels)} ") && !$0.hasSuffix(" 0") })
        // Both namings at once: the otel family is still there.
        #expect(lines.contains { $0.hasPrefix("traces_span_metrics_calls_total{service_name=\"checkout\"") })
        let openMetrics = Fixture.lines(metrics, openMetrics: true)
        #expect(openMetrics.contains("# TYPE traces_spanmetrics_calls counter"))
        // OpenMetrics allows a unit only as the name's suffix: Tempo's name has none.
        #expect(!openMetrics.contains { $0.hasPrefix("# UNIT traces_spanmetrics_latency") })
        #expect(openMetrics.contains("# UNIT traces_span_metrics_duration_milliseconds milliseconds"))
        #expect(openMetrics.contains { $0.hasPrefix("traces_spanmetrics_latency_bucket") && $0.contains("# {traceID=\"") })
        // `_created` (when a series started from zero) in OpenMetrics only.
        #expect(openMetrics.contains { $0.hasPrefix("traces_span_metrics_calls_created{service_name=\"checkout\"") })
        #expect(openMetrics.contains { $0.hasPrefix("traces_spanmetrics_latency_created{service=\"checkout\"") })
        #expect(!lines.contains { $0.contains("_created") })
    }

    @Test("tempo alone leaves the otel names out")
    func tempoOnly() {
        let metrics = SpanMetrics(configuration: SpanMetricsConfiguration(naming: [.tempo]))
        metrics.record([Fixture.span("GET /cart", milliseconds: 3)])
        #expect(!Fixture.lines(metrics).contains { $0.hasPrefix("traces_span_metrics_") })
    }

    @Test("a dimension comes from the span, else its resource, else its default")
    func dimensionsFromResourceAndDefaults() {
        let metrics = SpanMetrics(
            configuration: SpanMetricsConfiguration(
                dimensions: ["http.route", "deployment.environment", "http.response.status_code"],
                dimensionDefaults: ["http.route": "unknown"]))
        var span = Fixture.span(
            "GET", milliseconds: 1, attributes: [Attribute(key: "http.response.status_code", value: .int(503))])
        span.resourceAttributes.append(Attribute(key: "deployment.environment", value: .string("prod")))
        metrics.record([span])
        let line = Fixture.lines(metrics).first { $0.hasPrefix("traces_span_metrics_calls_total{") }
        #expect(line?.contains(#"http_route="unknown",deployment_environment="prod",http_response_status_code="503""#) == true)
    }

    @Test("ids in path segments become placeholders; other names keep theirs", arguments: [
        ("GET /orders/123", "GET /orders/{id}"),
        ("GET /u/0f8fad5b-d9cb-469f-a165-70867728950e/cart", "GET /u/{uuid}/cart"),
        ("/files/42?download=1", "/files/{id}?download=1"),
        ("GET /api/v2/orders", "GET /api/v2/orders"),
        ("op 42", "op 42"),
        ("GET /blob/5f2b1c9e8a7d6f3e", "GET /blob/5f2b1c9e8a7d6f3e"),
    ])
    func spanNameHygiene(name: String, expected: String) {
        let metrics = SpanMetrics()
        metrics.record([Fixture.span(name, milliseconds: 1), Fixture.span(name.replacing("123", with: "456"), milliseconds: 1)])
        let line = Fixture.lines(metrics).first { $0.hasPrefix("traces_span_metrics_calls_total{") && $0.contains("span_name=\"\(expected)\"") }
        #expect(line != nil, "\(Fixture.lines(metrics).filter { $0.hasPrefix("traces_span_metrics_calls_total") })")
        if name.contains("123") { #expect(line?.hasSuffix(" 2") == true) }
    }

    @Test("hex ids become placeholders when the hex rule is on")
    func hexRule() {
        let metrics = SpanMetrics(configuration: SpanMetricsConfiguration(nameRules: [.hex]))
        metrics.record([Fixture.span("GET /blob/5f2b1c9e8a7d6f3e", milliseconds: 1)])
        #expect(Fixture.lines(metrics).contains { $0.contains(#"span_name="GET /blob/{hex}""#) })
    }

    @Test("100k distinct names: the limit plus one overflow series, refusals counted; after the expiry they are gone")
    func cardinalityAndExpiry() {
        let now = Atomic<UInt64>(1_000_000_000)
        let clock = MonotonicClock { now.load(ordering: .relaxed) }
        let metrics = SpanMetrics(
            configuration: SpanMetricsConfiguration(maxSeries: 1000, seriesExpiryNanos: 300_000_000_000), clock: clock)
        for chunk in 0..<100 {
            metrics.record((0..<1000).map { Fixture.span("op-\(chunk)-\($0)", milliseconds: 1) })
        }
        #expect(metrics.seriesCount == 1001)
        let lines = Fixture.lines(metrics)
        #expect(lines.contains(#"traces_span_metrics_calls_total{otel_metric_overflow="true"} 99000"#))
        #expect(lines.contains("tracelink_span_metrics_series_refused_total 99000"))
        now.store(200_000_000_000, ordering: .relaxed)
        #expect(metrics.expireSeries() == 0)
        now.store(400_000_000_000, ordering: .relaxed)
        #expect(metrics.expireSeries() == 1000)
        #expect(metrics.seriesCount == 0)
        #expect(Fixture.lines(metrics).contains("tracelink_span_metrics_series_expired_total 1000"))
        // A series that comes back starts again.
        metrics.record([Fixture.span("op-0-0", milliseconds: 1)])
        #expect(metrics.seriesCount == 1)
    }
}
