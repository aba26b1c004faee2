import HeapModule
import Synchronization

extension CorrelationStore {
    /// Evicts the globally oldest traces while the traced bytes exceed their budget, down to 31/32 of it
    /// so a full store does not run a pass on every batch. Each pass takes each shard's lock twice:
    /// once to list its oldest records, once to drop as many of them as the merge of all lists chose.
    func enforceMemoryBudget() {
        let budget = configuration.tracedBudgetBytes
        guard tracedBytes.load(ordering: .relaxed) > budget else { return }
        evictionLock.withLock { scratch in
            let floor = budget - budget / 32
            let current = tracedBytes.load(ordering: .relaxed)
            guard current > budget else { return }  // another pass got here first
            chunks.keepingMore { evict(downTo: floor, from: current, scratch: &scratch) }
        }
    }

    /// Evicts the oldest traces until the traced bytes are at most `floor`.
    private func evict(downTo floor: Int, from start: Int, scratch: inout EvictionScratch) {
        var current = start
        while current > floor {
            let wanted = current - floor
            // Traces spread evenly over shards, so each lists a quarter more than its share; another pass
            // follows if that was not enough.
            let perShard = max(wanted / shards.count + wanted / (4 * shards.count), 1)
            scratch.prepare(shards: shards.count)
            for index in shards.indices {
                shards[index].state.withLock { $0.oldest(coveringBytes: perShard, into: &scratch.oldest[index]) }
            }
            scratch.count(covering: wanted)
            var effects = ShardEffects(wantsEvents: false)
            var evicted = 0
            for (index, count) in scratch.counts.enumerated() where count > 0 {
                let lastSeq = scratch.oldest[index].prefix(count).lazy.map(\.seq).max() ?? 0
                evicted += shards[index].state.withLock {
                    $0.evictOldest(count, notAfter: lastSeq, effects: &effects)
                }
            }
            apply(effects)
            evictedByMemory.increment(by: UInt64(evicted))
            guard evicted > 0 else { return }
            current = tracedBytes.load(ordering: .relaxed)
        }
    }
}

/// The lists a memory-eviction pass fills, kept from pass to pass (a full store runs one every few batches).
struct EvictionScratch {
    /// Each shard's oldest records, its arrival sequence number and bytes each.
    var oldest: [[(seq: UInt64, bytes: Int)]] = []
    /// How many of each shard's listed records to evict.
    var counts: [Int] = []
    var fronts = Heap<Front>()

    /// One shard's next listed record in the merge.
    struct Front: Comparable {
        var seq: UInt64
        var shard: Int
        static func < (lhs: Front, rhs: Front) -> Bool { (lhs.seq, lhs.shard) < (rhs.seq, rhs.shard) }
    }

    /// A list per shard, emptied (their storage kept).
    mutating func prepare(shards: Int) {
        if oldest.count != shards { oldest = Array(repeating: [], count: shards) }
        for index in oldest.indices { oldest[index].removeAll(keepingCapacity: true) }
    }

    /// Sets `counts`: how many of each shard's listed records to evict so that they cover `wanted` bytes, taken over
    /// all shards by arrival sequence number. A merge of the shards' lists, each in its shard's order (the same as
    /// arrival order but for batches that raced to a shard), through a heap of the lists' next records.
    mutating func count(covering wanted: Int) {
        counts.removeAll(keepingCapacity: true)
        counts.append(contentsOf: repeatElement(0, count: oldest.count))
        while fronts.popMin() != nil {}
        for shard in oldest.indices {
            if let first = oldest[shard].first { fronts.insert(Front(seq: first.seq, shard: shard)) }
        }
        var covered = 0
        while covered < wanted, let front = fronts.popMin() {
            let shard = front.shard
            covered += oldest[shard][counts[shard]].bytes
            counts[shard] += 1
            if counts[shard] < oldest[shard].count {
                fronts.insert(Front(seq: oldest[shard][counts[shard]].seq, shard: shard))
            }
        }
    }
}
