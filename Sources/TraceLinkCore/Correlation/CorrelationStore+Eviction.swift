import HeapModule
import Synchronization

extension CorrelationStore {
    /// Evicts the globally oldest traces while the traced bytes exceed their budget, down to 31/32 of it
    /// so a full store does not run a pass on every batch. Each pass takes each shard's lock twice:
    /// once to list its oldest records, once to drop as many of them as the merge of all lists chose.
    func enforceMemoryBudget() {
        let budget = configuration.tracedBudgetBytes
        guard tracedBytes.load(ordering: .relaxed) > budget else { return }
        evictionLock.withLock { _ in
            let floor = budget - budget / 32
            var current = tracedBytes.load(ordering: .relaxed)
            guard current > budget else { return }  // another pass got here first
            while current > floor {
                let wanted = current - floor
                // Traces spread evenly over shards, so each lists a quarter more than its share; another pass
                // follows if that was not enough.
                let perShard = max(wanted / shards.count + wanted / (4 * shards.count), 1)
                let oldest = shards.map { box in box.state.withLock { $0.oldest(coveringBytes: perShard) } }
                let counts = Self.counts(merging: oldest, covering: wanted)
                var effects = ShardEffects(wantsEvents: false)
                var evicted = 0
                for (index, count) in counts.enumerated() where count > 0 {
                    let lastSeq = oldest[index].prefix(count).lazy.map(\.seq).max() ?? 0
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

    /// How many of each shard's oldest records to evict so that they cover `wanted` bytes, taken over all shards
    /// by arrival sequence number: a merge of the shards' lists, each in its shard's order (the same as arrival
    /// order but for batches that raced to a shard), through a heap of the lists' next records.
    static func counts(merging oldest: [[(seq: UInt64, bytes: Int)]], covering wanted: Int) -> [Int] {
        struct Front: Comparable {
            var seq: UInt64
            var shard: Int
            static func < (lhs: Front, rhs: Front) -> Bool { (lhs.seq, lhs.shard) < (rhs.seq, rhs.shard) }
        }
        var next = [Int](repeating: 0, count: oldest.count)
        var fronts = Heap(oldest.indices.compactMap { shard in oldest[shard].first.map { Front(seq: $0.seq, shard: shard) } })
        var covered = 0
        while covered < wanted, let front = fronts.popMin() {
            let shard = front.shard
            covered += oldest[shard][next[shard]].bytes
            next[shard] += 1
            if next[shard] < oldest[shard].count {
                fronts.insert(Front(seq: oldest[shard][next[shard]].seq, shard: shard))
            }
        }
        return next
    }
}
