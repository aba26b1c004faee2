import TraceLinkCore
import Yams

extension ConfigReader {
    /// `span_metrics:` — buckets, dimensions (names, or `{name, default}`), series limit and expiry, exemplars,
    /// namings and span-name hygiene.
    func spanMetrics(default defaults: SpanMetricsConfiguration) throws(ConfigError) -> SpanMetricsConfiguration {
        var config = defaults
        config.bucketsMilliseconds = try doubleList("buckets_ms", default: defaults.bucketsMilliseconds)
        let buckets = config.bucketsMilliseconds
        if buckets.isEmpty || zip(buckets, buckets.dropFirst()).contains(where: { $0 >= $1 })
            || buckets.contains(where: { !$0.isFinite || $0 <= 0 })
        {
            throw error("buckets_ms", node("buckets_ms"), "expected a non-empty list of positive, strictly increasing numbers")
        }
        (config.dimensions, config.dimensionDefaults) = try dimensions(default: (defaults.dimensions, defaults.dimensionDefaults))
        config.maxSeries = try int("max_series", default: defaults.maxSeries, in: 1...10_000_000)
        config.exemplars = try bool("exemplars", default: defaults.exemplars)
        config.naming = try names("naming", default: defaults.naming)
        if config.naming.isEmpty { throw error("naming", node("naming"), "expected at least one of: otel, tempo") }
        config.nameRules = Set(try names("span_name_hygiene", default: Array(defaults.nameRules)))
        let expiry = try duration("series_expiry", default: .nanoseconds(Int64(defaults.seriesExpiryNanos ?? 0)))
        let (seconds, attoseconds) = expiry.components
        let nanos = UInt64(max(seconds, 0)) &* 1_000_000_000 &+ UInt64(max(attoseconds, 0) / 1_000_000_000)
        config.seriesExpiryNanos = nanos == 0 ? nil : nanos
        try finish()
        return config
    }

    /// `service_graph:` — enabled, wait, max_pending, max_edges, buckets_seconds.
    func serviceGraph(default defaults: ServiceGraph.Configuration) throws(ConfigError) -> ServiceGraph.Configuration {
        var config = defaults
        config.enabled = try bool("enabled", default: defaults.enabled)
        let wait = try duration("wait", default: .nanoseconds(Int64(defaults.waitNanos)))
        let (seconds, attoseconds) = wait.components
        config.waitNanos = UInt64(max(seconds, 0)) &* 1_000_000_000 &+ UInt64(max(attoseconds, 0) / 1_000_000_000)
        config.maxPending = try int("max_pending", default: defaults.maxPending, in: 1...10_000_000)
        config.maxEdges = try int("max_edges", default: defaults.maxEdges, in: 1...1_000_000)
        config.bucketsSeconds = try doubleList("buckets_seconds", default: defaults.bucketsSeconds)
        let buckets = config.bucketsSeconds
        if buckets.isEmpty || zip(buckets, buckets.dropFirst()).contains(where: { $0 >= $1 })
            || buckets.contains(where: { !$0.isFinite || $0 <= 0 })
        {
            throw error("buckets_seconds", node("buckets_seconds"), "expected a non-empty list of positive, strictly increasing numbers")
        }
        try finish()
        return config
    }

    /// A value or list of values of a string enum (`naming: tempo`, `naming: [otel, tempo]`).
    private func names<Name: RawRepresentable & CaseIterable>(_ key: String, default value: [Name]) throws(ConfigError)
        -> [Name] where Name.RawValue == String
    {
        guard let node = node(key) else { return value }
        let texts: [String]
        if case .scalar(let scalar) = node {
            texts = [scalar.string]
        } else {
            texts = try stringList(key, default: [])
        }
        var result: [Name] = []
        for text in texts {
            guard let name = Name(rawValue: text) else {
                let known = Name.allCases.map(\.rawValue).joined(separator: ", ")
                throw error(key, node, "unknown value \"\(text)\"; expected some of: \(known)")
            }
            if !result.contains(where: { $0.rawValue == name.rawValue }) { result.append(name) }
        }
        return result
    }

    /// `dimensions:` entries: a key, or `{name: key, default: value}`.
    private func dimensions(default value: ([String], [String: String])) throws(ConfigError) -> ([String], [String: String]) {
        guard let node = node("dimensions") else { return value }
        guard case .sequence(let sequence) = node else {
            throw error("dimensions", node, "expected a list of attribute keys, found \(Self.kind(of: node))")
        }
        var names: [String] = []
        var defaults: [String: String] = [:]
        for (index, element) in sequence.enumerated() {
            if case .scalar(let scalar) = element, !scalar.string.isEmpty {
                names.append(scalar.string)
                continue
            }
            let entry = try ConfigReader(file: file, path: keyPath("dimensions[\(index)]"), node: element)
            let name = try entry.string("name", default: "")
            guard !name.isEmpty else { throw entry.error("name", entry.node("name"), "expected the attribute key") }
            names.append(name)
            if let fallback = try entry.optionalString("default") { defaults[name] = fallback }
            try entry.finish()
        }
        return (names, defaults)
    }
}
