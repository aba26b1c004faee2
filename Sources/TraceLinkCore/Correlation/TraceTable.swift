/// A shard's trace records: an index from the low 64 bits of a trace id to a slot, and the records in fixed-size
/// chunks, a slot reused once its record is evicted.
///
/// The index is open-addressed (linear probing, backward-shift removal) over 16-byte entries, hashed with a
/// per-table random seed: a lookup reads one cache line where a `Dictionary` hashed the key with SipHash first.
/// Records live in chunks that never move: a growing array of records would copy every record, and touch twice
/// their pages, each time it doubled.
struct TraceTable {
    private struct Entry {
        var low: UInt64
        /// The record's slot plus one; 0 marks an empty entry.
        var slotPlusOne: Int32
    }

    private var entries: [Entry] = []
    private var mask = 0
    /// Records by slot; a free slot holds `TraceRecord.vacant` (a removed record is destroyed in place, never
    /// copied out). Not optional: reading through an optional's unwrap would copy the record.
    private var chunks: [[TraceRecord]] = []
    private var free: [Int32] = []
    private let seed = UInt64.random(in: .min ... .max)
    private(set) var count = 0

    private static let chunkShift = 10
    private static let chunkSize = 1 << chunkShift
    private static let minimumEntries = 64

    /// Memory per record beyond the record itself: its index entry (the index is kept at most 3/4 full; it does
    /// not shrink when records leave).
    static let indexOverhead = 2 * MemoryLayout<Entry>.stride

    @inline(__always)
    private func home(of low: UInt64) -> Int { Self.home(of: low, seed: seed, mask: mask) }

    @inline(__always)
    private static func home(of low: UInt64, seed: UInt64, mask: Int) -> Int {
        // The finalizer of MurmurHash3: every bit of the seeded key moves the bucket.
        var hash = low ^ seed
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return Int(truncatingIfNeeded: hash) & mask
    }

    /// The index entry holding `low`, if any.
    @inline(__always)
    private func position(of low: UInt64) -> Int? {
        guard count > 0 else { return nil }
        return entries.withUnsafeBufferPointer { entries in
            var index = home(of: low)
            while entries[index].slotPlusOne != 0 {
                if entries[index].low == low { return index }
                index = (index + 1) & mask
            }
            return nil
        }
    }

    /// The slot of the record of `low`, if held.
    @inline(__always)
    func slot(of low: UInt64) -> Int? {
        position(of: low).map { Int(entries[$0].slotPlusOne) - 1 }
    }

    /// A copy of the record of `low` (its storage is copy-on-write), if held.
    subscript(low: UInt64) -> TraceRecord? { slot(of: low).map { self[slot: $0] } }

    /// The record in `slot`, read or changed in place.
    subscript(slot slot: Int) -> TraceRecord {
        _read { yield chunks[slot >> Self.chunkShift][slot & (Self.chunkSize - 1)] }
        _modify { yield &chunks[slot >> Self.chunkShift][slot & (Self.chunkSize - 1)] }
    }

    /// Adds a new record for `id`, whose low half is not held; returns its slot. The record is built where it is
    /// kept (a record passed in would be copied there, retaining all its storage, then destroyed).
    mutating func insertNew(id: TraceID, seq: UInt64, ordinal: UInt64, now: UInt64) -> Int {
        let slot: Int
        if let reused = free.popLast() {
            slot = Int(reused)
            self[slot: slot] = TraceRecord(id: id, seq: seq, ordinal: ordinal, now: now)
        } else {
            if chunks.last.map({ $0.count == Self.chunkSize }) ?? true {
                chunks.append([])
                chunks[chunks.count - 1].reserveCapacity(Self.chunkSize)
            }
            slot = (chunks.count - 1) << Self.chunkShift + chunks[chunks.count - 1].count
            chunks[chunks.count - 1].append(TraceRecord(id: id, seq: seq, ordinal: ordinal, now: now))
        }
        if 4 * (count + 1) > 3 * entries.count { grow() }
        place(Entry(low: id.low, slotPlusOne: Int32(slot + 1)))
        count += 1
        return slot
    }

    /// Puts `entry` in the first empty entry from its home.
    private mutating func place(_ entry: Entry) {
        let start = home(of: entry.low)
        entries.withUnsafeMutableBufferPointer { entries in
            var index = start
            while entries[index].slotPlusOne != 0 { index = (index + 1) & mask }
            entries[index] = entry
        }
    }

    private mutating func grow() {
        let old = entries
        entries = Array(repeating: Entry(low: 0, slotPlusOne: 0), count: max(Self.minimumEntries, 2 * old.count))
        mask = entries.count - 1
        for entry in old where entry.slotPlusOne != 0 { place(entry) }
    }

    /// Removes the record of `low`, which is held.
    mutating func remove(_ low: UInt64) {
        guard let found = position(of: low) else { return }
        let slot = Int(entries[found].slotPlusOne) - 1
        let mask = self.mask
        let seed = self.seed
        entries.withUnsafeMutableBufferPointer { entries in
            // Backward shift: each later entry of the run moves into the hole unless its home lies after the hole.
            var hole = found
            var next = (found + 1) & mask
            while entries[next].slotPlusOne != 0 {
                let home = Self.home(of: entries[next].low, seed: seed, mask: mask)
                if (next &- home) & mask >= (next &- hole) & mask {
                    entries[hole] = entries[next]
                    hole = next
                }
                next = (next + 1) & mask
            }
            entries[hole] = Entry(low: 0, slotPlusOne: 0)
        }
        count -= 1
        self[slot: slot] = TraceRecord.vacant()
        free.append(Int32(slot))
    }

    /// The low half and slot of every held record, in no particular order.
    var held: some Sequence<(low: UInt64, slot: Int32)> {
        entries.lazy.filter { $0.slotPlusOne != 0 }.map { (low: $0.low, slot: $0.slotPlusOne - 1) }
    }

    /// Every held record, in no particular order.
    var values: some Sequence<TraceRecord> { held.lazy.map { self[slot: Int($0.slot)] } }
}

extension TraceRecord {
    /// What a free slot of a `TraceTable` holds: nothing (its arrays are the shared empty ones). Made anew each
    /// time: copying a stored one would retain each of its arrays.
    static func vacant() -> TraceRecord { TraceRecord(id: TraceID(low64: 1)!, seq: 0, ordinal: 0, now: 0) }
}
