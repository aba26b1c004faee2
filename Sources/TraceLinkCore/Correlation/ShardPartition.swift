/// A batch's item indices partitioned by shard in one counting pass, each shard's in batch order: three arrays for
/// the whole batch instead of an array per shard grown one index at a time.
struct ShardPartition {
    /// The indices, shard after shard.
    private var order: [Int32]
    /// Where each shard's indices start in `order` (one more entry: the end).
    private var starts: [Int]

    /// - Parameter shardOf: the shard of the item at an index, or nil to leave it out.
    init(count: Int, shards: Int, shardOf: (Int) -> Int?) {
        var shardOfItem = [Int32](repeating: -1, count: count)
        var starts = [Int](repeating: 0, count: shards + 1)
        for index in 0..<count {
            guard let shard = shardOf(index) else { continue }
            shardOfItem[index] = Int32(shard)
            starts[shard + 1] += 1
        }
        for shard in 0..<shards { starts[shard + 1] += starts[shard] }
        var next = starts
        var order = [Int32](repeating: 0, count: starts[shards])
        for index in 0..<count where shardOfItem[index] >= 0 {
            let shard = Int(shardOfItem[index])
            order[next[shard]] = Int32(index)
            next[shard] += 1
        }
        self.order = order
        self.starts = starts
    }

    /// The indices of `shard`'s items, in batch order.
    func indices(of shard: Int) -> ArraySlice<Int32> { order[starts[shard]..<starts[shard + 1]] }
}
