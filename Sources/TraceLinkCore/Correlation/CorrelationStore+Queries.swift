import DequeModule
import HeapModule
import Synchronization

extension CorrelationStore {
    /// The trace with its spans as a tree and its logs in place; a 64-bit id resolves to its full trace.
    /// Nil when nothing of the trace is held.
    public func trace(_ id: TraceID) -> TraceView? {
        // Copy the record (its arrays are copy-on-write) under the lock; decode outside it.
        let snapshot: (record: TraceRecord, table: StringTable, arena: ItemArena)? = withShard(
            shardIndex(id.low), now: clock.now()
        ) { shard in
            shard.record(answering: id).map { ($0, shard.table, shard.arena) }
        }
        guard let (record, table, arena) = snapshot else { return nil }
        let summary = Self.summary(of: record, as: id, scopeTable: resourceScopes, arena: arena)
        var spans = record.spans(scopeTable: resourceScopes, arena: arena)
        var logs = record.logs(table: table, arena: arena)
        if record.mixesTraces && !id.isLow64Only {
            spans.removeAll { !record.includes($0.traceID, for: id) }
            logs.removeAll { !record.includes($0.event.traceID, for: id) }
        }
        return TraceViewBuilder.build(spans: spans, logs: logs, summary: summary)
    }

    /// Whether the store holds the trace and whether its spans arrived; nil when nothing of it is held.
    public func resolve(_ id: TraceID) -> TraceResolution? {
        withShard(shardIndex(id.low), now: clock.now()) { shard in
            guard let record = shard.record(answering: id) else { return nil }
            let summary = Self.summary(of: record, as: id, scopeTable: resourceScopes, arena: shard.arena)
            return TraceResolution(traceID: summary.traceID, spanCount: summary.spanCount, logCount: summary.logCount)
        }
    }

    /// Recent traces matching `filter`, newest (latest start) first.
    public func traces(_ filter: TraceFilter = TraceFilter()) -> [TraceSummary] {
        topTraces(limit: filter.limit) { record, _, arena in
            if let service = filter.service,
                !record.spanServices.contains(service) && !record.hasLogs(of: service)
            {
                return false
            }
            if let minimum = filter.minDurationNanos, record.durationNanos < minimum { return false }
            if filter.errorsOnly && record.errorSpans == 0 && record.errorLogs == 0 { return false }
            if let spanName = filter.spanName, !record.hasSpan(named: spanName, arena: arena) { return false }
            return true
        }
    }

    /// Traces whose spans carry the attribute `key` with `value` (as text) or whose logs carry that field,
    /// newest first.
    public func search(attribute key: String, value: String, limit: Int = 20) -> [TraceSummary] {
        func matches(_ attributes: [Attribute]) -> Bool {
            attributes.contains { $0.key == key && $0.value.text == value }
        }
        func lineMatches(_ log: StoredLog) -> Bool {
            if matches(log.attributes) { return true }
            guard case .file = log.location else { return false }
            // A line's fields are parsed only when the value is somewhere in it.
            let text = log.record ?? log.message
            return text.contains(value) && matches(LogRecordFields.parse(text))
        }
        return topTraces(limit: limit) { record, table, arena in
            // Spans are held as received: only a trace whose span bytes contain the key is decoded.
            if record.spanBytesContain(key, arena: arena),
                record.spans(scopeTable: resourceScopes, arena: arena).contains(where: { matches($0.attributes) })
            {
                return true
            }
            return record.logs(table: table, arena: arena).contains(where: lineMatches)
        }
    }

    /// Logs matching `filter`, newest first, a page at a time. Without a trace id the logs without one are
    /// searched too. Scans what the store holds: cost grows with its size, not with the page.
    public func logs(_ filter: LogFilter) -> LogPage {
        let limit = max(filter.limit, 0)
        let cursor = filter.cursor?.key
        let now = clock.now()
        var heap = Heap<RankedLog>()

        /// True when a log with this header could enter the page: cheap checks before decoding it.
        func admits(_ header: LogHeader) -> Bool {
            let key = header.key
            if let cursor, !(key < cursor) { return false }
            if heap.count > limit, let smallest = heap.min, !(smallest.key < key) { return false }
            if let minimum = filter.minSeverity, header.severity < minimum { return false }
            if let since = filter.sinceUnixNano, header.timeUnixNano < since { return false }
            if let until = filter.untilUnixNano, header.timeUnixNano >= until { return false }
            if let spanID = filter.spanID, header.spanID != spanID { return false }
            return true
        }

        func offer(_ log: StoredLog) {
            let key = log.key
            if let cursor, !(key < cursor) { return }
            guard filter.matches(log.event) else { return }
            if heap.count <= limit {
                heap.insert(RankedLog(key: key, event: log.event))
            } else if let smallest = heap.min, smallest.key < key {
                _ = heap.replaceMin(with: RankedLog(key: key, event: log.event))
            }
        }

        if let traceID = filter.traceID {
            withShard(shardIndex(traceID.low), now: now) { shard in
                guard let record = shard.record(answering: traceID) else { return }
                record.forEachLog(
                    table: shard.table, arena: shard.arena,
                    { admits($0) && record.includes($0.traceID, for: traceID) },
                    decoded: offer)
            }
        } else {
            for index in shards.indices {
                withShard(index, now: now) { shard in
                    for record in shard.records.values(table: shard.table) {
                        if let service = filter.service, !record.hasLogs(of: service) { continue }
                        record.forEachLog(table: shard.table, arena: shard.arena, admits, decoded: offer)
                    }
                }
            }
            if filter.spanID == nil {
                untraced.withLock { ring in
                    ring.forEachLog(service: filter.service, admits, decoded: offer)
                }
            }
        }

        var ranked: [RankedLog] = []
        ranked.reserveCapacity(heap.count)
        while let next = heap.popMax() { ranked.append(next) }
        let hasMore = ranked.count > limit
        if hasMore { ranked.removeLast(ranked.count - limit) }
        let next = hasMore ? ranked.last.map { LogCursor(key: $0.key) } : nil
        return LogPage(logs: ranked.map { StoredLog(event: $0.event, seq: $0.key.seq) }, nextCursor: next)
    }

    /// Logs without a trace id, of the trace's services, within the trace's time window widened by `padding`
    /// on each side, in time order: joined by time rather than by id, for services not yet instrumented.
    public func contextLogs(for id: TraceID, padding: Duration = .zero, limit: Int = 1000) -> [LogEvent] {
        let window: (services: [String], start: UInt64, end: UInt64)? = withShard(
            shardIndex(id.low), now: clock.now()
        ) { shard in
            guard let record = shard.record(answering: id) else { return nil }
            var services = record.spanServices.names
            record.logServices.forEach { service, _ in if !services.contains(service) { services.append(service) } }
            if record.spanCount == 0 {
                return (services, record.minLogTimeUnixNano, record.maxLogTimeUnixNano)
            }
            return (services, record.minStartUnixNano, max(record.maxEndUnixNano, record.minStartUnixNano))
        }
        guard let window, limit > 0 else { return [] }
        let (seconds, attoseconds) = padding.components
        let pad = UInt64(max(seconds, 0)) &* 1_000_000_000 &+ UInt64(max(attoseconds, 0) / 1_000_000_000)
        let start = window.start > pad ? window.start - pad : 0
        let end = window.end > UInt64.max - pad ? UInt64.max : window.end + pad
        var found: [StoredLog] = untraced.withLock { ring in
            var found: [StoredLog] = []
            for service in window.services {
                ring.forEachLog(
                    service: service, { $0.timeUnixNano >= start && $0.timeUnixNano <= end },
                    decoded: { found.append($0) })
            }
            return found
        }
        found.sort { $0.key < $1.key }
        return found.prefix(limit).map(\.event)
    }

    /// The `limit` newest traces (by start, then last arrival) that satisfy `predicate`, each shard's lock taken once.
    func topTraces(limit: Int, where predicate: (TraceRecord, StringTable, ItemArena) -> Bool) -> [TraceSummary] {
        guard limit > 0 else { return [] }
        let now = clock.now()
        var all: [(key: TraceRank, summary: TraceSummary)] = []
        for index in shards.indices {
            let best: [(key: TraceRank, summary: TraceSummary)] = withShard(index, now: now) { shard in
                var heap = Heap<TraceRank>()
                for (low, place) in shard.records.held {
                    let record = shard.records.record(at: place, table: shard.table)
                    guard predicate(record, shard.table, shard.arena) else { continue }
                    let rank = TraceRank(start: record.startUnixNano, seq: record.lastSeq, low: low)
                    if heap.count < limit {
                        heap.insert(rank)
                    } else if let smallest = heap.min, smallest < rank {
                        _ = heap.replaceMin(with: rank)
                    }
                }
                return heap.unordered.compactMap { rank in
                    shard.records.record(low: rank.low, table: shard.table).map {
                        (rank, Self.summary(of: $0, as: $0.id, scopeTable: resourceScopes, arena: shard.arena))
                    }
                }
            }
            all += best
        }
        all.sort { $1.key < $0.key }
        return all.prefix(limit).map(\.summary)
    }

    static func summary(
        of record: TraceRecord, as query: TraceID, scopeTable: ResourceScopeTable, arena: ItemArena
    ) -> TraceSummary {
        let root = record.rootNames(scopeTable: scopeTable, arena: arena)
        return TraceSummary(
            traceID: query.isLow64Only ? record.id : query,
            rootService: root?.service,
            rootSpanName: root?.name,
            startUnixNano: record.startUnixNano,
            durationNanos: record.durationNanos,
            spanCount: record.spanCount,
            logCount: record.logCount,
            errorCount: Int(record.errorSpans),
            errorLogCount: Int(record.errorLogs),
            services: record.spanServices.names
        )
    }
}

extension CorrelationStore {
    /// The spans held for trace `id` as an OTLP `ExportTraceServiceRequest` (protobuf bytes): each span exactly as
    /// it was received, with its resource and scope; nil when no span of it is held.
    public func exportRequest(for id: TraceID) -> [UInt8]? {
        let held: (record: TraceRecord, arena: ItemArena)? = withShard(shardIndex(id.low), now: clock.now()) { shard in
            guard let record = shard.record(answering: id), record.spanCount > 0 else { return nil }
            return (record, shard.arena)
        }
        guard let (record, arena) = held else { return nil }
        let bytes = record.exportRequest(for: id, scopeTable: resourceScopes, arena: arena)
        return bytes.isEmpty ? nil : bytes
    }
}
