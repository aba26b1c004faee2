/// Adding a batch's items of one trace to its record. The items are encoded into the shard's scratch first and
/// appended to the record's bytes in one step, so a trace that gets ten items in a batch grows its storage once,
/// not ten times (the storage grows to fit exactly while small).
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
        effects: inout ShardEffects
    ) {
        scratch.reset()
        for index in indices {
            let entry = batch.spans[Int(index)]
            guard !holds(entry.spanID, kind: entry.kind), !scratch.seenBefore(entry.spanID.value, entry.kind, in: batch) else {
                effects.duplicateSpans += 1
                continue
            }
            guard spanEnds.count + scratch.accepted.count < limit else {
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
        let wasWithoutSpans = spanEnds.isEmpty
        let firstNew = spanEnds.count
        appendEncoded(scratch, to: &spanData, ends: &spanEnds)
        indexSpanSlots(from: firstNew)
        if wasWithoutSpans {
            // The trace is now joined: every log held so far counts once, by its source.
            for (source, count) in logSources { effects.countJoined(source: source, by: UInt64(count)) }
        }
        for (offset, index) in scratch.accepted.enumerated() {
            noteAdded(
                batch, Int(index), service: interned[Int(batch.spans[Int(index)].scope)].service, at: firstNew + offset,
                scopeTable: scopeTable, table: table, effects: &effects)
        }
    }

    /// Adds the logs at `indices` of `batch` (all of this trace, in arrival order), up to `limit` held; attaches
    /// each to its span when that span is held, else keeps it waiting for the span.
    mutating func add(
        logs batch: [LogEvent],
        at indices: some Collection<Int32>,
        firstSeq: UInt64,
        limit: Int = .max,
        scopeTable: ResourceScopeTable,
        table: inout StringTable,
        scratch: inout ItemScratch,
        effects: inout ShardEffects
    ) {
        scratch.reset()
        for index in indices {
            guard logEnds.count + scratch.accepted.count < limit else {
                effects.logsOverTraceLimit += 1
                continue
            }
            let log = batch[Int(index)]
            let seq = firstSeq &+ UInt64(index)
            if let traceID = log.traceID { adopt(traceID, seq: seq) }
            scratch.writer.log(log, seq: seq, baseSeq: self.seq, in: &table)
            scratch.commit(index)
        }
        let firstNew = logEnds.count
        appendEncoded(scratch, to: &logData, ends: &logEnds)
        if spanEnds.isEmpty, pendingBySpan.isEmpty {
            // None of their spans is held: each log with a span id will wait; make room for them at once.
            let waiting = pendingFew.count + scratch.accepted.lazy.filter { batch[Int($0)].spanID != nil }.count
            if waiting <= Self.pendingFewLimit { pendingFew.reserveCapacity(waiting) }
        }
        for (offset, index) in scratch.accepted.enumerated() {
            noteAdded(batch[Int(index)], at: Int32(firstNew + offset), scopeTable: scopeTable, table: table, effects: &effects)
        }
    }

    /// Appends the scratch's encoded items to `data` in one step and their end offsets to `ends`.
    private func appendEncoded(_ scratch: ItemScratch, to data: inout CompactWriter, ends: inout [UInt32]) {
        let base = data.bytes.count
        data.append(item: scratch.writer.bytes)
        ends.reserveCapacity(ends.count + scratch.ends.count)
        for end in scratch.ends { ends.append(UInt32(base + end)) }
    }

    /// Keeps `spanSlots` (span id → index) current once the trace has outgrown a linear scan.
    private mutating func indexSpanSlots(from firstNew: Int) {
        guard spanEnds.count > Self.linearScanLimit else { return }
        let from = spanSlots.isEmpty ? 0 : firstNew
        if spanSlots.isEmpty { spanSlots.reserveCapacity(spanEnds.count * 2) }
        spanData.bytes.withUnsafeBytes { raw in
            let reader = CompactReader(base: raw, offset: 0)
            for slot in from..<spanEnds.count {
                let id = reader.spanID(at: spanStart(slot))
                if spanSlots[id] == nil { spanSlots[id] = Int32(slot) } else { sharedHalfSlots[id] = Int32(slot) }
            }
        }
    }

    /// The summary and joins for the span `batchIndex` of `batch`, just stored at `index`.
    private mutating func noteAdded(
        _ batch: SpanBatch, _ batchIndex: Int, service: String, at index: Int, scopeTable: ResourceScopeTable,
        table: StringTable,
        effects: inout ShardEffects
    ) {
        let span = batch.spans[batchIndex]
        effects.spans += 1
        minStartUnixNano = min(minStartUnixNano, span.startUnixNano)
        maxEndUnixNano = max(maxEndUnixNano, span.endUnixNano)
        if span.status == .error { errorSpans += 1 }
        if !spanServices.contains(service) { spanServices.append(service) }
        let hasParent = span.parentSpanID != 0
        if rootSlot < 0 || (rootHasParent && !hasParent)
            || (rootHasParent == hasParent && span.startUnixNano < rootStartUnixNano)
        {
            rootSlot = Int32(index)
            rootHasParent = hasParent
            rootStartUnixNano = span.startUnixNano
        }

        let waiting = takePending(span.spanID.value)
        guard !waiting.isEmpty || (span.status == .error && effects.wantsEvents) else { return }
        let decoded = self.span(at: index, scopeTable: scopeTable)
        let low = id.low
        let baseSeq = self.seq
        var attached: [StoredLog] = []
        logData.bytes.withUnsafeBytes { raw in
            for logIndex in waiting {
                var reader = CompactReader(base: raw, offset: logStart(Int(logIndex)))
                if effects.wantsEvents {
                    let log = reader.log(low: low, baseSeq: baseSeq, in: table)
                    attached.append(log)
                    Self.attach(log.event.severity, to: decoded, log: log.event, traceID: id, effects: &effects)
                } else {
                    let (header, _) = reader.logHeader(low: low, baseSeq: baseSeq)
                    Self.attach(header.severity, to: decoded, log: nil, traceID: id, effects: &effects)
                }
            }
        }
        if span.status == .error && effects.wantsEvents {
            attached.sort { $0.key < $1.key }
            effects.events.append(.errorSpan(traceID: id, span: decoded, logs: attached.map(\.event)))
        }
    }

    /// The summary and joins for a log just stored at `index`.
    private mutating func noteAdded(
        _ log: LogEvent, at index: Int32, scopeTable: ResourceScopeTable, table: StringTable, effects: inout ShardEffects
    ) {
        minLogTimeUnixNano = min(minLogTimeUnixNano, log.timeUnixNano)
        maxLogTimeUnixNano = max(maxLogTimeUnixNano, log.timeUnixNano)
        if log.severity >= .error { errorLogs += 1 }
        if let service = log.service {
            if let slot = logServices.firstIndex(where: { $0.service == service }) {
                logServices[slot].count += 1
            } else {
                logServices.append((service, 1))
            }
        }
        if let slot = logSources.firstIndex(where: { $0.source == log.source }) {
            logSources[slot].count += 1
        } else {
            logSources.append((log.source, 1))
        }
        if !spanEnds.isEmpty { effects.countJoined(source: log.source) }
        if let spanID = log.spanID {
            if let slot = slot(of: spanID) {
                if log.severity >= .error || effects.wantsEvents {
                    Self.attach(
                        log.severity, to: span(at: slot, scopeTable: scopeTable), log: log, traceID: id, effects: &effects)
                }
            } else {
                addPending(spanID.value, index)
            }
        }
        effects.logs += 1
    }

    private mutating func addPending(_ spanID: UInt64, _ log: Int32) {
        pendingCount += 1
        if pendingBySpan.isEmpty && pendingFew.count < Self.pendingFewLimit {
            pendingFew.append((spanID, log))
            return
        }
        if !pendingFew.isEmpty {
            for entry in pendingFew { pendingBySpan[entry.spanID, default: []].append(entry.log) }
            pendingFew = []
        }
        pendingBySpan[spanID, default: []].append(log)
    }

    private mutating func takePending(_ spanID: UInt64) -> [Int32] {
        var taken: [Int32] = []
        if !pendingBySpan.isEmpty {
            taken = pendingBySpan.removeValue(forKey: spanID) ?? []
        } else if !pendingFew.isEmpty {
            pendingFew.removeAll { entry in
                guard entry.spanID == spanID else { return false }
                taken.append(entry.log)
                return true
            }
        }
        pendingCount -= Int32(taken.count)
        return taken
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
