/// One metric family as every component hands it to `/metrics`: what it is (name, type, help, unit) and its
/// samples. Two writers render a list of families — Prometheus text 0.0.4 and OpenMetrics 1.0 — so that each
/// rule of a format (where `_total` goes, `# UNIT`, exemplars, `# EOF`) lives in one place.
public struct MetricFamily: Sendable {
    public enum Kind: String, Sendable { case counter, gauge, histogram }

    /// The family's name: for a counter without its `_total` suffix (OpenMetrics names the family so).
    public var name: String
    public var kind: Kind
    public var help: String
    /// The unit the name ends with (`seconds`, `bytes`, `milliseconds`), written as `# UNIT` in OpenMetrics.
    public var unit: String?
    public var samples: [MetricSample]

    public init(name: String, kind: Kind, help: String, unit: String? = nil, samples: [MetricSample] = []) {
        self.name = name
        self.kind = kind
        self.help = help
        self.unit = unit
        self.samples = samples
    }

    /// A counter family; `name` may be given with or without `_total`.
    public static func counter(_ name: String, help: String, unit: String? = nil) -> MetricFamily {
        MetricFamily(name: name.hasSuffix("_total") ? String(name.dropLast(6)) : name, kind: .counter, help: help, unit: unit)
    }

    public static func gauge(_ name: String, help: String, unit: String? = nil) -> MetricFamily {
        MetricFamily(name: name, kind: .gauge, help: help, unit: unit)
    }

    /// Adds a counter's value (`name_total`), and in OpenMetrics when it started from zero (`name_created`).
    public mutating func addCounter(
        _ labels: [(String, String)], _ value: UInt64, exemplar: MetricExemplar? = nil, createdUnixNano: UInt64? = nil
    ) {
        samples.append(MetricSample(suffix: "_total", labels: labels, value: .integer(value), exemplar: exemplar))
        if let createdUnixNano { samples.append(.created(labels, createdUnixNano)) }
    }

    public mutating func addGauge(_ labels: [(String, String)], _ value: Double) {
        samples.append(MetricSample(suffix: "", labels: labels, value: .real(value)))
    }

    public mutating func addGauge(_ labels: [(String, String)], _ value: Int64) {
        samples.append(MetricSample(suffix: "", labels: labels, value: .signed(value)))
    }

    /// Adds a histogram's series: cumulative buckets (the last bound +Inf), sum and count.
    public mutating func addHistogram(
        _ labels: [(String, String)], bounds: [String], cumulativeCounts: [UInt64], sum: Double, count: UInt64,
        exemplars: [MetricExemplar?] = [], createdUnixNano: UInt64? = nil
    ) {
        for (index, bound) in bounds.enumerated() {
            samples.append(
                MetricSample(
                    suffix: "_bucket", labels: labels + [("le", bound)], value: .integer(cumulativeCounts[index]),
                    exemplar: index < exemplars.count ? exemplars[index] : nil))
        }
        samples.append(MetricSample(suffix: "_sum", labels: labels, value: .real(sum)))
        samples.append(MetricSample(suffix: "_count", labels: labels, value: .integer(count)))
        if let createdUnixNano { samples.append(.created(labels, createdUnixNano)) }
    }
}

/// One sample: the family name plus `suffix`, labels, value, and in OpenMetrics an exemplar.
public struct MetricSample: Sendable {
    public enum Value: Sendable {
        case integer(UInt64)
        case signed(Int64)
        case real(Double)
    }

    public var suffix: String
    public var labels: [(String, String)]
    public var value: Value
    public var exemplar: MetricExemplar?

    /// `_created`: written in OpenMetrics only (0.0.4 has no such sample).
    public var isCreated: Bool { suffix == "_created" }

    static func created(_ labels: [(String, String)], _ unixNano: UInt64) -> MetricSample {
        MetricSample(suffix: "_created", labels: labels, value: .real(Double(unixNano / 1_000_000) / 1000))
    }

    public init(suffix: String, labels: [(String, String)], value: Value, exemplar: MetricExemplar? = nil) {
        self.suffix = suffix
        self.labels = labels
        self.value = value
        self.exemplar = exemplar
    }
}

/// A trace that fell in a bucket or counted in a counter, shown in OpenMetrics (`# {trace_id="…"} value time`).
public struct MetricExemplar: Sendable {
    public var labels: [(String, String)]
    public var value: Double
    public var timeUnixNano: UInt64

    public init(labels: [(String, String)], value: Double, timeUnixNano: UInt64) {
        self.labels = labels
        self.value = value
        self.timeUnixNano = timeUnixNano
    }
}

/// Anything that hands metric families to `/metrics`.
public protocol MetricFamilySource: Sendable {
    func metricFamilies() -> [MetricFamily]
}
