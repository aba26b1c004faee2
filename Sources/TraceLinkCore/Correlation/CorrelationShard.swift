/// One shard of the store: the traces whose low 64 bits hash to it, in arrival order.
/// Guarded by a `Mutex`; every method runs under that lock and reports what it did through `ShardEffects`.
struct CorrelationShard: Sendable {
    /// Traces by the low 64 bits of their id.
    var records = TraceTable()
    /// Every held trace's place (record or lone log), in the order the shard created them (by `ordinal`, so a
    /// trace's entry is `ordinal - (created - count)`; sequence numbers can be out of order, as a batch takes its
    /// numbers before it reaches the lock); traces only leave from the front, so it never holds stale places, and a
    /// promoted lone log's entry is rewritten to its record's place. Eviction reads it without looking traces up in
    /// the index.
    var arrival = ArrivalQueue()
    /// Traces the shard has created (records and lone logs): the next one's `ordinal`.
    var created: UInt64 = 0
    /// The shard's interned strings.
    var table = StringTable()
    /// Reused buffers a trace's spans are encoded into before they are written to the arena as one run.
    var scratch = ItemScratch()
    /// The held records' instrumentation shares per service.
    var shares = ServiceShares()
    /// The held records' logs and span runs.
    var arena: ItemArena
    /// Reused by `insertByTrace` to group a batch's items by trace.
    private var grouping = TraceGrouping()
    var bytes = 0
    var spanCount = 0
    var logCount = 0
    /// Items held per trace at most (spans, logs).
    var maxSpansPerTrace = Int.max
    var maxLogsPerTrace = Int.max

    /// The store's resources and scopes, which stored spans refer to by id (shared by every shard).
    let scopeTable: ResourceScopeTable

    init(scopeTable: ResourceScopeTable, arena: ItemArena) {
        self.scopeTable = scopeTable
        self.arena = arena
    }

    mutating func insert(
        spans batch: SpanBatch,
        in raw: UnsafeRawBufferPointer,
        scopes: [InternedScope],
        indices: ArraySlice<Int32>,
        firstSeq: UInt64,
        now: UInt64,
        effects: inout ShardEffects
    ) {
        let limit = maxSpansPerTrace
        let scopeTable = self.scopeTable
        insertByTrace(indices, traceID: { batch.spans[Int($0)].traceID }, firstSeq: firstSeq, now: now, effects: &effects) {
            record, group, table, scratch, arena, effects in
            record.add(
                spans: batch, in: raw, interned: scopes, at: group, firstSeq: firstSeq, limit: limit,
                scopeTable: scopeTable, table: &table, scratch: &scratch, arena: &arena, effects: &effects)
        }
    }

    /// Inserts the logs at `indices` of `batch`, which the store chose for carrying a trace id.
    mutating func insert<Items: LogItems>(
        logs batch: Items,
        indices: ArraySlice<Int32>,
        firstSeq: UInt64,
        now: UInt64,
        effects: inout ShardEffects
    ) {
        let limit = maxLogsPerTrace
        let scopeTable = self.scopeTable
        insertByTrace(
            indices, traceID: { batch.traceID(at: Int($0)) }, firstSeq: firstSeq, now: now, effects: &effects,
            lone: { shard, index, id, effects in
                shard.insertLone(Int(index), of: batch, id: id, seq: firstSeq &+ UInt64(index), now: now, effects: &effects)
            }
        ) {
            record, group, table, scratch, arena, effects in
            record.add(
                logs: batch, at: group, firstSeq: firstSeq, limit: limit, scopeTable: scopeTable, table: &table,
                arena: &arena, effects: &effects)
        }
    }

    /// The batch indices of one trace, in arrival order.
    typealias TraceGroup = Slice<UnsafeBufferPointer<Int32>>

    /// Inserts the items at `indices` a trace at a time: one record lookup, and one append to its bytes, per trace
    /// per batch. Items without a trace id are skipped. A new trace of one item is offered to `lone` first, which
    /// returns whether it held it.
    private mutating func insertByTrace(
        _ indices: ArraySlice<Int32>,
        traceID: (Int32) -> TraceID?,
        firstSeq: UInt64,
        now: UInt64,
        effects: inout ShardEffects,
        lone: (inout CorrelationShard, Int32, TraceID, inout ShardEffects) -> Bool = { _, _, _, _ in false },
        _ add: (
            inout TraceRecord, TraceGroup, inout StringTable, inout ItemScratch, inout ItemArena, inout ShardEffects
        ) -> Void
    ) {
        // The grouping's buffers are the shard's, taken for the batch and put back: they keep their capacity.
        var grouping = self.grouping
        self.grouping = TraceGrouping()
        grouping.group(indices) { traceID($0)?.low ?? 0 }
        // Groups are read through a buffer pointer: an array slice per group would retain the array.
        grouping.indices.withUnsafeBufferPointer { indices in
            // Every trace's index entry is asked for first: the lookups below then overlap their cache misses.
            for low in grouping.lows { records.prefetch(low) }
            for group in grouping.groups {
                let first = indices[group.lowerBound]
                guard let id = traceID(first) else { continue }
                let held = records.place(of: id.low)
                // A new trace of one item may be held in a smaller form than a record (`lone` says whether it was).
                if held == nil, group.count == 1, lone(&self, first, id, &effects) { continue }
                withRecord(id, held: held, seq: firstSeq &+ UInt64(first), now: now, effects: &effects) {
                    record, table, scratch, arena, effects in
                    add(&record, indices[group], &table, &scratch, &arena, &effects)
                }
            }
        }
        grouping.clear()
        self.grouping = grouping
    }

    /// Holds the log at `index` of `batch`, the only item of a new trace `id`, as a lone log; false (holding
    /// nothing) when its service or source cannot be interned (the string table is full).
    private mutating func insertLone<Items: LogItems>(
        _ index: Int, of batch: Items, id: TraceID, seq: UInt64, now: UInt64, effects: inout ShardEffects
    ) -> Bool {
        let sharedBefore = table.bytes + arena.bytes
        // A table that fills on the source keeps it: its growth is counted either way.
        let names = internedNames(of: index, in: batch)
        guard let (source, service) = names else {
            let grown = table.bytes + arena.bytes - sharedBefore
            bytes += grown
            effects.bytes += grown
            return false
        }
        let (address, count) = arena.append(owner: created, estimate: batch.encodedSizeEstimate(at: index)) {
            batch.write(index, seq: seq, baseSeq: seq, to: &$0, table: &table)
        }
        let lone = LoneLog(
            id: id, seq: seq, ordinal: created, firstSeenNanos: now, address: address,
            timeUnixNano: batch.timeUnixNano(at: index), spanID: batch.spanID(at: index)?.value ?? 0,
            arenaBytes: UInt32(truncatingIfNeeded: count), service: service, source: source,
            severity: batch.severity(at: index))
        shares.count(lone: lone.serviceName(in: table), sign: 1)
        let slot = records.insertLone(lone)
        arrival.append(TraceTable.Place(lone: slot).code)
        created += 1
        logCount += 1
        let added = LoneLog.footprint + table.bytes + arena.bytes - sharedBefore
        bytes += added
        effects.bytes += added
        effects.traces += 1
        effects.logs += 1
        return true
    }

    /// The ids of the source and service (`LoneLog.noService` when none) of the log at `index` in the string
    /// table; nil when either cannot be interned.
    private mutating func internedNames<Items: LogItems>(of index: Int, in batch: Items) -> (UInt16, UInt16)? {
        guard let source = table.id(for: batch.source(at: index)) else { return nil }
        guard let name = batch.service(at: index) else { return (UInt16(source), LoneLog.noService) }
        return table.id(for: name).map { (UInt16(source), UInt16($0)) }
    }

    /// Turns the lone log of `low` into a record (a second item of its trace arrived); returns the record's slot.
    private mutating func promote(_ low: UInt64) -> Int {
        let slot = records.promote(low, table: table)
        // The trace's entry in the arrival order is found by its ordinal: the queue holds every held trace, in
        // ordinal order, from the oldest held one.
        let position = Int(records[slot: slot].ordinal - (created - UInt64(arrival.count)))
        assert(TraceTable.Place(code: arrival[position]).isLone)
        arrival[position] = TraceTable.Place(record: slot).code
        return slot
    }

    @inline(__always)
    private mutating func withRecord(
        _ traceID: TraceID,
        held: TraceTable.Place?,
        seq: UInt64,
        now: UInt64,
        effects: inout ShardEffects,
        _ body: (inout TraceRecord, inout StringTable, inout ItemScratch, inout ItemArena, inout ShardEffects) -> Void
    ) {
        let sharedBefore = table.bytes + arena.bytes
        let slot: Int
        let isNew: Bool
        if let held {
            slot = held.isLone ? promote(traceID.low) : held.slot
            isNew = false
        } else {
            isNew = true
            effects.traces += 1
            slot = records.insertNew(id: traceID, seq: seq, ordinal: created, now: now)
            created += 1
            arrival.append(TraceTable.Place(record: slot).code)
        }
        let (spans, logs, delta) = Self.update(
            &records[slot: slot], isNew: isNew, table: &table, scratch: &scratch, arena: &arena, shares: &shares,
            effects: &effects, body)
        spanCount += spans
        logCount += logs
        bytes += delta
        effects.bytes += delta
        // The string table and the log arena grow for every record's sake.
        let sharedGrowth = table.bytes + arena.bytes - sharedBefore
        bytes += sharedGrowth
        effects.bytes += sharedGrowth
    }

    /// Runs `body` on a record in place (reading a record out of the table would copy it), returning the
    /// spans, logs and bytes it added; the record's instrumentation shares are recounted around it.
    @inline(__always)
    private static func update(
        _ record: inout TraceRecord,
        isNew: Bool,
        table: inout StringTable,
        scratch: inout ItemScratch,
        arena: inout ItemArena,
        shares: inout ServiceShares,
        effects: inout ShardEffects,
        _ body: (inout TraceRecord, inout StringTable, inout ItemScratch, inout ItemArena, inout ShardEffects) -> Void
    ) -> (spans: Int, logs: Int, bytes: Int) {
        let spansBefore = record.spanCount
        let logsBefore = record.logCount
        if !isNew { shares.count(record, sign: -1) }
        body(&record, &table, &scratch, &arena, &effects)
        shares.count(record, sign: 1)
        let footprint = record.footprint
        let delta = footprint - record.bytes
        record.bytes = footprint
        return (record.spanCount - spansBefore, record.logCount - logsBefore, delta)
    }

    /// Removes the oldest record, reporting it in `effects`; false when empty.
    @discardableResult
    mutating func evictOldest(effects: inout ShardEffects) -> Bool {
        guard let code = arrival.popFirst() else { return false }
        let place = TraceTable.Place(code: code)
        var (bytes, spans, logs): (Int, Int, Int)
        if place.isLone {
            shares.count(lone: records[lone: place.slot].serviceName(in: table), sign: -1)
            (bytes, spans, logs) = (LoneLog.footprint, 0, 1)
        } else {
            // Read in place (through a mutable access: a read one copied the record, retaining all its storage) and
            // destroyed in place.
            (bytes, spans, logs) = Self.uncount(&records[slot: place.slot], from: &shares)
        }
        records.remove(at: place)
        // Chunks of the arena whose logs all belonged to records now gone are freed with it.
        let arenaBefore = arena.bytes
        arena.release(before: created - UInt64(arrival.count))
        bytes += arenaBefore - arena.bytes
        self.bytes -= bytes
        spanCount -= spans
        logCount -= logs
        effects.bytes -= bytes
        effects.traces -= 1
        effects.spans -= spans
        effects.logs -= logs
        return true
    }

    /// A copy of the record that answers `id` (its storage is copy-on-write): a 64-bit id answers with its full
    /// trace; nil when nothing of the trace is held.
    func record(answering id: TraceID) -> TraceRecord? {
        guard let record = records.record(low: id.low, table: table), record.answers(id, table: table, arena: arena)
        else { return nil }
        return record
    }

    /// Takes a record leaving the shard out of the shares; returns its bytes, spans and logs.
    private static func uncount(
        _ record: inout TraceRecord, from shares: inout ServiceShares
    ) -> (bytes: Int, spans: Int, logs: Int) {
        shares.count(record, sign: -1)
        return (record.bytes, record.spanCount, record.logCount)
    }

    /// What evicting the trace at `place` frees: its own bytes and, once their chunks go, its logs' bytes in the arena.
    private func heldBytes(_ place: TraceTable.Place) -> Int {
        if place.isLone { return LoneLog.footprint + Int(records[lone: place.slot].arenaBytes) }
        return records[slot: place.slot].bytes + Int(records[slot: place.slot].arenaBytes)
    }

    /// Removes records first seen before `cutoff`, reporting them in `effects`.
    mutating func expire(firstSeenBefore cutoff: UInt64, effects: inout ShardEffects) {
        while let oldest = arrival.first, records.firstSeenNanos(at: TraceTable.Place(code: oldest)) < cutoff {
            evictOldest(effects: &effects)
            effects.evictedByAge += 1
        }
    }

    /// Appends to `result` the oldest traces' arrival sequence numbers and sizes, in the shard's order, until their
    /// bytes reach `bytesWanted`.
    func oldest(coveringBytes bytesWanted: Int, into result: inout [(seq: UInt64, bytes: Int)]) {
        // Sized from the oldest trace, so that a new list is mostly allocated once.
        if let oldest = arrival.first {
            let bytes = heldBytes(TraceTable.Place(code: oldest))
            result.reserveCapacity(result.count + min(bytesWanted / max(bytes, 1) + 8, arrival.count))
        }
        var covered = 0
        for code in arrival {
            guard covered < bytesWanted else { break }
            let place = TraceTable.Place(code: code)
            let bytes = heldBytes(place)
            result.append((records.seq(at: place), bytes))
            covered += bytes
        }
    }

    /// Removes up to `count` of the oldest records, stopping at one that arrived after `lastSeq` (records that aged
    /// out since they were listed leave newer ones in front), reporting them in `effects`; returns how many.
    mutating func evictOldest(_ count: Int, notAfter lastSeq: UInt64, effects: inout ShardEffects) -> Int {
        var evicted = 0
        while evicted < count, let oldest = arrival.first, records.seq(at: TraceTable.Place(code: oldest)) <= lastSeq {
            evictOldest(effects: &effects)
            evicted += 1
        }
        return evicted
    }
}
