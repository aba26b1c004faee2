import Synchronization

extension CorrelationStore {
    /// Appends the correlation families in Prometheus text 0.0.4: log record counts by source and severity,
    /// with a trace, joined to spans, error logs per span, and per-service instrumentation shares over what
    /// the store holds now. Eviction counters and size gauges live in the `SelfMetrics` given at init.
    public func render(into output: inout String) {
        let snapshot = counters.withLock { $0 }
        let overflow = [("otel_metric_overflow", "true")]

        Self.family(
            "tracelink_log_records_total", type: "counter", help: "Log records received, by source and severity.",
            into: &output)
        for (key, value) in snapshot.logRecords.sorted(by: {
            ($0.key.source, $0.key.severity) < ($1.key.source, $1.key.severity)
        }) {
            Self.sample(
                "tracelink_log_records_total", [("source", key.source), ("severity", key.severity)], value, &output)
        }
        if snapshot.logRecordsOverflow > 0 {
            Self.sample("tracelink_log_records_total", overflow, snapshot.logRecordsOverflow, &output)
        }

        Self.family(
            "tracelink_log_records_with_trace_total", type: "counter",
            help: "Log records that carried a trace id, by source.", into: &output)
        for (source, value) in snapshot.withTrace.sorted(by: { $0.key < $1.key }) {
            Self.sample("tracelink_log_records_with_trace_total", [("source", source)], value, &output)
        }
        if snapshot.withTraceOverflow > 0 {
            Self.sample("tracelink_log_records_with_trace_total", overflow, snapshot.withTraceOverflow, &output)
        }

        Self.family(
            "tracelink_log_records_joined_total", type: "counter",
            help: "Log records held together with spans of their trace (counted once, whichever came first).",
            into: &output)
        for (source, value) in snapshot.joined.sorted(by: { $0.key < $1.key }) {
            Self.sample("tracelink_log_records_joined_total", [("source", source)], value, &output)
        }
        if snapshot.joinedOverflow > 0 {
            Self.sample("tracelink_log_records_joined_total", overflow, snapshot.joinedOverflow, &output)
        }

        Self.family(
            "tracelink_span_error_logs_total", type: "counter",
            help: "Logs at ERROR or above attached to a span, by the span's service and name.", into: &output)
        let errorLogs = snapshot.spanErrorLogs.sorted {
            ($0.key.service, $0.key.spanName) < ($1.key.service, $1.key.spanName)
        }
        for (key, value) in errorLogs {
            Self.sample(
                "tracelink_span_error_logs_total", [("service_name", key.service), ("span_name", key.spanName)], value,
                &output)
        }
        if snapshot.spanErrorLogsOverflow > 0 {
            Self.sample("tracelink_span_error_logs_total", overflow, snapshot.spanErrorLogsOverflow, &output)
        }

        let shares = recentInstrumentationShares()
        Self.family(
            "tracelink_service_traces_with_logs_ratio", type: "gauge",
            help: "Of the held traces with a span of the service, the share that also has a log of that service.",
            into: &output)
        for share in shares where share.traces > 0 {
            Self.sample(
                "tracelink_service_traces_with_logs_ratio", [("service_name", share.service)],
                Double(share.tracesWithLogs) / Double(share.traces), &output)
        }
        Self.family(
            "tracelink_service_logs_joined_ratio", type: "gauge",
            help: "Of the held logs of the service (with or without trace id), the share whose trace has spans.",
            into: &output)
        for share in shares where share.logs > 0 {
            Self.sample(
                "tracelink_service_logs_joined_ratio", [("service_name", share.service)],
                Double(share.joinedLogs) / Double(share.logs), &output)
        }
    }

    /// `instrumentationShares()` computed at most a second ago: the gauges of a scrape, cheap for a scraper that
    /// polls often.
    func recentInstrumentationShares() -> [InstrumentationShare] {
        let now = clock.now()
        if let cached = cachedShares.withLock({ $0 }), now &- cached.computedAt < Self.sharesMaxAgeNanos {
            return cached.shares
        }
        let shares = instrumentationShares()
        cachedShares.withLock { $0 = (now, shares) }
        return shares
    }

    /// Per-service counts over what the store holds now, sorted by service, at most `seriesLimit` services.
    public func instrumentationShares() -> [InstrumentationShare] {
        var byService: [String: InstrumentationShare] = [:]
        func update(_ service: String, _ body: (inout InstrumentationShare) -> Void) {
            if let slot = byService.index(forKey: service) {
                body(&byService.values[slot])
            } else if byService.count < configuration.seriesLimit {
                var share = InstrumentationShare(service: service)
                body(&share)
                byService[service] = share
            }
        }
        let now = clock.now()
        for index in shards.indices {
            withShard(index, now: now) { shard in
                for record in shard.records.values {
                    for service in record.spanServices {
                        let hasLogs = record.hasLogs(of: service)
                        update(service) { share in
                            share.traces += 1
                            if hasLogs { share.tracesWithLogs += 1 }
                        }
                    }
                    let joined = record.spanCount > 0
                    for (service, count) in record.logServices {
                        update(service) { share in
                            share.logs += count
                            if joined { share.joinedLogs += count }
                        }
                    }
                }
            }
        }
        untraced.withLock { ring in
            for (service, count) in ring.serviceCounts {
                update(service) { $0.logs += count }
            }
        }
        return byService.values.sorted { $0.service < $1.service }
    }

    private static func family(_ name: String, type: String, help: String, into output: inout String) {
        output += "# HELP \(name) \(PrometheusText.escapeHelp(help))\n# TYPE \(name) \(type)\n"
    }

    private static func sample(_ name: String, _ labels: [(String, String)], _ value: UInt64, _ output: inout String) {
        output += name
        PrometheusText.appendLabels(labels, to: &output)
        output += " \(value)\n"
    }

    private static func sample(_ name: String, _ labels: [(String, String)], _ value: Double, _ output: inout String) {
        output += name
        PrometheusText.appendLabels(labels, to: &output)
        output += " \(value)\n"
    }
}
