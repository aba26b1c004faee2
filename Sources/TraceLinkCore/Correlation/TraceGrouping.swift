/// A shard's part of a batch grouped by trace, in one pass and without sorting: each trace's items together in
/// arrival order, the traces in the order of their first item, so that records are created, and later evicted, in
/// arrival order. The shard keeps one and reuses its buffers batch after batch.
struct TraceGrouping {
    /// The batch indices, one trace's together (traces told apart by the low 64 bits of their id).
    private(set) var indices: [Int32] = []
    /// The ranges of `indices` that hold one trace each, in the order of their first item. (Ranges, not slices: a
    /// slice would retain the array.)
    private(set) var groups: [Range<Int>] = []
    /// The low half of each group's trace id, in the order of `groups`.
    private(set) var lows: [UInt64] = []
    /// Traces seen so far by low half: open-addressed, `group` -1 when empty.
    private var seen: [(low: UInt64, group: Int32)] = []
    /// Each item's group, in batch order.
    private var itemGroups: [Int32] = []

    /// Buffers are kept for the next batch unless a batch of more items than this grew them.
    static let keptCapacity = 8192

    /// Groups the items at `indices` by the low half of their trace id.
    mutating func group(_ batchIndices: ArraySlice<Int32>, lowOf: (Int32) -> UInt64) {
        clear()
        var size = 16
        while size < 2 * batchIndices.count { size <<= 1 }
        let mask = size - 1
        seen.append(contentsOf: repeatElement((low: 0, group: -1), count: size))
        itemGroups.reserveCapacity(batchIndices.count)
        // Counts per group first (in `groups`' upper bounds), then each group's range.
        seen.withUnsafeMutableBufferPointer { seen in
            for index in batchIndices {
                let low = lowOf(index)
                var slot = Self.home(of: low, mask: mask)
                while seen[slot].group >= 0 && seen[slot].low != low { slot = (slot + 1) & mask }
                if seen[slot].group < 0 {
                    seen[slot] = (low, Int32(groups.count))
                    groups.append(0..<0)
                    lows.append(low)
                }
                let group = Int(seen[slot].group)
                groups[group] = 0..<(groups[group].upperBound + 1)
                itemGroups.append(Int32(group))
            }
        }
        var start = 0
        for group in groups.indices {
            let count = groups[group].upperBound
            groups[group] = start..<start
            start += count
        }
        // Each item into its group's next place: arrival order within a group.
        indices.append(contentsOf: repeatElement(0, count: batchIndices.count))
        for (item, index) in batchIndices.enumerated() {
            let group = Int(itemGroups[item])
            let place = groups[group].upperBound
            indices[place] = index
            groups[group] = groups[group].lowerBound..<(place + 1)
        }
    }

    /// Empties the buffers, keeping their capacity unless a huge batch grew them.
    mutating func clear() {
        let keep = indices.capacity <= Self.keptCapacity
        indices.removeAll(keepingCapacity: keep)
        groups.removeAll(keepingCapacity: keep)
        lows.removeAll(keepingCapacity: keep)
        seen.removeAll(keepingCapacity: seen.capacity <= 2 * Self.keptCapacity)
        itemGroups.removeAll(keepingCapacity: keep)
    }

    @inline(__always)
    private static func home(of low: UInt64, mask: Int) -> Int {
        // Not the shard's hash (its top bits are the same for every trace of a shard).
        var hash = low ^ (low >> 31)
        hash &*= 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: hash >> 29) & mask
    }
}
