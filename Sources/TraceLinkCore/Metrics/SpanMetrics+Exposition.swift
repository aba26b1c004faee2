extension SpanMetrics: MetricFamilySource {
    /// The calls counter and the duration histogram, with the trace id of the latest span of each bucket as its
    /// exemplar (shown in OpenMetrics when `exemplars` is on).
    public func metricFamilies() -> [MetricFamily] {
        let state = snapshot()
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
            calls.addCounter(labelSet, series.calls)
            var cumulative: UInt64 = 0
            let counts = series.bucketCounts.map { count in
                cumulative &+= count
                return cumulative
            }
            let exemplars: [MetricExemplar?] = configuration.exemplars
                ? series.exemplars.map { exemplar in
                    exemplar.map {
                        MetricExemplar(
                            labels: [("trace_id", $0.traceID.hexString)], value: $0.milliseconds, timeUnixNano: $0.timeUnixNano)
                    }
                } : []
            duration.addHistogram(
                labelSet, bounds: boundLabels, cumulativeCounts: counts, sum: series.sumMilliseconds, count: series.calls,
                exemplars: exemplars)
        }
        return [calls, duration]
    }

    /// Appends the calls counter and the duration histogram in Prometheus text 0.0.4, or in OpenMetrics 1.0 (with
    /// trace id exemplars on buckets) when `openMetrics` is set.
    public func render(into output: inout String, openMetrics: Bool = false) {
        ExpositionWriter.write(metricFamilies(), format: openMetrics ? .openMetrics : .prometheus, into: &output)
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
