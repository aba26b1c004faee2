import DequeModule

/// One shard of the store: the traces whose low 64 bits hash to it, in arrival order.
/// Guarded by a `Mutex`; every method runs under that lock and reports what it did through `ShardEffects`.
struct CorrelationShard {
    /// Traces by the low 64 bits of their id.
    var records: [UInt64: TraceRecord] = [:]
    /// Low halves of the records, oldest first; records only leave from the front, so it never holds stale keys.
    var arrival: Deque<UInt64> = []
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
            let before = effects.bytes
            withRecord(span.traceID, seq: seq, now: now, effects: &effects) { record, effects in
                record.add(span, seq: seq, effects: &effects)
            }
            bytes += effects.bytes - before
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
            let before = effects.bytes
            withRecord(traceID, seq: seq, now: now, effects: &effects) { record, effects in
                record.add(log, seq: seq, effects: &effects)
            }
            bytes += effects.bytes - before
        }
    }

    @inline(__always)
    private mutating func withRecord(
        _ traceID: TraceID,
        seq: UInt64,
        now: UInt64,
        effects: inout ShardEffects,
        _ body: (inout TraceRecord, inout ShardEffects) -> Void
    ) {
        if let slot = records.index(forKey: traceID.low) {
            let spansBefore = records.values[slot].spans.count
            let logsBefore = records.values[slot].logs.count
            body(&records.values[slot], &effects)
            spanCount += records.values[slot].spans.count - spansBefore
            logCount += records.values[slot].logs.count - logsBefore
        } else {
            var record = TraceRecord(id: traceID, seq: seq, now: now)
            effects.bytes += record.bytes
            effects.traces += 1
            body(&record, &effects)
            spanCount += record.spans.count
            logCount += record.logs.count
            records[traceID.low] = record
            arrival.append(traceID.low)
        }
    }

    /// Removes the oldest record; nil when empty.
    mutating func evictOldest() -> TraceRecord? {
        guard let low = arrival.popFirst(), let record = records.removeValue(forKey: low) else { return nil }
        bytes -= record.bytes
        spanCount -= record.spans.count
        logCount -= record.logs.count
        return record
    }

    /// Removes records first seen before `cutoff`; returns how many, adding the freed bytes and items to `effects`.
    mutating func expire(firstSeenBefore cutoff: UInt64, effects: inout ShardEffects) {
        while let low = arrival.first, let record = records[low], record.firstSeenNanos < cutoff {
            _ = evictOldest()
            effects.bytes -= record.bytes
            effects.traces -= 1
            effects.spans -= record.spans.count
            effects.logs -= record.logs.count
            effects.evictedByAge += 1
        }
    }

    /// The oldest records' arrival sequence numbers and sizes, until their bytes reach `bytesWanted`.
    func oldest(coveringBytes bytesWanted: Int) -> [(seq: UInt64, bytes: Int)] {
        var result: [(seq: UInt64, bytes: Int)] = []
        var covered = 0
        for low in arrival {
            guard covered < bytesWanted, let record = records[low] else { break }
            result.append((record.seq, record.bytes))
            covered += record.bytes
        }
        return result
    }

    /// Removes the records that arrived at or before `seq`, reporting them in `effects`.
    mutating func evict(upToSeq seq: UInt64, effects: inout ShardEffects) -> Int {
        var evicted = 0
        while let low = arrival.first, let record = records[low], record.seq <= seq {
            _ = evictOldest()
            effects.bytes -= record.bytes
            effects.traces -= 1
            effects.spans -= record.spans.count
            effects.logs -= record.logs.count
            evicted += 1
        }
        return evicted
    }
}
