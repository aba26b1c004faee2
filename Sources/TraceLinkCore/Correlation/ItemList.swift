/// A record's per-item numbers (where each log, and each run of its spans, lives in the shard's `ItemArena`). The
/// first is held inline, so a trace of one item (most traces a log file names) allocates no array for it.
struct ItemList<Element: FixedWidthInteger & Sendable>: Sendable {
    private var first: Element = 0
    private var storedCount: UInt32 = 0
    private var rest: [Element] = []

    var count: Int { Int(storedCount) }

    var isEmpty: Bool { count == 0 }
    var indices: Range<Int> { 0..<count }

    subscript(index: Int) -> Element {
        @inline(__always) get { index == 0 ? first : rest[index - 1] }
    }

    mutating func reserveCapacity(_ capacity: Int) {
        if capacity > 1 { rest.reserveCapacity(capacity - 1) }
    }

    mutating func append(_ element: Element) {
        if count == 0 { first = element } else { rest.append(element) }
        storedCount += 1
    }

    /// Heap bytes of the array beyond the first element.
    var heapBytes: Int {
        rest.capacity > 0 ? StoreFootprint.allocationOverhead + 32 + MemoryLayout<Element>.stride * rest.capacity : 0
    }
}
