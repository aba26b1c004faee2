import Synchronization

extension CorrelationStore {
    /// Evicts the globally oldest traces while the traced bytes exceed their budget, down to 31/32 of it
    /// so a full store does not run a pass on every batch. Each pass takes each shard's lock twice:
    /// once to list its oldest records, once to drop those older than the chosen cutoff.
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
                let cutoffs = Self.cutoffs(merging: oldest, covering: wanted)
                guard cutoffs.contains(where: { $0 != nil }) else { return }
                var effects = ShardEffects(wantsEvents: false)
                var evicted = 0
                for (index, cutoff) in cutoffs.enumerated() {
                    guard let cutoff else { continue }
                    evicted += shards[index].state.withLock { $0.evict(upToSeq: cutoff, effects: &effects) }
                }
                apply(effects)
                evictedByMemory.increment(by: UInt64(evicted))
                guard evicted > 0 else { return }
                current = tracedBytes.load(ordering: .relaxed)
            }
        }
    }

    /// Per shard, the newest sequence number to evict so that the oldest records over all shards, taken in
    /// arrival order, cover `wanted` bytes: a merge of the shards' lists, each already oldest first.
    static func cutoffs(merging oldest: [[(seq: UInt64, bytes: Int)]], covering wanted: Int) -> [UInt64?] {
        var cutoffs = [UInt64?](repeating: nil, count: oldest.count)
        var next = [Int](repeating: 0, count: oldest.count)
        var covered = 0
        while covered < wanted {
            var pick: Int?
            for shard in oldest.indices where next[shard] < oldest[shard].count {
                if let current = pick, oldest[current][next[current]].seq <= oldest[shard][next[shard]].seq { continue }
                pick = shard
            }
            guard let shard = pick else { break }
            let candidate = oldest[shard][next[shard]]
            cutoffs[shard] = candidate.seq
            covered += candidate.bytes
            next[shard] += 1
        }
        return cutoffs
    }
}
