import DequeModule

/// One shard of the store: the traces whose low 64 bits hash to it, in arrival order.
/// Guarded by a `Mutex`; every method runs under that lock and reports what it did through `ShardEffects`.
struct CorrelationShard {
    /// Traces by the low 64 bits of their id.
    var records: [UInt64: TraceRecord] = [:]
    /// Low halves of the records, oldest first; records only leave from the front, so it never holds stale keys.
    var arrival: Deque<UInt64> = []
    /// The shard's interned strings.
    var table = StringTable()
    /// Reused buffer an item is encoded into before it is appended to its record.
    var scratch = CompactWriter(bytes: [])
    var bytes = 0
    var spanCount = 0
    var logCount = 0

    mutating func insert(
        spans batch: [Span],
        indices: [Int32],
        firstSeq: UInt64,
        now: UInt64,
        effects: inout ShardEffects
    ) {
        for index in indices {
            let span = batch[Int(index)]
            let seq = firstSeq &+ UInt64(index)
            withRecord(span.traceID, seq: seq, now: now, effects: &effects) { record, table, scratch, effects in
                record.add(span, seq: seq, table: &table, scratch: &scratch, effects: &effects)
            }
        }
    }

    mutating func insert(
        logs batch: [LogEvent],
        indices: [Int32],
        firstSeq: UInt64,
        now: UInt64,
        effects: inout ShardEffects
    ) {
        for index in indices {
            let log = batch[Int(index)]
            guard let traceID = log.traceID else { continue }
            let seq = firstSeq &+ UInt64(index)
            withRecord(traceID, seq: seq, now: now, effects: &effects) { record, table, scratch, effects in
                record.add(log, seq: seq, table: &table, scratch: &scratch, effects: &effects)
            }
        }
    }

    @inline(__always)
    private mutating func withRecord(
        _ traceID: TraceID,
        seq: UInt64,
        now: UInt64,
        effects: inout ShardEffects,
        _ body: (inout TraceRecord, inout StringTable, inout CompactWriter, inout ShardEffects) -> Void
    ) {
        let tableBefore = table.bytes
        if let slot = records.index(forKey: traceID.low) {
            let (spans, logs, delta) = Self.update(
                &records.values[slot], table: &table, scratch: &scratch, effects: &effects, body)
            spanCount += spans
            logCount += logs
            bytes += delta
            effects.bytes += delta
        } else {
            var record = TraceRecord(id: traceID, seq: seq, now: now)
            effects.traces += 1
            let (spans, logs, delta) = Self.update(&record, table: &table, scratch: &scratch, effects: &effects, body)
            spanCount += spans
            logCount += logs
            bytes += delta
            effects.bytes += delta
            records[traceID.low] = record
            arrival.append(traceID.low)
        }
        if table.bytes != tableBefore {
            bytes += table.bytes - tableBefore
            effects.bytes += table.bytes - tableBefore
        }
    }

    /// Runs `body` on a record in place (reading a record out of the dictionary would copy it), returning the
    /// spans, logs and bytes it added.
    @inline(__always)
    private static func update(
        _ record: inout TraceRecord,
        table: inout StringTable,
        scratch: inout CompactWriter,
        effects: inout ShardEffects,
        _ body: (inout TraceRecord, inout StringTable, inout CompactWriter, inout ShardEffects) -> Void
    ) -> (spans: Int, logs: Int, bytes: Int) {
        let spansBefore = record.spanCount
        let logsBefore = record.logCount
        body(&record, &table, &scratch, &effects)
        let footprint = record.footprint
        let delta = footprint - record.bytes
        record.bytes = footprint
        return (record.spanCount - spansBefore, record.logCount - logsBefore, delta)
    }

    /// Removes the oldest record, reporting it in `effects`; false when empty.
    @discardableResult
    mutating func evictOldest(effects: inout ShardEffects) -> Bool {
        guard let low = arrival.popFirst(), let record = records.removeValue(forKey: low) else { return false }
        bytes -= record.bytes
        spanCount -= record.spanCount
        logCount -= record.logCount
        effects.bytes -= record.bytes
        effects.traces -= 1
        effects.spans -= record.spanCount
        effects.logs -= record.logCount
        return true
    }

    /// The oldest record's slot in `records`, read in place (a dictionary lookup would copy the record).
    private var oldestSlot: Dictionary<UInt64, TraceRecord>.Index? {
        arrival.first.flatMap { records.index(forKey: $0) }
    }

    /// Removes records first seen before `cutoff`, reporting them in `effects`.
    mutating func expire(firstSeenBefore cutoff: UInt64, effects: inout ShardEffects) {
        while let slot = oldestSlot, records.values[slot].firstSeenNanos < cutoff {
            evictOldest(effects: &effects)
            effects.evictedByAge += 1
        }
    }

    /// The oldest records' arrival sequence numbers and sizes, until their bytes reach `bytesWanted`.
    func oldest(coveringBytes bytesWanted: Int) -> [(seq: UInt64, bytes: Int)] {
        var result: [(seq: UInt64, bytes: Int)] = []
        var covered = 0
        for low in arrival {
            guard covered < bytesWanted, let slot = records.index(forKey: low) else { break }
            let bytes = records.values[slot].bytes
            result.append((records.values[slot].seq, bytes))
            covered += bytes
        }
        return result
    }

    /// Removes the records that arrived at or before `seq`, reporting them in `effects`; returns how many.
    mutating func evict(upToSeq seq: UInt64, effects: inout ShardEffects) -> Int {
        var evicted = 0
        while let slot = oldestSlot, records.values[slot].seq <= seq {
            evictOldest(effects: &effects)
            evicted += 1
        }
        return evicted
    }
}
