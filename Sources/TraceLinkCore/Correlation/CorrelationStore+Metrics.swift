import Synchronization

extension CorrelationStore {
    /// The correlation families: log record counts by source and severity, with a trace, joined to spans, error
    /// logs per span, and per-service instrumentation shares over what the store holds now. Eviction counters and
    /// size gauges live in the `SelfMetrics` given at init.
    public func metricFamilies() -> [MetricFamily] {
        let snapshot = counters.withLock { $0 }
        let overflow = [("otel_metric_overflow", "true")]

        var records = MetricFamily.counter("tracelink_log_records", help: "Log records received, by source and severity.")
        for (key, value) in snapshot.logRecords.sorted(by: {
            ($0.key.source, $0.key.severity) < ($1.key.source, $1.key.severity)
        }) {
            records.addCounter([("source", key.source), ("severity", key.severity)], value)
        }
        if snapshot.logRecordsOverflow > 0 { records.addCounter(overflow, snapshot.logRecordsOverflow) }

        var withTrace = MetricFamily.counter(
            "tracelink_log_records_with_trace", help: "Log records that carried a trace id, by source.")
        for (source, value) in snapshot.withTrace.sorted(by: { $0.key < $1.key }) {
            withTrace.addCounter([("source", source)], value)
        }
        if snapshot.withTraceOverflow > 0 { withTrace.addCounter(overflow, snapshot.withTraceOverflow) }

        var joined = MetricFamily.counter(
            "tracelink_log_records_joined",
            help: "Log records held together with spans of their trace (counted once, whichever came first).")
        for (source, value) in snapshot.joined.sorted(by: { $0.key < $1.key }) {
            joined.addCounter([("source", source)], value)
        }
        if snapshot.joinedOverflow > 0 { joined.addCounter(overflow, snapshot.joinedOverflow) }

        var errorLogs = MetricFamily.counter(
            "tracelink_span_error_logs", help: "Logs at ERROR or above attached to a span, by the span's service and name.")
        for (key, value) in snapshot.spanErrorLogs.sorted(by: {
            ($0.key.service, $0.key.spanName) < ($1.key.service, $1.key.spanName)
        }) {
            errorLogs.addCounter([("service_name", key.service), ("span_name", key.spanName)], value)
        }
        if snapshot.spanErrorLogsOverflow > 0 { errorLogs.addCounter(overflow, snapshot.spanErrorLogsOverflow) }

        let shares = instrumentationShares()
        var tracesWithLogs = MetricFamily.gauge(
            "tracelink_service_traces_with_logs_ratio",
            help: "Of the held traces with a span of the service, the share that also has a log of that service.",
            unit: "ratio")
        for share in shares where share.traces > 0 {
            tracesWithLogs.addGauge([("service_name", share.service)], Double(share.tracesWithLogs) / Double(share.traces))
        }
        var logsJoined = MetricFamily.gauge(
            "tracelink_service_logs_joined_ratio",
            help: "Of the held logs of the service (with or without trace id), the share whose trace has spans.",
            unit: "ratio")
        for share in shares where share.logs > 0 {
            logsJoined.addGauge([("service_name", share.service)], Double(share.joinedLogs) / Double(share.logs))
        }
        var spare = MetricFamily.gauge(
            "tracelink_store_spare_bytes", help: "Freed store chunks kept for reuse, outside tracelink_store_bytes.",
            unit: "bytes")
        spare.addGauge([], Double(chunks.bytes))
        return [records, withTrace, joined, errorLogs, tracesWithLogs, logsJoined, spare]
    }

    /// Appends the correlation families in Prometheus text 0.0.4 (or OpenMetrics 1.0).
    public func render(into output: inout String, openMetrics: Bool = false) {
        ExpositionWriter.write(metricFamilies(), format: openMetrics ? .openMetrics : .prometheus, into: &output)
    }

    /// Per-service counts over what the store holds now, sorted by service, at most `seriesLimit` services: the
    /// shards' running tallies merged, never a walk over the held traces.
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
            let tally = withShard(index, now: now) { $0.shares.entries }
            for (service, counts) in tally {
                update(service) { share in
                    share.traces += counts.traces
                    share.tracesWithLogs += counts.tracesWithLogs
                    share.logs += counts.logs
                    share.joinedLogs += counts.joinedLogs
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
}

extension CorrelationStore: MetricFamilySource {}
