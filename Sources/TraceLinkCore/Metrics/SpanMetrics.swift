import Synchronization

/// RED metrics per (service, span name, span kind, status code, extra dimensions), named and labelled
/// as the OpenTelemetry Collector's spanmetrics connector writes them through its Prometheus exporter,
/// so Jaeger's Monitor tab and existing dashboards read them unchanged.
///
/// A batch takes the lock once. The number of series is capped: past `maxSeries`, spans are counted in
/// one overflow series labelled `otel_metric_overflow="true"`, as the connector does.
public final class SpanMetrics: Sendable {
    public static let callsName = "traces_span_metrics_calls"
    public static let durationName = "traces_span_metrics_duration_milliseconds"

    public let configuration: SpanMetricsConfiguration
    private let state: Mutex<State>

    public init(configuration: SpanMetricsConfiguration = .default) {
        self.configuration = configuration
        self.state = Mutex(State(bucketCount: configuration.bucketsMilliseconds.count + 1))
    }

    /// Counts each span once. The batch is summed per series first, so the lock is taken once and held only to
    /// merge one entry per distinct series (a request's thousand spans fall in a few dozen).
    public func record(_ spans: some Collection<Span>) {
        guard !spans.isEmpty else { return }
        let bounds = configuration.bucketsMilliseconds
        let dimensions = configuration.dimensions
        var batch = BatchSums(bucketCount: bounds.count + 1)
        for span in spans {
            let milliseconds = Double(span.durationNanos) / 1_000_000
            batch.add(
                SeriesKey(span: span, dimensions: dimensions), milliseconds: milliseconds,
                bucket: Self.bucketIndex(of: milliseconds, in: bounds), traceID: span.traceID,
                timeUnixNano: span.endUnixNano)
        }
        let maxSeries = configuration.maxSeries
        state.withLock { state in
            for (key, sums) in zip(batch.keys, batch.sums) { state.merge(sums, into: key, maxSeries: maxSeries) }
        }
    }

    /// The number of series held, the overflow series included.
    public var seriesCount: Int {
        state.withLock { $0.series.count + ($0.overflow == nil ? 0 : 1) }
    }

    /// Index of the first bound ≥ value (Prometheus buckets are "less than or equal"); the last index is +Inf.
    @inline(__always)
    static func bucketIndex(of value: Double, in bounds: [Double]) -> Int {
        var low = 0
        var high = bounds.count
        while low < high {
            let middle = (low + high) / 2
            if bounds[middle] < value { low = middle + 1 } else { high = middle }
        }
        return low
    }

    func snapshot() -> State { state.withLock { $0 } }
}

extension SpanMetrics {
    /// The identity of one series.
    struct SeriesKey: Hashable, Sendable {
        var service: String
        var name: String
        var kind: SpanKind
        var status: SpanStatusCode
        var dimensionValues: [String]

        init(service: String, name: String, kind: SpanKind, status: SpanStatusCode, dimensionValues: [String]) {
            self.service = service
            self.name = name
            self.kind = kind
            self.status = status
            self.dimensionValues = dimensionValues
        }

        init(span: Span, dimensions: [String]) {
            self.service = span.service
            self.name = span.name
            self.kind = span.kind
            self.status = span.status
            if dimensions.isEmpty {
                self.dimensionValues = []
            } else {
                self.dimensionValues = dimensions.map { key in
                    span.attributes.first(where: { $0.key == key })?.value.text ?? ""
                }
            }
        }
    }

    /// The most recent span that fell in a bucket, shown as an OpenMetrics exemplar.
    struct Exemplar: Sendable {
        var traceID: TraceID
        var milliseconds: Double
        var timeUnixNano: UInt64
    }

    /// Calls and duration histogram of one series; bucket counts are per bucket, not cumulative.
    struct Series: Sendable {
        var calls: UInt64 = 0
        var sumMilliseconds: Double = 0
        var bucketCounts: [UInt64]
        var exemplars: [Exemplar?]

        init(bucketCount: Int) {
            bucketCounts = Array(repeating: 0, count: bucketCount)
            exemplars = Array(repeating: nil, count: bucketCount)
        }

        /// Adds another series' counts; its exemplars, being newer, replace these.
        mutating func merge(_ other: Series) {
            calls &+= other.calls
            sumMilliseconds += other.sumMilliseconds
            for bucket in bucketCounts.indices {
                bucketCounts[bucket] &+= other.bucketCounts[bucket]
                if let exemplar = other.exemplars[bucket] { exemplars[bucket] = exemplar }
            }
        }

        mutating func add(milliseconds: Double, bucket: Int, traceID: TraceID, timeUnixNano: UInt64) {
            calls &+= 1
            sumMilliseconds += milliseconds
            bucketCounts[bucket] &+= 1
            exemplars[bucket] = Exemplar(traceID: traceID, milliseconds: milliseconds, timeUnixNano: timeUnixNano)
        }
    }

    /// One batch's sums per series, in the order each series first appears.
    struct BatchSums {
        var keys: [SeriesKey] = []
        var sums: [Series] = []
        private var indexOf: [SeriesKey: Int] = [:]
        private var last = -1
        let bucketCount: Int

        init(bucketCount: Int) { self.bucketCount = bucketCount }

        mutating func add(
            _ key: SeriesKey, milliseconds: Double, bucket: Int, traceID: TraceID, timeUnixNano: UInt64
        ) {
            // Runs of one series are common (a service's spans of one name); the compare is cheaper than a hash.
            if last < 0 || keys[last] != key {
                if let found = indexOf[key] {
                    last = found
                } else {
                    last = keys.count
                    indexOf[key] = last
                    keys.append(key)
                    sums.append(Series(bucketCount: bucketCount))
                }
            }
            sums[last].add(milliseconds: milliseconds, bucket: bucket, traceID: traceID, timeUnixNano: timeUnixNano)
        }
    }

    struct State: Sendable {
        var bucketCount: Int
        var series: [SeriesKey: Series] = [:]
        var overflow: Series?

        init(bucketCount: Int) { self.bucketCount = bucketCount }

        /// Adds a batch's sums to the series of `key`, or to the overflow series once `maxSeries` are held.
        mutating func merge(_ sums: Series, into key: SeriesKey, maxSeries: Int) {
            if let index = series.index(forKey: key) {
                series.values[index].merge(sums)
            } else if series.count < maxSeries {
                series[key] = sums
            } else {
                var overflowSeries = overflow ?? Series(bucketCount: bucketCount)
                overflowSeries.merge(sums)
                overflow = overflowSeries
            }
        }
    }
}
