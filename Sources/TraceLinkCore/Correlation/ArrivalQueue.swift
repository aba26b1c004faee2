import DequeModule

/// A shard's held traces in the order it created them, each as its place in the `TraceTable`
/// (`TraceTable.Place.code`): four bytes a trace, in chunks that are filled once and never copied (a `Deque` of
/// the traces copied them all, and faulted in fresh pages, each time it doubled). Traces leave from the front only;
/// a trace's sequence number and id are read from what its place holds.
struct ArrivalQueue: Sequence {
    private static let chunkShift = 12
    private static let chunkSize = 1 << chunkShift

    /// Full chunks but the last; entries before `head` in the first have left.
    private var chunks: Deque<[Int32]> = []
    private var head = 0
    private(set) var count = 0
    /// The last chunk to empty, kept for the next one needed (a queue at a steady size then allocates nothing).
    private var spare: [Int32]?

    static var bytesPerEntry: Int { MemoryLayout<Int32>.stride }

    var first: Int32? { count == 0 ? nil : chunks[0][head] }

    mutating func append(_ place: Int32) {
        if chunks.last.map({ $0.count == Self.chunkSize }) ?? true {
            var chunk = spare.take() ?? []
            chunk.reserveCapacity(Self.chunkSize)
            chunks.append(chunk)
        }
        chunks[chunks.count - 1].append(place)
        count += 1
    }

    mutating func popFirst() -> Int32? {
        guard count > 0 else { return nil }
        let place = chunks[0][head]
        head += 1
        count -= 1
        if head == Self.chunkSize || count == 0 {
            var emptied = chunks.removeFirst()
            emptied.removeAll(keepingCapacity: true)
            spare = emptied
            head = 0
        }
        return place
    }

    /// The entry `position` places from the front.
    subscript(position: Int) -> Int32 {
        get {
            let index = head + position
            return chunks[index >> Self.chunkShift][index & (Self.chunkSize - 1)]
        }
        set {
            let index = head + position
            chunks[index >> Self.chunkShift][index & (Self.chunkSize - 1)] = newValue
        }
    }

    struct Iterator: IteratorProtocol {
        fileprivate let queue: ArrivalQueue
        fileprivate var position = 0

        mutating func next() -> Int32? {
            guard position < queue.count else { return nil }
            defer { position += 1 }
            return queue[position]
        }
    }

    func makeIterator() -> Iterator { Iterator(queue: self) }
}
