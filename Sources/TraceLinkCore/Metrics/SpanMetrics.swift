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

    /// Counts each span once.
    public func record(_ spans: some Collection<Span>) {
        guard !spans.isEmpty else { return }
        let bounds = configuration.bucketsMilliseconds
        let dimensions = configuration.dimensions
        let maxSeries = configuration.maxSeries
        state.withLock { state in
            for span in spans {
                let key = SeriesKey(span: span, dimensions: dimensions)
                let milliseconds = Double(span.durationNanos) / 1_000_000
                let bucket = Self.bucketIndex(of: milliseconds, in: bounds)
                state.record(key: key, milliseconds: milliseconds, bucket: bucket, traceID: span.traceID,
                             timeUnixNano: span.endUnixNano, maxSeries: maxSeries)
            }
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
        var overflow: Series?

        init(bucketCount: Int) { self.bucketCount = bucketCount }

        mutating func record(
            key: SeriesKey, milliseconds: Double, bucket: Int, traceID: TraceID, timeUnixNano: UInt64, maxSeries: Int
        ) {
            if series[key] != nil || series.count < maxSeries {
                series[key, default: Series(bucketCount: bucketCount)]
                    .add(milliseconds: milliseconds, bucket: bucket, traceID: traceID, timeUnixNano: timeUnixNano)
            } else {
                var overflowSeries = overflow ?? Series(bucketCount: bucketCount)
                overflowSeries.add(milliseconds: milliseconds, bucket: bucket, traceID: traceID, timeUnixNano: timeUnixNano)
                overflow = overflowSeries
            }
        }
    }
}
