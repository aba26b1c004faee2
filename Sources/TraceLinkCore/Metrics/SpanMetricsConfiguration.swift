/// How RED metrics are derived from spans (config key `span_metrics`).
public struct SpanMetricsConfiguration: Sendable, Hashable {
    /// The metric names and labels written: the OpenTelemetry Collector's spanmetrics connector (`otel`, what
    /// Jaeger's Monitor tab reads) and/or Grafana Tempo's metrics-generator (`tempo`).
    public enum Naming: String, Sendable, Hashable, CaseIterable {
        case otel
        case tempo
    }

    /// Which placeholders span-name hygiene puts for a path segment of a span name (`GET /orders/123` → `GET
    /// /orders/{id}`), so ids in names do not make a series each.
    public enum NameRule: String, Sendable, Hashable, CaseIterable {
        /// All digits → `{id}`.
        case numbers
        /// `8-4-4-4-12` hex digits → `{uuid}`.
        case uuids
        /// 16 or more hex digits with at least one digit → `{hex}`.
        case hex
    }

    /// Histogram bucket upper bounds in milliseconds (`buckets_ms`); +Inf is implied.
    /// Default: the spanmetrics connector's 2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000.
    public var bucketsMilliseconds: [Double]
    /// Attribute keys added as labels, dots turned into underscores (`dimensions`), looked up in the span's
    /// attributes, then in its resource's. Default: none.
    public var dimensions: [String]
    /// The value of a dimension a span and its resource lack (`dimensions: [{name: k, default: v}]`); without one
    /// the label is empty.
    public var dimensionDefaults: [String: String]
    /// Series kept before new combinations go to the overflow series (`max_series`). Default: 10000.
    public var maxSeries: Int
    /// Attach a trace id exemplar to histogram buckets in OpenMetrics output (`exemplars`). Default: true.
    public var exemplars: Bool
    /// `naming`. Default: `[otel]`.
    public var naming: [Naming]
    /// `span_name_hygiene`. Default: numbers and UUIDs.
    public var nameRules: Set<NameRule>
    /// Series not updated for this long are dropped (`series_expiry`, default 5 minutes); nil keeps them.
    public var seriesExpiryNanos: UInt64?

    public init(
        bucketsMilliseconds: [Double] = SpanMetricsConfiguration.defaultBuckets,
        dimensions: [String] = [],
        dimensionDefaults: [String: String] = [:],
        maxSeries: Int = 10_000,
        exemplars: Bool = true,
        naming: [Naming] = [.otel],
        nameRules: Set<NameRule> = [.numbers, .uuids],
        seriesExpiryNanos: UInt64? = 300_000_000_000
    ) {
        self.bucketsMilliseconds = bucketsMilliseconds
        self.dimensions = dimensions
        self.dimensionDefaults = dimensionDefaults
        self.maxSeries = maxSeries
        self.exemplars = exemplars
        self.naming = naming
        self.nameRules = nameRules
        self.seriesExpiryNanos = seriesExpiryNanos
    }

    public static let defaultBuckets: [Double] = [
        2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000,
    ]

    /// Tempo's metrics-generator buckets: 0.002 · 2^n seconds up to 16.384.
    public static let tempoBucketsSeconds: [Double] = (0...13).map { 0.002 * Double(1 << $0) }

    public static let `default` = SpanMetricsConfiguration()
}
