extension SpanMetrics: MetricFamilySource {
    /// The calls counters and duration histograms of each configured naming, with the trace id of the latest span
    /// of each bucket as its exemplar (shown in OpenMetrics when `exemplars` is on), and the series' own health.
    public func metricFamilies() -> [MetricFamily] {
        let state = snapshot()
        var families: [MetricFamily] = []
        if configuration.naming.contains(.otel) { families += otelFamilies(state) }
        if configuration.naming.contains(.tempo) { families += tempoFamilies(state) }
        var held = MetricFamily.gauge("tracelink_span_metrics_series", help: "RED series held (the overflow series included).")
        held.addGauge([], Int64(state.series.count + (state.overflow == nil ? 0 : 1)))
        var refused = MetricFamily.counter(
            "tracelink_span_metrics_series_refused",
            help: "New series counted in the overflow series because max_series were held (once per batch they appear in).")
        refused.addCounter([], state.refusedSeries)
        var expired = MetricFamily.counter(
            "tracelink_span_metrics_series_expired", help: "Series dropped after series_expiry without a span.")
        expired.addCounter([], state.expiredSeries)
        return families + [held, refused, expired]
    }

    /// The OpenTelemetry Collector spanmetrics connector's names, as its Prometheus exporter writes them.
    private func otelFamilies(_ state: State) -> [MetricFamily] {
        let bounds = configuration.bucketsMilliseconds
        let dimensionLabels = configuration.dimensions.map(PrometheusText.sanitizeLabelName)
        let boundLabels = bounds.map(Self.formatBound) + ["+Inf"]
        let ordered = state.series.sorted { Self.sortOrder($0.key, $1.key) }

        func labels(of key: SeriesKey) -> [(String, String)] {
            var result: [(String, String)] = [
                ("service_name", key.service),
                ("span_name", key.name),
                ("span_kind", key.kind.labelValue),
                ("status_code", key.status.labelValue),
            ]
            for (index, label) in dimensionLabels.enumerated() { result.append((label, key.dimensionValues[index])) }
            return result
        }
        var all: [([(String, String)], Series)] = ordered.map { (labels(of: $0.key), $0.value) }
        if let overflow = state.overflow { all.append(([("otel_metric_overflow", "true")], overflow)) }

        var calls = MetricFamily.counter(Self.callsName, help: "Spans received, per service, span name, kind and status.")
        var duration = MetricFamily(
            name: Self.durationName, kind: .histogram, help: "Span duration in milliseconds.", unit: "milliseconds")
        for (labelSet, series) in all {
            calls.addCounter(labelSet, series.calls, createdUnixNano: series.createdUnixNano)
            duration.addHistogram(
                labelSet, bounds: boundLabels, cumulativeCounts: Self.cumulative(series.bucketCounts),
                sum: series.sumMilliseconds, count: series.calls,
                exemplars: exemplars(series.exemplars, label: "trace_id", scale: 1), createdUnixNano: series.createdUnixNano)
        }
        return [calls, duration]
    }

    /// Grafana Tempo's metrics-generator names: `traces_spanmetrics_*`, label `service`, latency in seconds on
    /// Tempo's buckets, span sizes, exemplars labelled `traceID`.
    private func tempoFamilies(_ state: State) -> [MetricFamily] {
        let dimensionLabels = configuration.dimensions.map(PrometheusText.sanitizeLabelName)
        let boundLabels = SpanMetricsConfiguration.tempoBucketsSeconds.map(PrometheusText.formatDouble) + ["+Inf"]
        var all: [([(String, String)], Series)] = state.series.sorted { Self.sortOrder($0.key, $1.key) }.map { key, series in
            var labels: [(String, String)] = [
                ("service", key.service), ("span_name", key.name), ("span_kind", key.kind.labelValue),
                ("status_code", key.status.labelValue),
            ]
            for (index, label) in dimensionLabels.enumerated() { labels.append((label, key.dimensionValues[index])) }
            return (labels, series)
        }
        if let overflow = state.overflow { all.append(([("otel_metric_overflow", "true")], overflow)) }
        var calls = MetricFamily.counter(Self.tempoCallsName, help: "Spans received, per service, span name, kind and status.")
        var latency = MetricFamily(
            name: Self.tempoLatencyName, kind: .histogram, help: "Span duration in seconds.", unit: "seconds")
        var size = MetricFamily.counter(Self.tempoSizeName, help: "Bytes of the spans received (OTLP protobuf).")
        for (labels, series) in all {
            calls.addCounter(labels, series.calls, createdUnixNano: series.createdUnixNano)
            size.addCounter(labels, series.sizeBytes, createdUnixNano: series.createdUnixNano)
            latency.addHistogram(
                labels, bounds: boundLabels, cumulativeCounts: Self.cumulative(series.tempoBucketCounts),
                sum: series.sumMilliseconds / 1000, count: series.calls,
                exemplars: exemplars(series.tempoExemplars, label: "traceID", scale: 0.001),
                createdUnixNano: series.createdUnixNano)
        }
        return [calls, latency, size]
    }

    /// Appends the calls counter and the duration histogram in Prometheus text 0.0.4, or in OpenMetrics 1.0 (with
    /// trace id exemplars on buckets) when `openMetrics` is set.
    public func render(into output: inout String, openMetrics: Bool = false) {
        ExpositionWriter.write(metricFamilies(), format: openMetrics ? .openMetrics : .prometheus, into: &output)
    }

    /// Per-bucket counts made cumulative, as histogram buckets are written.
    static func cumulative(_ counts: [UInt64]) -> [UInt64] {
        var total: UInt64 = 0
        return counts.map { count in
            total &+= count
            return total
        }
    }

    /// The buckets' exemplars, their trace id under `label`, their value in milliseconds times `scale`; none when
    /// exemplars are off.
    private func exemplars(_ exemplars: [Exemplar?], label: String, scale: Double) -> [MetricExemplar?] {
        guard configuration.exemplars else { return [] }
        return exemplars.map { exemplar in
            exemplar.map {
                MetricExemplar(
                    labels: [(label, $0.traceID.hexString)], value: $0.milliseconds * scale, timeUnixNano: $0.timeUnixNano)
            }
        }
    }

    static func formatBound(_ bound: Double) -> String { PrometheusText.formatDouble(bound) }

    private static func sortOrder(_ lhs: SeriesKey, _ rhs: SeriesKey) -> Bool {
        if lhs.service != rhs.service { return lhs.service < rhs.service }
        if lhs.name != rhs.name { return lhs.name < rhs.name }
        if lhs.kind != rhs.kind { return lhs.kind.rawValue < rhs.kind.rawValue }
        if lhs.status != rhs.status { return lhs.status.rawValue < rhs.status.rawValue }
        return lhs.dimensionValues.lexicographicallyPrecedes(rhs.dimensionValues)
    }
}
