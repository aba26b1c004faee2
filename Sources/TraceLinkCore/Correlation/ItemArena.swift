internal import CIntrinsics

import DequeModule

/// A shard's stored items (each log, and each batch's spans of a trace as one `SpanRun`), appended back to back
/// into fixed-size chunks and freed a whole chunk at a time, oldest first: storing an item allocates nothing of
/// its own (a record holds only its items' addresses), and evicting a trace frees nothing of its own either.
///
/// A chunk is freed once every record that owns an item in it has left the shard, oldest chunk first. Records
/// leave in the order the shard created them (`TraceRecord.ordinal`), so that is once the oldest record still
/// held came after the newest owner in the chunk (`maxOwner`). Items of an evicted trace that sit in a chunk
/// shared with newer traces stay until that chunk goes; `bytes` counts whole chunks, so the store's accounting
/// includes them.
///
/// Copies share the chunks: a query copies the arena under the shard lock and reads its items after releasing
/// the lock, while the shard goes on appending past what was written (a chunk's written bytes never change) and
/// dropping chunks the copy keeps alive.
///
/// Freed chunks of the usual size that no copy holds go to the store's `ChunkPool`, where every shard takes its next
/// chunks from: a full store that evicts as it inserts mostly allocates no chunks.
struct ItemArena: Sendable {
    final class Chunk: @unchecked Sendable {
        let base: UnsafeMutableRawPointer
        let capacity: Int
        /// Ordinal of the newest record that owns an item here (for the last chunk, as of the last `release`:
        /// the arena keeps the last chunk's in `tailMaxOwner`).
        var maxOwner: UInt64 = 0

        init(capacity: Int) {
            self.capacity = capacity
            base = .allocate(byteCount: capacity, alignment: 16)
            // A new chunk is written from its start to its end: its pages faulted in at once cost less CPU than a
            // fault each as the writes reach them (a filling store's faults were a fifth of the agent's CPU).
            tracelink_populate_for_writing(base, capacity)
        }

        deinit { base.deallocate() }

        /// The whole chunk: a reader reads only items written before it was handed their addresses (through the
        /// shard's lock), never how far the shard has written, which it may be changing.
        var all: UnsafeRawBufferPointer { UnsafeRawBufferPointer(start: base, count: capacity) }
    }

    private var chunks: Deque<Chunk> = []
    /// The number of `chunks.first`; an item's address is its chunk's number in the high 32 bits, its offset in the
    /// low 32.
    private var firstNumber: UInt32 = 0
    /// Where freed chunks go and new ones come from; its chunk size is this arena's.
    let pool: ChunkPool
    var chunkSize: Int { pool.chunkSize }
    /// Heap bytes of the chunks held.
    private(set) var bytes = 0
    // The last chunk's memory, bytes written and newest owner, kept here so that an append touches no chunk
    // object (no retain, no release). Only the shard, under its lock, writes past `tailUsed`.
    nonisolated(unsafe) private var tailBase: UnsafeMutableRawPointer?
    private var tailCapacity = 0
    private var tailUsed = 0
    private var tailMaxOwner: UInt64 = 0

    init(pool: ChunkPool) {
        self.pool = pool
    }

    /// An arena of its own pool (of one spare chunk).
    init(chunkSize: Int) {
        self.init(pool: ChunkPool(chunkSize: chunkSize))
    }

    /// Raw chunk memory an item is encoded into in place. Writes past its capacity are not made but noted, so the
    /// caller can encode again with more room.
    struct Writer: CompactEncoding {
        private let base: UnsafeMutableRawPointer
        private let capacity: Int
        private(set) var count = 0
        private(set) var overflowed = false

        init(base: UnsafeMutableRawPointer, capacity: Int) {
            self.base = base
            self.capacity = capacity
        }

        @inline(__always)
        mutating func byte(_ value: UInt8) {
            guard count < capacity else { return overflowed = true }
            base.storeBytes(of: value, toByteOffset: count, as: UInt8.self)
            count += 1
        }

        @inline(__always)
        mutating func append(_ bytes: UnsafeRawBufferPointer) {
            guard bytes.count <= capacity - count else { return overflowed = true }
            if let source = bytes.baseAddress { (base + count).copyMemory(from: source, byteCount: bytes.count) }
            count += bytes.count
        }
    }

    /// Encodes one item of the record with ordinal `owner` straight into the last chunk; when it does not fit, into
    /// a new chunk of at least `estimate` bytes, and when it does not fit an empty chunk either, into one twice as
    /// large in its place. Returns its address and size. `encode` may run more than once, so it must write the same
    /// item each time.
    mutating func append(
        owner: UInt64, estimate: Int, _ encode: (inout Writer) -> Void
    ) -> (address: UInt64, count: Int) {
        if tailBase == nil { startChunk(capacity: max(chunkSize, estimate)) }
        while true {
            let offset = tailUsed
            // Past what was written: no reader was handed an address there, so a write that did not fit harms nothing.
            var writer = Writer(base: tailBase.unsafelyUnwrapped + offset, capacity: tailCapacity - offset)
            encode(&writer)
            if !writer.overflowed {
                tailUsed += writer.count
                tailMaxOwner = max(tailMaxOwner, owner)
                let number = firstNumber &+ UInt32(chunks.count - 1)
                return (UInt64(number) << 32 | UInt64(offset), writer.count)
            }
            if offset == 0 {
                // Nothing is in the chunk: a larger one takes its place rather than leaving it empty and counted.
                let larger = 2 * tailCapacity
                let empty = chunks.removeLast()
                bytes -= empty.capacity + StoreFootprint.chunkOverhead
                appendChunk(capacity: larger)
            } else {
                startChunk(capacity: max(chunkSize, estimate))
            }
        }
    }

    /// Closes the last chunk (its newest owner written back to it) and starts a new one.
    private mutating func startChunk(capacity: Int) {
        chunks.last?.maxOwner = tailMaxOwner
        appendChunk(capacity: capacity)
    }

    private mutating func appendChunk(capacity: Int) {
        let chunk: Chunk
        if capacity == chunkSize, let reused = pool.take() {
            chunk = reused
        } else {
            chunk = Chunk(capacity: capacity)
        }
        chunks.append(chunk)
        bytes += chunk.capacity + StoreFootprint.chunkOverhead
        (tailBase, tailCapacity, tailUsed, tailMaxOwner) = (chunk.base, chunk.capacity, 0, 0)
    }

    /// A reader at the item at `address`.
    @inline(__always)
    func reader(at address: UInt64) -> CompactReader {
        let chunk = chunks[Int(UInt32(truncatingIfNeeded: address >> 32) &- firstNumber)]
        return CompactReader(base: chunk.all, offset: Int(UInt32(truncatingIfNeeded: address)))
    }

    /// Frees the oldest chunks whose owners have all left: every record before `oldestHeld` (the ordinal of the
    /// oldest record held, or of the next one when none is).
    mutating func release(before oldestHeld: UInt64) {
        // The chunks are not bound to names here: a reference held over the loop would keep every chunk from
        // counting as uniquely referenced below.
        guard let owner = chunks.first?.maxOwner, owner < oldestHeld || chunks.count == 1 else { return }
        chunks.last?.maxOwner = tailMaxOwner
        while let owner = chunks.first?.maxOwner, owner < oldestHeld {
            var chunk = chunks.removeFirst()
            firstNumber &+= 1
            bytes -= chunk.capacity + StoreFootprint.chunkOverhead
            // Reused only when no copy of the arena (a query reading outside the lock) still holds it.
            if chunk.capacity == chunkSize, isKnownUniquelyReferenced(&chunk) {
                chunk.maxOwner = 0
                pool.give(chunk)
            }
        }
        if chunks.isEmpty { (tailBase, tailCapacity, tailUsed, tailMaxOwner) = (nil, 0, 0, 0) }
    }
}
