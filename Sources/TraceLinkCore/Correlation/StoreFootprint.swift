/// Constants of the store's byte accounting: what a stored item costs beyond its encoded bytes, which the
/// records and the ring measure from their arrays' capacities.
enum StoreFootprint {
    /// Heap header and allocator rounding of a native string's storage.
    static let stringHeader = 32
    /// A trace record in its `TraceTable` slot, its index entry, and its entry in the arrival order.
    static let recordOverhead =
        MemoryLayout<TraceRecord>.stride + TraceTable.indexOverhead + ArrivalQueue.bytesPerEntry
    /// An `ItemArena` chunk beyond its bytes: its object, its two allocations and its queue entry.
    static let chunkOverhead = 96
    /// What malloc adds to each allocation: its header and rounding.
    static let allocationOverhead = 16
    /// A log waiting for its span: its index, and its share of the waiting list and dictionary slot.
    static let pendingOverhead = 24

    /// Heap bytes of a string: nothing for small strings (15 UTF-8 bytes or fewer live inline).
    @inline(__always)
    static func bytes(of string: String) -> Int {
        let count = string.utf8.count
        return count <= 15 ? 0 : count + stringHeader
    }
}
