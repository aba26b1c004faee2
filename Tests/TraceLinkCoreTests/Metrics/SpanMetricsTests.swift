import Testing
import TraceLinkCore

@Suite struct SpanMetricsTests {
    static let trace = TraceID(high: 1, low: 2)!

    static func span(
        _ name: String, service: String = "checkout", kind: SpanKind = .server, status: SpanStatusCode = .unset,
        milliseconds: Double, attributes: [Attribute] = []
    ) -> Span {
        Span(
            traceID: trace, spanID: SpanID(7)!, service: service, name: name, kind: kind,
            startUnixNano: 1_700_000_000_000_000_000,
            endUnixNano: 1_700_000_000_000_000_000 + UInt64(milliseconds * 1_000_000),
            status: status, attributes: attributes
        )
    }

    static func lines(_ metrics: SpanMetrics, openMetrics: Bool = false) -> [String] {
        var text = ""
        metrics.render(into: &text, openMetrics: openMetrics)
        return text.split(separator: "\n").map(String.init)
    }

    @Test func countsCallsAndBucketsLikeTheSpanmetricsConnector() {
        let metrics = SpanMetrics()
        metrics.record([
            Self.span("GET /orders", milliseconds: 1.5),
            Self.span("GET /orders", milliseconds: 2),
            Self.span("GET /orders", milliseconds: 45),
            Self.span("GET /orders", status: .error, milliseconds: 20_000),
        ])
        let lines = Self.lines(metrics)
        let labels = #"service_name="checkout",span_name="GET /orders",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET""#
        #expect(lines.contains("traces_span_metrics_calls_total{\(labels)} 3"))
        // 2 ms falls in le="2": Prometheus buckets are "less than or equal".
        #expect(lines.contains("traces_span_metrics_duration_milliseconds_bucket{\(labels),le=\"2\"} 2"))
        #expect(lines.contains("traces_span_metrics_duration_milliseconds_bucket{\(labels),le=\"10\"} 2"))
        #expect(lines.contains("traces_span_metrics_duration_milliseconds_bucket{\(labels),le=\"50\"} 3"))
        #expect(lines.contains("traces_span_metrics_duration_milliseconds_bucket{\(labels),le=\"+Inf\"} 3"))
        #expect(lines.contains("traces_span_metrics_duration_milliseconds_sum{\(labels)} 48.5"))
        #expect(lines.contains("traces_span_metrics_duration_milliseconds_count{\(labels)} 3"))
        let errorLabels = labels.replacing("STATUS_CODE_UNSET", with: "STATUS_CODE_ERROR")
        #expect(lines.contains("traces_span_metrics_duration_milliseconds_bucket{\(errorLabels),le=\"15000\"} 0"))
        #expect(lines.contains("traces_span_metrics_duration_milliseconds_bucket{\(errorLabels),le=\"+Inf\"} 1"))
        #expect(lines.contains("# TYPE traces_span_metrics_calls_total counter"))
        #expect(lines.contains("# TYPE traces_span_metrics_duration_milliseconds histogram"))
    }

    @Test func batchesInTurnEachCountOnce() {
        let metrics = SpanMetrics()
        metrics.record([
            Self.span("GET /a", milliseconds: 1), Self.span("GET /a", milliseconds: 1), Self.span("GET /b", milliseconds: 1),
        ])
        metrics.record([Self.span("GET /c", milliseconds: 30), Self.span("GET /a", milliseconds: 30)])
        metrics.record([Self.span("GET /c", milliseconds: 1)])
        let lines = Self.lines(metrics)
        func calls(_ name: String) -> String {
            #"traces_span_metrics_calls_total{service_name="checkout",span_name="\#(name)",span_kind="SPAN_KIND_SERVER",status_code="STATUS_CODE_UNSET"}"#
        }
        #expect(lines.contains(calls("GET /a") + " 3"))
        #expect(lines.contains(calls("GET /b") + " 1"))
        #expect(lines.contains(calls("GET /c") + " 2"))
        #expect(lines.contains { $0.contains(#"span_name="GET /c""#) && $0.contains("_sum{") && $0.hasSuffix(" 31") })
    }

    @Test func extraDimensionsBecomeSanitisedLabels() {
        let metrics = SpanMetrics(configuration: SpanMetricsConfiguration(dimensions: ["http.route"]))
        metrics.record([Self.span("GET", milliseconds: 1, attributes: [Attribute(key: "http.route", value: .string("/a"))])])
        #expect(Self.lines(metrics).contains { $0.hasPrefix("traces_span_metrics_calls_total{") && $0.contains(#"http_route="/a""#) })
    }

    @Test func cardinalityIsCappedWithAnOverflowSeries() {
        let metrics = SpanMetrics(configuration: SpanMetricsConfiguration(maxSeries: 3))
        metrics.record((0..<10).map { Self.span("op-\($0)", milliseconds: 1) })
        #expect(metrics.seriesCount == 4)
        #expect(Self.lines(metrics).contains(#"traces_span_metrics_calls_total{otel_metric_overflow="true"} 7"#))
    }

    @Test func labelValuesAreEscaped() {
        let metrics = SpanMetrics()
        metrics.record([Self.span("say \"hi\"\\\n", milliseconds: 1)])
        #expect(Self.lines(metrics).contains { $0.contains(#"span_name="say \"hi\"\\\n""#) })
    }

    @Test func openMetricsCarriesTraceIDExemplars() {
        let metrics = SpanMetrics()
        metrics.record([Self.span("GET", milliseconds: 3)])
        let lines = Self.lines(metrics, openMetrics: true)
        let exemplar = lines.first { $0.contains("le=\"4\"") }
        #expect(exemplar?.contains("# {trace_id=\"\(Self.trace.hexString)\"} 3 1700000000.003") == true)
        #expect(lines.contains("# TYPE traces_span_metrics_calls counter"))
    }
}
