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
                // Traces spread evenly over shards, so each lists about twice its share; another pass follows
                // if that was not enough.
                let perShard = max(2 * wanted / shards.count, 1)
                var candidates: [(seq: UInt64, bytes: Int, shard: Int)] = []
                for (index, box) in shards.enumerated() {
                    let oldest = box.state.withLock { $0.oldest(coveringBytes: perShard) }
                    for record in oldest { candidates.append((record.seq, record.bytes, index)) }
                }
                guard !candidates.isEmpty else { return }
                candidates.sort { $0.seq < $1.seq }
                var cutoffs = [UInt64?](repeating: nil, count: shards.count)
                var covered = 0
                for candidate in candidates {
                    guard covered < wanted else { break }
                    cutoffs[candidate.shard] = candidate.seq
                    covered += candidate.bytes
                }
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
}
