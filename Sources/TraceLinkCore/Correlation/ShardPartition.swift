/// A batch's item indices partitioned by shard, each shard's in batch order: a counting sort into one array (the
/// batch's only allocation for it), instead of an array per shard grown one index at a time.
struct ShardPartition {
    /// The shards' bounds (`shards + 1` entries: where each shard's indices start, then the end), then the indices,
    /// shard after shard.
    private let storage: [Int32]
    private let shards: Int

    /// - Parameter shardOf: the shard of the item at an index, or nil to leave it out; called twice per item.
    init(count: Int, shards: Int, shardOf: (Int) -> Int?) {
        self.shards = shards
        var storage = [Int32](repeating: 0, count: shards + 1 + count)
        storage.withUnsafeMutableBufferPointer { storage in
            for index in 0..<count {
                if let shard = shardOf(index) { storage[shard] += 1 }
            }
            // Each shard's end, then (placing its items from the last back) its start.
            var total: Int32 = 0
            for shard in 0..<shards {
                total += storage[shard]
                storage[shard] = total
            }
            storage[shards] = total
            for index in (0..<count).reversed() {
                guard let shard = shardOf(index) else { continue }
                storage[shard] -= 1
                storage[shards + 1 + Int(storage[shard])] = Int32(index)
            }
        }
        self.storage = storage
    }

    /// The indices of `shard`'s items, in batch order.
    func indices(of shard: Int) -> ArraySlice<Int32> {
        storage[(shards + 1 + Int(storage[shard]))..<(shards + 1 + Int(storage[shard + 1]))]
    }
}
