import Synchronization

/// Holds recent spans and log events joined by trace id, whatever order they arrive in, and answers the
/// correlated-events API: a trace with every log in place, recent traces, logs, attribute search, context logs.
///
/// Traces are sharded by the low 64 bits of their id, so a 64-bit id (Datadog, B3, Jaeger) lands in the same
/// record as the 128-bit trace whose low half it equals. Batches take each shard's lock once. The store is
/// bounded by an approximate memory budget and by age on the injected monotonic clock; the oldest traces go
/// first and every eviction is counted. Logs without a trace id go to a bounded ring per service, the ones
/// context logs join by time.
///
/// Items are stored encoded (`CompactWriter`), with repeated strings interned per shard (`StringTable`, at most
/// 4096 a shard, never evicted, counted in the bytes held), so a stored span or JSON log line costs less than its
/// raw payload; queries decode outside the shard lock from a copy-on-write snapshot of the record.
///
/// Counting joins: a log with a trace id counts once in `tracelink_log_records_joined_total` as soon as the
/// store holds both it and a span of its trace — at insert when the spans came first, or when the trace's
/// first span arrives for logs that came first. Logs evicted before any span arrived never count as joined.
public final class CorrelationStore: Sendable {
    final class ShardBox: Sendable {
        let state: Mutex<CorrelationShard>

        init(_ configuration: Configuration, scopes: ResourceScopeTable, chunks: ChunkPool) {
            var shard = CorrelationShard(scopeTable: scopes, arena: ItemArena(pool: chunks))
            shard.maxSpansPerTrace = max(configuration.maxSpansPerTrace, 1)
            shard.maxLogsPerTrace = max(configuration.maxLogsPerTrace, 1)
            state = Mutex(shard)
        }
    }

    public let configuration: Configuration
    /// Correlations as they happen, for server-sent events.
    public let events: CorrelationEventFeed

    let clock: MonotonicClock
    /// The resources and scopes of the spans held, each once.
    let resourceScopes: ResourceScopeTable
    let shards: [ShardBox]
    /// The shards' spare chunks.
    let chunks: ChunkPool
    let shardShift: UInt64
    let untraced = Mutex(UntracedLogRing())
    let counters: Mutex<CorrelationCounters>
    let nextSeq = Atomic<UInt64>(1)
    let tracedBytes = Atomic<Int>(0)
    let untracedBytes = Atomic<Int>(0)
    /// Serialises memory-eviction passes, and holds the lists they fill; ingest never waits on it unless the budget
    /// is exceeded.
    let evictionLock = Mutex(EvictionScratch())

    let evictedByMemory: Counter
    let evictedByAge: Counter
    let untracedEvictedByMemory: Counter
    let untracedEvictedByAge: Counter
    let duplicateSpans: Counter
    let spansOverTraceLimit: Counter
    let logsOverTraceLimit: Counter
    let tracesGauge: Gauge
    let spansGauge: Gauge
    let logsGauge: Gauge
    let untracedLogsGauge: Gauge
    let bytesGauge: Gauge

    /// - Parameters:
    ///   - metrics: where the store registers its eviction counters and size gauges.
    ///   - clock: the agent's monotonic clock; ages are measured on it, never on event timestamps.
    public init(
        configuration: Configuration = .default,
        metrics: SelfMetrics = SelfMetrics(),
        clock: MonotonicClock = .continuous
    ) {
        self.configuration = configuration
        self.clock = clock
        var shardBits: UInt64 = 0
        while (1 << shardBits) < max(configuration.shardCount, 1) && shardBits < 12 { shardBits += 1 }
        let resourceScopes = ResourceScopeTable()
        self.resourceScopes = resourceScopes
        let chunks = ChunkPool(budget: configuration.tracedBudgetBytes, shards: 1 << shardBits)
        self.chunks = chunks
        self.shards = (0..<(1 << shardBits)).map { _ in
            ShardBox(configuration, scopes: resourceScopes, chunks: chunks)
        }
        self.shardShift = 64 - shardBits
        self.counters = Mutex(CorrelationCounters(seriesLimit: max(configuration.seriesLimit, 1)))

        let evicted = "Traces dropped from the correlation store, by reason (memory budget or age)."
        evictedByMemory = metrics.counter(
            "tracelink_store_evicted_traces_total", help: evicted, labels: [("reason", "memory")])
        evictedByAge = metrics.counter(
            "tracelink_store_evicted_traces_total", help: evicted, labels: [("reason", "age")])
        let untracedHelp = "Logs without trace id dropped from the context ring, by reason (memory budget or age)."
        untracedEvictedByMemory = metrics.counter(
            "tracelink_store_evicted_untraced_logs_total", help: untracedHelp, labels: [("reason", "memory")])
        untracedEvictedByAge = metrics.counter(
            "tracelink_store_evicted_untraced_logs_total", help: untracedHelp, labels: [("reason", "age")])
        let refused = "Items refused because their trace holds its maximum (store.max_spans_per_trace, max_logs_per_trace)."
        spansOverTraceLimit = metrics.counter(
            "tracelink_store_items_refused_total", help: refused, labels: [("kind", "span"), ("reason", "per_trace_limit")])
        logsOverTraceLimit = metrics.counter(
            "tracelink_store_items_refused_total", help: refused, labels: [("kind", "log"), ("reason", "per_trace_limit")])
        duplicateSpans = metrics.counter(
            "tracelink_store_duplicate_spans_total", help: "Spans ignored because their trace already held their id.")
        tracesGauge = metrics.gauge("tracelink_store_traces", help: "Traces held by the correlation store.")
        spansGauge = metrics.gauge("tracelink_store_spans", help: "Spans held by the correlation store.")
        logsGauge = metrics.gauge("tracelink_store_logs", help: "Log events with a trace id held by the store.")
        untracedLogsGauge = metrics.gauge(
            "tracelink_store_untraced_logs", help: "Log events without a trace id held for context logs.")
        bytesGauge = metrics.gauge(
            "tracelink_store_bytes", help: "Approximate bytes held by the correlation store.")
        events = CorrelationEventFeed(
            bufferSize: configuration.eventBufferSize,
            dropped: metrics.counter(
                "tracelink_store_events_dropped_total",
                help: "Correlation events dropped because a subscriber fell behind."))
    }

    @inline(__always)
    func shardIndex(_ low: UInt64) -> Int {
        shards.count == 1 ? 0 : Int(truncatingIfNeeded: (low &* 0x9E37_79B9_7F4A_7C15) >> shardShift)
    }

    /// The age cutoff on the monotonic clock: items first seen before it are expired.
    func expiryCutoff(_ now: UInt64) -> UInt64? {
        let maxAge = configuration.maxAgeNanos
        return now > maxAge ? now - maxAge : nil
    }

    /// Runs `body` on one shard under its lock, after dropping that shard's expired traces.
    func withShard<Result>(_ index: Int, now: UInt64, _ body: (inout CorrelationShard) -> Result) -> Result {
        var effects = ShardEffects(wantsEvents: false)
        let cutoff = expiryCutoff(now)
        let result = shards[index].state.withLock { shard in
            if let cutoff { shard.expire(firstSeenBefore: cutoff, effects: &effects) }
            return body(&shard)
        }
        if effects.evictedByAge > 0 { apply(effects) }
        return result
    }

    // MARK: - Ingest

    /// Adds spans made in code (tests, tools): their canonical form, stored as any received batch.
    public func insert(spans: [Span]) { insert(spans: SpanBatch(spans)) }

    /// Adds a batch of spans; each shard's lock is taken once. The spans' bytes are appended as received.
    public func insert(spans batch: SpanBatch) {
        guard !batch.isEmpty else { return }
        let now = clock.now()
        let firstSeq = nextSeq.wrappingAdd(UInt64(batch.count), ordering: .relaxed).oldValue
        let scopes = resourceScopes.intern(batch)
        let partition = ShardPartition(count: batch.count, shards: shards.count) {
            shardIndex(batch.spans[$0].traceID.low)
        }
        var effects = ShardEffects(wantsEvents: events.hasSubscribers)
        let cutoff = expiryCutoff(now)
        batch.bytes.withUnsafeBytes { raw in
            for shardIndex in shards.indices {
                let indices = partition.indices(of: shardIndex)
                guard !indices.isEmpty else { continue }
                shards[shardIndex].state.withLock { shard in
                    if let cutoff { shard.expire(firstSeenBefore: cutoff, effects: &effects) }
                    shard.insert(
                        spans: batch, in: raw, scopes: scopes, indices: indices, firstSeq: firstSeq, now: now,
                        effects: &effects)
                }
            }
        }
        if effects.wantsEvents { effects.events.append(.tracesUpdated(traceIDs: Self.distinctTraceIDs(of: batch))) }
        apply(effects)
        enforceMemoryBudget()
    }

    /// How many trace ids one `tracesUpdated` event names at most.
    public static let updatedTracesPerEvent = 100

    static func distinctTraceIDs(of batch: SpanBatch) -> [TraceID] {
        var seen: Set<TraceID> = []
        var ids: [TraceID] = []
        for span in batch.spans where ids.count < updatedTracesPerEvent && seen.insert(span.traceID).inserted {
            ids.append(span.traceID)
        }
        return ids
    }

    /// Adds a batch of log events: those with a trace id join their trace, the others go to the context ring.
    public func insert(logs batch: [LogEvent]) { insert(items: batch) }

    /// Adds a file's lines as read: those with a trace id join their trace, the others go to the context ring.
    public func insert(lines batch: LineBatch) { insert(items: batch) }

    /// Adds journal entries as read: those with a trace id join their trace, the others go to the context ring.
    public func insert(journal batch: JournalBatch) { insert(items: batch) }

    private func insert<Items: LogItems>(items batch: Items) {
        guard batch.count > 0 else { return }
        let now = clock.now()
        let firstSeq = nextSeq.wrappingAdd(UInt64(batch.count), ordering: .relaxed).oldValue
        let partition = ShardPartition(count: batch.count, shards: shards.count) {
            batch.traceID(at: $0).map { shardIndex($0.low) }
        }
        var untracedIndices: [Int32] = []
        // Counted by runs of one source and severity (a batch is mostly one source), not per record.
        var records: [CorrelationCounters.SourceSeverity: UInt64] = [:]
        var withTrace: [String: UInt64] = [:]
        var lastKey: CorrelationCounters.SourceSeverity?
        var run: UInt64 = 0
        var tracedRun: (source: String, count: UInt64)?
        for index in 0..<batch.count {
            let source = batch.source(at: index)
            if batch.traceID(at: index) != nil {
                if let current = tracedRun, current.source == source {
                    tracedRun!.count += 1
                } else {
                    if let current = tracedRun { withTrace[current.source, default: 0] += current.count }
                    tracedRun = (source, 1)
                }
            } else {
                untracedIndices.append(Int32(index))
            }
            let severity = batch.severity(at: index).labelValue
            if let lastKey, lastKey.source == source, lastKey.severity == severity {
                run += 1
            } else {
                if let lastKey { records[lastKey, default: 0] += run }
                lastKey = CorrelationCounters.SourceSeverity(source: source, severity: severity)
                run = 1
            }
        }
        if let lastKey { records[lastKey, default: 0] += run }
        if let current = tracedRun { withTrace[current.source, default: 0] += current.count }
        counters.withLock { $0.add(logRecords: records, withTrace: withTrace) }

        var effects = ShardEffects(wantsEvents: events.hasSubscribers)
        let cutoff = expiryCutoff(now)
        for shardIndex in shards.indices {
            let indices = partition.indices(of: shardIndex)
            guard !indices.isEmpty else { continue }
            shards[shardIndex].state.withLock { shard in
                if let cutoff { shard.expire(firstSeenBefore: cutoff, effects: &effects) }
                shard.insert(logs: batch, indices: indices, firstSeq: firstSeq, now: now, effects: &effects)
            }
        }
        apply(effects)
        if !untracedIndices.isEmpty {
            insertUntraced(batch, indices: untracedIndices, firstSeq: firstSeq, now: now)
        }
        enforceMemoryBudget()
    }

    private func insertUntraced<Items: LogItems>(_ batch: Items, indices: [Int32], firstSeq: UInt64, now: UInt64) {
        let budget = configuration.untracedBudgetBytes
        let cutoff = expiryCutoff(now)
        let (byAge, byMemory, bytes, count) = untraced.withLock { ring in
            let byAge = cutoff.map { ring.expire(arrivedBefore: $0) } ?? 0
            for index in indices {
                ring.append(Int(index), of: batch, seq: firstSeq &+ UInt64(index), now: now)
            }
            let byMemory = ring.trim(toBytes: budget)
            return (byAge, byMemory, ring.bytes, ring.count)
        }
        recordUntraced(byAge: byAge, byMemory: byMemory, bytes: bytes, count: count)
    }

    func recordUntraced(byAge: Int, byMemory: Int, bytes: Int, count: Int) {
        if byAge > 0 { untracedEvictedByAge.increment(by: UInt64(byAge)) }
        if byMemory > 0 { untracedEvictedByMemory.increment(by: UInt64(byMemory)) }
        untracedBytes.store(bytes, ordering: .relaxed)
        untracedLogsGauge.set(Int64(count))
        bytesGauge.set(Int64(tracedBytes.load(ordering: .relaxed) + bytes))
    }

    /// Applies what shards did to the byte total, gauges, counters and change feed.
    func apply(_ effects: ShardEffects) {
        let traced = tracedBytes.wrappingAdd(effects.bytes, ordering: .relaxed).newValue
        bytesGauge.set(Int64(traced + untracedBytes.load(ordering: .relaxed)))
        if effects.traces != 0 { tracesGauge.add(Int64(effects.traces)) }
        if effects.spans != 0 { spansGauge.add(Int64(effects.spans)) }
        if effects.logs != 0 { logsGauge.add(Int64(effects.logs)) }
        if effects.evictedByAge > 0 { evictedByAge.increment(by: UInt64(effects.evictedByAge)) }
        if effects.duplicateSpans > 0 { duplicateSpans.increment(by: UInt64(effects.duplicateSpans)) }
        if effects.spansOverTraceLimit > 0 { spansOverTraceLimit.increment(by: UInt64(effects.spansOverTraceLimit)) }
        if effects.logsOverTraceLimit > 0 { logsOverTraceLimit.increment(by: UInt64(effects.logsOverTraceLimit)) }
        if !effects.joinedBySource.isEmpty || !effects.spanErrorLogs.isEmpty {
            counters.withLock { $0.add(effects) }
        }
        events.publish(effects.events)
    }

    /// Drops everything older than the maximum age; the agent calls it periodically so an idle store shrinks too.
    public func evictExpired() {
        chunks.trim()
        let now = clock.now()
        for index in shards.indices { withShard(index, now: now) { _ in } }
        guard let cutoff = expiryCutoff(now) else { return }
        let (byAge, bytes, count) = untraced.withLock { ring in
            (ring.expire(arrivedBefore: cutoff), ring.bytes, ring.count)
        }
        recordUntraced(byAge: byAge, byMemory: 0, bytes: bytes, count: count)
    }

    /// What the store holds now.
    public var statistics: StoreStatistics {
        var result = StoreStatistics()
        for box in shards {
            box.state.withLock { shard in
                result.traces += shard.records.count
                result.spans += shard.spanCount
                result.logs += shard.logCount
                result.bytes += shard.bytes
            }
        }
        untraced.withLock { ring in
            result.untracedLogs = ring.count
            result.bytes += ring.bytes
        }
        return result
    }
}
