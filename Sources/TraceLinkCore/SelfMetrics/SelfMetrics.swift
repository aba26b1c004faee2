import Synchronization

/// The agent's own metrics (`tracelink_` prefix), registered by each component and rendered on `/metrics`.
///
/// Registering the same name and labels twice returns the same instrument, so components can ask
/// for their counters without coordinating; registering a name with another type is a programming error
/// caught by a precondition in debug builds and ignored (first registration wins) in release.
public final class SelfMetrics: Sendable {
    public enum Kind: String, Sendable { case counter, gauge }

    struct Family {
        var kind: Kind
        var help: String
        var counters: [[LabelPair]: Counter] = [:]
        var gauges: [[LabelPair]: Gauge] = [:]
    }

    public struct LabelPair: Hashable, Sendable {
        public var name: String
        public var value: String
        public init(_ name: String, _ value: String) {
            self.name = name
            self.value = value
        }
    }

    private let families = Mutex<[String: Family]>([:])

    public init() {}

    /// The counter `name{labels}`; `name` ends in `_total` by convention.
    public func counter(_ name: String, help: String, labels: [(String, String)] = []) -> Counter {
        let key = labels.map { LabelPair($0.0, $0.1) }
        return families.withLock { families in
            var family = families[name] ?? Family(kind: .counter, help: help)
            assert(family.kind == .counter, "\(name) registered as \(family.kind) and counter")
            if let existing = family.counters[key] { return existing }
            let counter = Counter()
            family.counters[key] = counter
            families[name] = family
            return counter
        }
    }

    /// The gauge `name{labels}`.
    public func gauge(_ name: String, help: String, labels: [(String, String)] = []) -> Gauge {
        let key = labels.map { LabelPair($0.0, $0.1) }
        return families.withLock { families in
            var family = families[name] ?? Family(kind: .gauge, help: help)
            assert(family.kind == .gauge, "\(name) registered as \(family.kind) and gauge")
            if let existing = family.gauges[key] { return existing }
            let gauge = Gauge()
            family.gauges[key] = gauge
            families[name] = family
            return gauge
        }
    }

    /// Removes a gauge series that no longer exists (e.g. a file no longer watched).
    public func removeGauge(_ name: String, labels: [(String, String)]) {
        let key = labels.map { LabelPair($0.0, $0.1) }
        families.withLock { families in _ = families[name]?.gauges.removeValue(forKey: key) }
    }

    /// Every family, sorted by name and labels.
    public func metricFamilies() -> [MetricFamily] {
        let snapshot = families.withLock { $0 }
        return snapshot.keys.sorted().compactMap { name in
            guard let family = snapshot[name] else { return nil }
            switch family.kind {
            case .counter:
                var result = MetricFamily.counter(name, help: family.help, unit: Self.unit(of: name))
                for (labels, counter) in family.counters.sorted(by: { Self.sortKey($0.key) < Self.sortKey($1.key) }) {
                    result.addCounter(labels.map { ($0.name, $0.value) }, counter.value, createdUnixNano: counter.createdUnixNano)
                }
                return result
            case .gauge:
                var result = MetricFamily.gauge(name, help: family.help, unit: Self.unit(of: name))
                for (labels, gauge) in family.gauges.sorted(by: { Self.sortKey($0.key) < Self.sortKey($1.key) }) {
                    result.addGauge(labels.map { ($0.name, $0.value) }, gauge.value)
                }
                return result
            }
        }
    }

    /// The unit a name ends with, by the Prometheus naming conventions.
    static func unit(of name: String) -> String? {
        let base = name.hasSuffix("_total") ? String(name.dropLast(6)) : name
        for unit in ["seconds", "bytes", "ratio"] where base.hasSuffix("_" + unit) { return unit }
        return nil
    }

    /// Appends every family in Prometheus text 0.0.4 (or OpenMetrics 1.0), sorted by name and labels.
    public func render(into output: inout String, openMetrics: Bool = false) {
        ExpositionWriter.write(metricFamilies(), format: openMetrics ? .openMetrics : .prometheus, into: &output)
    }

    private static func sortKey(_ labels: [LabelPair]) -> String {
        labels.map { "\($0.name)=\($0.value)" }.joined(separator: ",")
    }
}
extension SelfMetrics: MetricFamilySource {}
