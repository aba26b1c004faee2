/// Adding a batch's items of one trace to its record. Spans are encoded into the shard's scratch first and
/// written to the shard's arena as one `SpanRun`, so a trace that gets ten spans in a batch takes one address;
/// logs are encoded straight into the arena.
extension TraceRecord {
    /// Adds the spans at `indices` of `batch` (all of this trace, in arrival order), skipping any whose id is
    /// already held (a retried export) and any past `limit` spans held; attaches the logs waiting for them.
    /// `interned` names each of the batch's scopes as the store holds it, and its service.
    mutating func add(
        spans batch: SpanBatch,
        in raw: UnsafeRawBufferPointer,
        interned: [InternedScope],
        at indices: some Collection<Int32>,
        firstSeq: UInt64,
        limit: Int = .max,
        scopeTable: ResourceScopeTable,
        table: inout StringTable,
        scratch: inout ItemScratch,
        arena: inout ItemArena,
        effects: inout ShardEffects
    ) {
        scratch.reset()
        for index in indices {
            let entry = batch.spans[Int(index)]
            guard !holds(entry.spanID, kind: entry.kind, in: arena), !scratch.seenBefore(entry.spanID.value, entry.kind, in: batch) else {
                effects.duplicateSpans += 1
                continue
            }
            guard spanCount + scratch.accepted.count < limit else {
                effects.spansOverTraceLimit += 1
                continue
            }
            adopt(entry.traceID, seq: firstSeq &+ UInt64(index))
            scratch.writer.span(
                entry, in: raw,
                context: interned[Int(entry.scope)].id.map(ScopeReference.id) ?? .inline(batch.scopes[Int(entry.scope)]))
            scratch.commit(index)
        }
        guard !scratch.accepted.isEmpty else { return }
        let wasWithoutSpans = spanCount == 0
        let firstNew = spanCount
        let (address, count) = scratch.writer.bytes.withUnsafeBytes { spans in
            arena.append(owner: ordinal, estimate: SpanRun.size(count: scratch.ends.count, spanBytes: spans.count)) {
                SpanRun.write(spans: spans, ends: scratch.ends, to: &$0)
            }
        }
        spanRuns.append(address)
        spanCount += scratch.ends.count
        arenaBytes &+= UInt32(truncatingIfNeeded: count)
        indexSpanSlots(from: firstNew, arena: arena)
        if wasWithoutSpans {
            // The trace is now joined: every log held so far counts once, by its source.
            logSources.forEach { source, count in effects.countJoined(source: source, by: UInt64(count)) }
        }
        for (offset, index) in scratch.accepted.enumerated() {
            noteAdded(
                batch, Int(index), service: interned[Int(batch.spans[Int(index)].scope)].service, at: firstNew + offset,
                scopeTable: scopeTable, table: table, arena: arena, effects: &effects)
        }
    }

    /// Adds the logs at `indices` of `batch` (all of this trace, in arrival order), up to `limit` held; attaches
    /// each to its span when that span is held, else keeps it waiting for the span.
    mutating func add<Items: LogItems>(
        logs batch: Items,
        at indices: some Collection<Int32>,
        firstSeq: UInt64,
        limit: Int = .max,
        scopeTable: ResourceScopeTable,
        table: inout StringTable,
        arena: inout ItemArena,
        effects: inout ShardEffects
    ) {
        // Room for the batch's logs at once, and for those that may wait for their spans: growing a log at a time
        // reallocated the lists as they doubled.
        logItems.reserveCapacity(min(logItems.count + indices.count, max(limit, logItems.count)))
        if indices.count > 1 {
            var withSpanIDs = 0
            for index in indices where batch.spanID(at: Int(index)) != nil { withSpanIDs += 1 }
            pending.reserve(withSpanIDs)
        }
        for index in indices {
            guard logItems.count < limit else {
                effects.logsOverTraceLimit += 1
                continue
            }
            let seq = firstSeq &+ UInt64(index)
            if let traceID = batch.traceID(at: Int(index)) { adopt(traceID, seq: seq) }
            // Encoded straight into the arena: no scratch copy of the log.
            let baseSeq = self.seq
            let (address, count) = arena.append(owner: ordinal, estimate: batch.encodedSizeEstimate(at: Int(index))) {
                batch.write(Int(index), seq: seq, baseSeq: baseSeq, to: &$0, table: &table)
            }
            logItems.append(address)
            arenaBytes &+= UInt32(truncatingIfNeeded: count)
            noteAdded(
                Int(index), of: batch, at: Int32(logItems.count - 1), scopeTable: scopeTable, arena: arena,
                effects: &effects)
        }
    }

    /// Keeps `spanSlots` (span id → index) current once the trace has outgrown a linear scan.
    private mutating func indexSpanSlots(from firstNew: Int, arena: ItemArena) {
        guard spanCount > Self.linearScanLimit else { return }
        // Once indexed, only the run just written (the last) is new; the first time, every run.
        let firstIndexed = spanSlots.isEmpty
        if firstIndexed { spanSlots.reserveCapacity(spanCount * 2) }
        var slot = firstIndexed ? 0 : firstNew
        for run in (firstIndexed ? 0 : spanRuns.count - 1)..<spanRuns.count {
            let spans = SpanRun(arena.reader(at: spanRuns[run]))
            for offset in 0..<spans.count {
                let reader = spans.reader(at: offset)
                let id = reader.spanID(at: reader.offset)
                if spanSlots[id] == nil { spanSlots[id] = Int32(slot) } else { sharedHalfSlots[id] = Int32(slot) }
                slot += 1
            }
        }
    }

    /// The summary and joins for the span `batchIndex` of `batch`, just stored at `index`.
    private mutating func noteAdded(
        _ batch: SpanBatch, _ batchIndex: Int, service: String, at index: Int, scopeTable: ResourceScopeTable,
        table: StringTable, arena: ItemArena,
        effects: inout ShardEffects
    ) {
        let span = batch.spans[batchIndex]
        effects.spans += 1
        minStartUnixNano = min(minStartUnixNano, span.startUnixNano)
        maxEndUnixNano = max(maxEndUnixNano, span.endUnixNano)
        if span.status == .error { errorSpans += 1 }
        spanServices.add(service)
        let hasParent = span.parentSpanID != 0
        if rootSlot < 0 || (rootHasParent && !hasParent)
            || (rootHasParent == hasParent && span.startUnixNano < rootStartUnixNano)
        {
            rootSlot = Int32(index)
            rootHasParent = hasParent
            rootStartUnixNano = span.startUnixNano
        }

        let waiting = pending.take(span.spanID.value)
        guard !waiting.isEmpty || (span.status == .error && effects.wantsEvents) else { return }
        let decoded = self.span(at: index, scopeTable: scopeTable, arena: arena)
        let low = id.low
        let baseSeq = self.seq
        var attached: [StoredLog] = []
        for logIndex in waiting {
            var reader = arena.reader(at: logItems[Int(logIndex)])
            if effects.wantsEvents {
                let log = reader.log(low: low, baseSeq: baseSeq, in: table)
                attached.append(log)
                Self.attach(log.event.severity, to: decoded, log: log.event, traceID: id, effects: &effects)
            } else {
                let (header, _) = reader.logHeader(low: low, baseSeq: baseSeq)
                Self.attach(header.severity, to: decoded, log: nil, traceID: id, effects: &effects)
            }
        }
        if span.status == .error && effects.wantsEvents {
            attached.sort { $0.key < $1.key }
            effects.events.append(.errorSpan(traceID: id, span: decoded, logs: attached.map(\.event)))
        }
    }

    /// The summary and joins for the log `batchIndex` of `batch`, just stored at `index`.
    private mutating func noteAdded<Items: LogItems>(
        _ batchIndex: Int, of batch: Items, at index: Int32, scopeTable: ResourceScopeTable, arena: ItemArena,
        effects: inout ShardEffects
    ) {
        let time = batch.timeUnixNano(at: batchIndex)
        let severity = batch.severity(at: batchIndex)
        minLogTimeUnixNano = min(minLogTimeUnixNano, time)
        maxLogTimeUnixNano = max(maxLogTimeUnixNano, time)
        if severity >= .error { errorLogs += 1 }
        if let service = batch.service(at: batchIndex) { logServices.add(service) }
        let source = batch.source(at: batchIndex)
        logSources.add(source)
        if spanCount > 0 { effects.countJoined(source: source) }
        if let spanID = batch.spanID(at: batchIndex) {
            if let slot = slot(of: spanID, in: arena) {
                if severity >= .error || effects.wantsEvents {
                    Self.attach(
                        severity, to: span(at: slot, scopeTable: scopeTable, arena: arena),
                        log: effects.wantsEvents ? batch.event(at: batchIndex) : nil, traceID: id, effects: &effects)
                }
            } else {
                pending.add(spanID.value, log: index)
            }
        }
        effects.logs += 1
    }

    private static func attach(
        _ severity: Severity,
        to span: Span,
        log: LogEvent?,
        traceID: TraceID,
        effects: inout ShardEffects
    ) {
        if severity >= .error {
            effects.spanErrorLogs[ServiceSpanName(service: span.service, spanName: span.name), default: 0] += 1
        }
        if effects.wantsEvents, let log {
            effects.events.append(.logJoined(traceID: traceID, span: span, log: log))
        }
    }
}

/// One of a batch's scopes as the store holds it: its id in the `ResourceScopeTable` (nil when the table had no
/// room and the span carries it inline) and its service.
struct InternedScope {
    var id: UInt32?
    var service: String
}
