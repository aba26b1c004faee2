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

    /// Counts spans made in code (tests, tools) through their canonical form.
    public func record(_ spans: some Collection<Span>) { record(SpanBatch(spans)) }

    /// Counts each span of the batch once, reading only its fixed fields and the bytes of its service and name.
    /// The batch is summed per series first, keyed by those bytes (`BatchSums`), so the lock is taken once and held
    /// only to merge one entry per distinct series (a request's thousand spans fall in a few dozen); a series'
    /// label strings are made only when it is first seen.
    public func record(_ batch: SpanBatch) {
        guard !batch.isEmpty else { return }
        let bounds = configuration.bucketsMilliseconds
        var sums = BatchSums(bucketCount: bounds.count + 1, dimensions: configuration.dimensions)
        batch.bytes.withUnsafeBytes { raw in
            for index in batch.spans.indices {
                let span = batch.spans[index]
                let milliseconds = Double(span.durationNanos) / 1_000_000
                sums.add(
                    span: index, of: batch, raw: raw, milliseconds: milliseconds,
                    bucket: Self.bucketIndex(of: milliseconds, in: bounds))
            }
        }
        let maxSeries = configuration.maxSeries
        state.withLock { sums.merge(into: &$0, batch: batch, maxSeries: maxSeries) }
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

        /// The labels of a batch's span, made when its series is first seen.
        init(span index: Int, of batch: SpanBatch, dimensions: [String]) {
            let entry = batch.spans[index]
            let scope = batch.scopes[Int(entry.scope)]
            self.service = scope.service.isEmpty ? "unknown_service" : batch.text(scope.service)
            self.name = batch.text(entry.name)
            self.kind = entry.kind
            self.status = entry.status
            self.dimensionValues = dimensions.isEmpty ? [] : SpanMetrics.dimensionValues(of: entry, in: batch, dimensions)
        }
    }

    /// The values of the configured span attributes, as text ("" when absent).
    static func dimensionValues(of entry: SpanEntry, in batch: SpanBatch, _ dimensions: [String]) -> [String] {
        var values = [String](repeating: "", count: dimensions.count)
        batch.withBytes(entry.span) { span in
            var cursor = ProtobufCursor(span)
            while !cursor.isAtEnd, let (field, wireType) = try? cursor.readTag() {
                if field == 9, wireType == .lengthDelimited, let keyValue = try? cursor.readLengthDelimited() {
                    let attribute = OTLPSpanBytes.keyValue(keyValue, nesting: 0)
                    if let slot = dimensions.firstIndex(of: attribute.key) { values[slot] = attribute.value.text }
                } else if (try? cursor.skip(wireType)) == nil {
                    break
                }
            }
        }
        return values
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

    struct State: Sendable {
        var bucketCount: Int
        var series: [SeriesKey: Series] = [:]
        /// The series of each label-bytes key seen (`BatchSums` keys); series past the limit are not in it.
        var keys: [ByteKey: SeriesKey] = [:]
        var overflow: Series?

        init(bucketCount: Int) { self.bucketCount = bucketCount }

        /// Adds series `index` of a batch's sums to its series (made with `makeKey` when first seen), or to the
        /// overflow series once `maxSeries` are held.
        mutating func merge(
            _ sums: borrowing BatchSums, _ index: Int, keyBytes: UnsafeRawBufferPointer, maxSeries: Int, makeKey: () -> SeriesKey
        ) {
            if let key = keys[ByteKey(borrowing: keyBytes)], let slot = series.index(forKey: key) {
                sums.add(index, to: &series.values[slot])
            } else if series.count < maxSeries {
                let key = makeKey()
                var new = series[key] ?? Series(bucketCount: bucketCount)
                sums.add(index, to: &new)
                series[key] = new
                keys[ByteKey(borrowing: keyBytes).owned] = key
            } else {
                var overflowSeries = overflow ?? Series(bucketCount: bucketCount)
                sums.add(index, to: &overflowSeries)
                overflow = overflowSeries
            }
        }
    }
}
