import Synchronization

/// RED metrics per (service, span name, span kind, status code, extra dimensions), named and labelled as the
/// OpenTelemetry Collector's spanmetrics connector writes them through its Prometheus exporter (Jaeger's Monitor
/// tab and existing dashboards read them unchanged) and/or as Grafana Tempo's metrics-generator does.
///
/// A batch takes the lock once. Memory is bounded: past `maxSeries`, spans are counted in one overflow series
/// labelled `otel_metric_overflow="true"`, as the connector does; span names have their ids replaced by
/// placeholders; series not updated for `series_expiry` are dropped. Refused and expired series are counted.
public final class SpanMetrics: Sendable {
    public static let callsName = "traces_span_metrics_calls"
    public static let durationName = "traces_span_metrics_duration_milliseconds"
    public static let tempoCallsName = "traces_spanmetrics_calls"
    public static let tempoLatencyName = "traces_spanmetrics_latency"
    public static let tempoSizeName = "traces_spanmetrics_size"

    public let configuration: SpanMetricsConfiguration
    let clock: MonotonicClock
    private let state: Mutex<State>
    /// Sums of finished batches with their key buffer, emptied, for the next batches: a request makes none.
    private let spareSums = Mutex<[(sums: BatchSums, key: [UInt8])]>([])

    public init(configuration: SpanMetricsConfiguration = .default, clock: MonotonicClock = .continuous) {
        self.configuration = configuration
        self.clock = clock
        self.state = Mutex(
            State(
                bucketCount: configuration.bucketsMilliseconds.count + 1,
                tempoBucketCount: configuration.naming.contains(.tempo)
                    ? SpanMetricsConfiguration.tempoBucketsSeconds.count + 1 : 0))
    }

    /// Counts spans made in code (tests, tools) through their canonical form.
    public func record(_ spans: some Collection<Span>) { record(SpanBatch(spans)) }

    /// Counts each span of the batch once, reading only its fixed fields and the bytes of its service and name.
    /// The batch is summed per series first, keyed by those bytes (`BatchSums`), so the lock is taken once and held
    /// only to merge one entry per distinct series (a request's thousand spans fall in a few dozen); a series'
    /// label strings are made only when it is first seen.
    public func record(_ batch: SpanBatch) {
        guard !batch.isEmpty else { return }
        let bounds = configuration.bucketsMilliseconds
        let tempoBounds = configuration.naming.contains(.tempo) ? SpanMetricsConfiguration.tempoBucketsSeconds : nil
        var (sums, key) = spareSums.withLock { $0.popLast() } ?? (BatchSums(configuration: configuration), [])
        batch.bytes.withUnsafeBytes { raw in
            for index in batch.spans.indices {
                let span = batch.spans[index]
                let milliseconds = Double(span.durationNanos) / 1_000_000
                sums.add(
                    span: index, of: batch, raw: raw, milliseconds: milliseconds,
                    bucket: Self.bucketIndex(of: milliseconds, in: bounds),
                    tempoBucket: tempoBounds.map { Self.bucketIndex(of: milliseconds / 1000, in: $0) } ?? 0)
            }
        }
        let maxSeries = configuration.maxSeries
        let now = clock.now()
        state.withLock { sums.merge(into: &$0, batch: batch, maxSeries: maxSeries, now: now, key: &key) }
        guard sums.isOfUsualSize else { return }
        sums.reset()
        spareSums.withLock { spares in
            if spares.count < Self.spareSumsLimit { spares.append((sums, key)) }
        }
    }

    /// How many batches' sums are kept: as many as requests are recorded at once, about.
    private static let spareSumsLimit = 8

    /// Drops the series not updated for `series_expiry`; returns how many went.
    @discardableResult
    public func expireSeries() -> Int {
        guard let expiry = configuration.seriesExpiryNanos else { return 0 }
        let now = clock.now()
        guard now > expiry else { return 0 }
        let cutoff = now - expiry
        return state.withLock { state in
            let before = state.series.count
            state.series = state.series.filter { $0.value.lastUpdatedNanos >= cutoff }
            let expired = before - state.series.count
            if expired > 0 {
                state.keys = state.keys.filter { state.series[$0.value] != nil }
                state.expiredSeries &+= UInt64(expired)
            }
            if let overflow = state.overflow, overflow.lastUpdatedNanos < cutoff { state.overflow = nil }
            return expired
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
    }

    /// The most recent span that fell in a bucket, shown as an OpenMetrics exemplar.
    struct Exemplar: Sendable {
        var traceID: TraceID
        var milliseconds: Double
        var timeUnixNano: UInt64
    }

    /// Calls and duration histograms of one series; bucket counts are per bucket, not cumulative.
    struct Series: Sendable {
        var calls: UInt64 = 0
        var sumMilliseconds: Double = 0
        var bucketCounts: [UInt64]
        var exemplars: [Exemplar?]
        /// Tempo's seconds histogram (empty unless the `tempo` naming is on).
        var tempoBucketCounts: [UInt64]
        var tempoExemplars: [Exemplar?]
        /// Bytes of the spans counted (Tempo's `traces_spanmetrics_size_total`).
        var sizeBytes: UInt64 = 0
        /// When a span last counted here, on the monotonic clock.
        var lastUpdatedNanos: UInt64 = 0
        /// When the series started from zero (OpenMetrics `_created`).
        var createdUnixNano = WallClock.unixNano()

        init(bucketCount: Int, tempoBucketCount: Int) {
            bucketCounts = Array(repeating: 0, count: bucketCount)
            exemplars = Array(repeating: nil, count: bucketCount)
            tempoBucketCounts = Array(repeating: 0, count: tempoBucketCount)
            tempoExemplars = Array(repeating: nil, count: tempoBucketCount)
        }
    }

    struct State: Sendable {
        var bucketCount: Int
        var tempoBucketCount: Int
        var series: [SeriesKey: Series] = [:]
        /// The series of each label-bytes key seen (`BatchSums` keys); series past the limit are not in it.
        var keys: [ByteKey: SeriesKey] = [:]
        var overflow: Series?
        /// Distinct series refused past `max_series` (counted once per batch they appear in), and expired.
        var refusedSeries: UInt64 = 0
        var expiredSeries: UInt64 = 0

        init(bucketCount: Int, tempoBucketCount: Int) {
            self.bucketCount = bucketCount
            self.tempoBucketCount = tempoBucketCount
        }

        var emptySeries: Series { Series(bucketCount: bucketCount, tempoBucketCount: tempoBucketCount) }

        /// Adds series `index` of a batch's sums to its series (made with `makeKey` when first seen), or to the
        /// overflow series once `maxSeries` are held.
        mutating func merge(
            _ sums: borrowing BatchSums, _ index: Int, keyBytes: UnsafeRawBufferPointer, maxSeries: Int, now: UInt64,
            makeKey: () -> SeriesKey
        ) {
            if let key = keys[ByteKey(borrowing: keyBytes)], let slot = series.index(forKey: key) {
                sums.add(index, to: &series.values[slot], now: now)
            } else if series.count < maxSeries {
                let key = makeKey()
                var new = series[key] ?? emptySeries
                sums.add(index, to: &new, now: now)
                series[key] = new
                keys[ByteKey(borrowing: keyBytes).owned] = key
            } else {
                var overflowSeries = overflow ?? emptySeries
                sums.add(index, to: &overflowSeries, now: now)
                overflow = overflowSeries
                refusedSeries &+= 1
            }
        }
    }
}
