/// Calls, errors and the duration histogram of one (service, span name, span kind), summed over status codes
/// and extra dimensions: what a services view shows.
public struct OperationStatistics: Sendable, Hashable {
    public var service: String
    public var spanName: String
    public var spanKind: SpanKind
    public var calls: UInt64
    public var errors: UInt64
    /// Per bucket (not cumulative), the last one +Inf.
    public var bucketCounts: [UInt64]

    public init(
        service: String, spanName: String, spanKind: SpanKind, calls: UInt64 = 0, errors: UInt64 = 0,
        bucketCounts: [UInt64]
    ) {
        self.service = service
        self.spanName = spanName
        self.spanKind = spanKind
        self.calls = calls
        self.errors = errors
        self.bucketCounts = bucketCounts
    }

    /// Adds another operation's counts (same buckets).
    mutating func add(calls: UInt64, errors: UInt64, buckets: [UInt64]) {
        self.calls &+= calls
        self.errors &+= errors
        for index in bucketCounts.indices where index < buckets.count { bucketCounts[index] &+= buckets[index] }
    }

    /// The `quantile` of durations in milliseconds, interpolated within its bucket as Prometheus'
    /// `histogram_quantile` does; nil without calls. A quantile in the +Inf bucket answers the highest bound.
    public func quantile(_ quantile: Double, bounds: [Double]) -> Double? {
        let total = bucketCounts.reduce(0, &+)
        guard total > 0 else { return nil }
        let rank = quantile * Double(total)
        var cumulative: UInt64 = 0
        for (index, count) in bucketCounts.enumerated() {
            let below = cumulative
            cumulative &+= count
            guard Double(cumulative) >= rank, count > 0 else { continue }
            guard index < bounds.count else { return bounds.last }
            let lower = index == 0 ? 0 : bounds[index - 1]
            let upper = bounds[index]
            return lower + (upper - lower) * (rank - Double(below)) / Double(count)
        }
        return bounds.last
    }
}

extension SpanMetrics {
    /// Every operation's totals since the agent started, by service then span name then kind.
    public func operationStatistics() -> [OperationStatistics] {
        let state = snapshot()
        var byOperation: [ServiceSpanName: [SpanKind: OperationStatistics]] = [:]
        for (key, series) in state.series {
            let name = ServiceSpanName(service: key.service, spanName: key.name)
            let errors = key.status == .error ? series.calls : 0
            byOperation[name, default: [:]][key.kind, default: OperationStatistics(
                service: key.service, spanName: key.name, spanKind: key.kind, calls: 0, errors: 0,
                bucketCounts: Array(repeating: 0, count: state.bucketCount))]
                .add(calls: series.calls, errors: errors, buckets: series.bucketCounts)
        }
        return byOperation.values.flatMap(\.values).sorted {
            ($0.service, $0.spanName, $0.spanKind.rawValue) < ($1.service, $1.spanName, $1.spanKind.rawValue)
        }
    }
}

extension OperationStatistics {
    /// Adds another operation's counts, e.g. to total a service.
    public mutating func add(_ other: OperationStatistics) {
        add(calls: other.calls, errors: other.errors, buckets: other.bucketCounts)
    }
}
