/// How RED metrics are derived from spans (config key `span_metrics`).
public struct SpanMetricsConfiguration: Sendable, Hashable {
    /// Histogram bucket upper bounds in milliseconds (`buckets_ms`); +Inf is implied.
    /// Default: the spanmetrics connector's 2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000.
    public var bucketsMilliseconds: [Double]
    /// Span attribute keys added as labels, dots turned into underscores (`dimensions`). Default: none.
    public var dimensions: [String]
    /// Series kept before new combinations go to the overflow series (`max_series`). Default: 10000.
    public var maxSeries: Int
    /// Attach a trace id exemplar to histogram buckets in OpenMetrics output (`exemplars`). Default: true.
    public var exemplars: Bool

    public init(
        bucketsMilliseconds: [Double] = SpanMetricsConfiguration.defaultBuckets,
        dimensions: [String] = [],
        maxSeries: Int = 10_000,
        exemplars: Bool = true
    ) {
        self.bucketsMilliseconds = bucketsMilliseconds
        self.dimensions = dimensions
        self.maxSeries = maxSeries
        self.exemplars = exemplars
    }

    public static let defaultBuckets: [Double] = [
        2, 4, 6, 8, 10, 50, 100, 200, 400, 800, 1000, 1400, 2000, 5000, 10000, 15000,
    ]

    public static let `default` = SpanMetricsConfiguration()
}
