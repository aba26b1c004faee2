import Testing

@testable import TraceLinkCore

/// A batch's items reach each shard in batch order, every item with a shard exactly once.
@Suite struct ShardPartitionTests {
    @Test(arguments: [0, 1, 7, 1000])
    func eachShardGetsItsItemsInBatchOrder(count: Int) {
        // Every fifth item has no shard; the others spread unevenly, shard 3 of 8 left empty.
        let shardOf: (Int) -> Int? = { index in
            guard index % 5 != 4 else { return nil }
            let shard = (index &* 2_654_435_761) % 8
            return shard == 3 ? 0 : shard
        }
        let partition = ShardPartition(count: count, shards: 8, shardOf: shardOf)
        for shard in 0..<8 {
            #expect(Array(partition.indices(of: shard)) == (0..<count).filter { shardOf($0) == shard }.map(Int32.init))
        }
        #expect(partition.indices(of: 3).isEmpty)
    }
}
