/// Writes metric families as Prometheus text 0.0.4 or OpenMetrics 1.0.
///
/// The two differ in: a counter's `# TYPE`/`# HELP` name (0.0.4: the sample name with `_total`, as client
/// libraries write it; OpenMetrics: the family name without it — declaring it with `_total` is the "clashing
/// name" the reference parser refuses), `# UNIT` and `_created` (OpenMetrics only), exemplars (OpenMetrics only, on counters and
/// buckets) and the closing `# EOF` (OpenMetrics). Both escape label values (backslash, quote, newline) and HELP
/// text; `String`s are valid UTF-8 by construction, so invalid input bytes arrive here already replaced.
public enum ExpositionWriter {
    public enum Format: Sendable {
        case prometheus
        case openMetrics

        public var contentType: String {
            switch self {
            case .prometheus: "text/plain; version=0.0.4; charset=utf-8"
            case .openMetrics: "application/openmetrics-text; version=1.0.0; charset=utf-8"
            }
        }
    }

    public static func write(_ families: [MetricFamily], format: Format, into output: inout String) {
        for family in families {
            write(family, format: format, into: &output)
        }
    }

    /// The whole answer: every family, then `# EOF` in OpenMetrics. Families of one name are merged, the first
    /// one's metadata kept (a name must appear once).
    public static func document(_ families: [MetricFamily], format: Format) -> String {
        var output = ""
        output.reserveCapacity(16 << 10)
        var order: [String] = []
        var byName: [String: MetricFamily] = [:]
        for family in families {
            if byName[family.name] == nil {
                order.append(family.name)
                byName[family.name] = family
            } else {
                byName[family.name]!.samples += family.samples
            }
        }
        for name in order { write(byName[name]!, format: format, into: &output) }
        if format == .openMetrics { output += "# EOF\n" }
        return output
    }

    static func write(_ family: MetricFamily, format: Format, into output: inout String) {
        let declared = format == .prometheus && family.kind == .counter ? family.name + "_total" : family.name
        output += "# HELP \(declared) \(PrometheusText.escapeHelp(family.help))\n"
        output += "# TYPE \(declared) \(family.kind.rawValue)\n"
        // OpenMetrics allows a unit only as the name's suffix (Tempo's `traces_spanmetrics_latency` has none).
        if format == .openMetrics, let unit = family.unit, family.name.hasSuffix("_" + unit) {
            output += "# UNIT \(family.name) \(unit)\n"
        }
        for sample in family.samples where format == .openMetrics || !sample.isCreated {
            output += family.name
            output += sample.suffix
            PrometheusText.appendLabels(sample.labels.map { (PrometheusText.sanitizeLabelName($0.0), $0.1) }, to: &output)
            output += " "
            switch sample.value {
            case .integer(let value): output += String(value)
            case .signed(let value): output += String(value)
            case .real(let value): output += PrometheusText.formatDouble(value)
            }
            if format == .openMetrics, let exemplar = sample.exemplar {
                output += " # "
                PrometheusText.appendLabels(exemplar.labels, to: &output)
                if exemplar.labels.isEmpty { output += "{}" }
                output += " \(PrometheusText.formatDouble(exemplar.value))"
                output += " \(PrometheusText.formatTimestamp(unixNano: exemplar.timeUnixNano))"
            }
            output += "\n"
        }
    }
}
