extension SpanMetrics {
    /// Appends the calls counter and the duration histogram in Prometheus text 0.0.4,
    /// or in OpenMetrics 1.0 (with trace id exemplars on buckets) when `openMetrics` is set.
    public func render(into output: inout String, openMetrics: Bool = false) {
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

        output += "# HELP \(Self.callsName)\(openMetrics ? "" : "_total") Spans received, per service, span name, kind and status.\n"
        output += "# TYPE \(Self.callsName)\(openMetrics ? "" : "_total") counter\n"
        for (labelSet, series) in all {
            output += Self.callsName + "_total"
            PrometheusText.appendLabels(labelSet, to: &output)
            output += " \(series.calls)\n"
        }

        output += "# HELP \(Self.durationName) Span duration in milliseconds.\n"
        output += "# TYPE \(Self.durationName) histogram\n"
        if openMetrics { output += "# UNIT \(Self.durationName) milliseconds\n" }
        for (labelSet, series) in all {
            var cumulative: UInt64 = 0
            for bucket in 0..<series.bucketCounts.count {
                cumulative &+= series.bucketCounts[bucket]
                output += Self.durationName + "_bucket"
                PrometheusText.appendLabels(labelSet + [("le", boundLabels[bucket])], to: &output)
                output += " \(cumulative)"
                if openMetrics, configuration.exemplars, let exemplar = series.exemplars[bucket] {
                    output += " # {trace_id=\"\(exemplar.traceID.hexString)\"} \(PrometheusText.formatDouble(exemplar.milliseconds))"
                    output += " \(PrometheusText.formatTimestamp(unixNano: exemplar.timeUnixNano))"
                }
                output += "\n"
            }
            output += Self.durationName + "_sum"
            PrometheusText.appendLabels(labelSet, to: &output)
            output += " \(PrometheusText.formatDouble(series.sumMilliseconds))\n"
            output += Self.durationName + "_count"
            PrometheusText.appendLabels(labelSet, to: &output)
            output += " \(series.calls)\n"
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
