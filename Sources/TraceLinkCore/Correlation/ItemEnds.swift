/// Where each of a record's items ends in its bytes. The first end is held inline, so a trace of one item (most
/// traces a log file names) allocates no array for it.
struct ItemEnds {
    private var first: UInt32 = 0
    private var rest: [UInt32] = []
    private(set) var count = 0

    var isEmpty: Bool { count == 0 }
    var indices: Range<Int> { 0..<count }

    subscript(index: Int) -> UInt32 {
        @inline(__always) get { index == 0 ? first : rest[index - 1] }
    }

    mutating func reserveCapacity(_ capacity: Int) {
        if capacity > 1 { rest.reserveCapacity(capacity - 1) }
    }

    mutating func append(_ end: UInt32) {
        if count == 0 { first = end } else { rest.append(end) }
        count += 1
    }

    /// Heap bytes of the array beyond the first end.
    var heapBytes: Int {
        rest.capacity > 0 ? StoreFootprint.allocationOverhead + 32 + 4 * rest.capacity : 0
    }
}
