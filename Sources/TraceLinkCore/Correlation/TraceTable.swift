internal import CIntrinsics

/// A shard's traces: an index from the low 64 bits of a trace id to a place, and what is held in fixed-size chunks,
/// a slot reused once its trace is evicted. A trace known by one log only is a `LoneLog` (a fixed entry pointing at
/// its log in the arena), the common case for a file's lines; it becomes a `TraceRecord` when a second item
/// arrives (`promote`). Readers see a record either way (`record(at:)` builds one for a lone log).
///
/// The index is open-addressed (linear probing, backward-shift removal) over 8-byte entries, hashed with a
/// per-table random seed: a lookup reads one cache line where a `Dictionary` hashed the key with SipHash first. An
/// entry holds 32 bits of its key's hash (its home, and a filter) and the place; a match is confirmed against the id
/// the place holds, so a new trace's lookup (most are) reads only the index.
/// Records live in chunks that never move: a growing array of records would copy every record, and touch twice
/// their pages, each time it doubled.
struct TraceTable {
    private struct Entry {
        /// The low 32 bits of the key's hash: its home is these under the mask.
        var hash: UInt32
        /// The place's code plus one: a record's slot plus one (> 0), a lone log's complemented slot plus one (< 0);
        /// 0 marks an empty entry.
        var slotPlusOne: Int32
    }

    /// Where a held trace is: a record's slot or a lone log's.
    struct Place: Equatable {
        /// A record's slot (≥ 0), or a lone log's slot complemented (< 0).
        let code: Int32

        init(code: Int32) { self.code = code }
        init(record slot: Int) { code = Int32(slot) }
        init(lone slot: Int) { code = ~Int32(slot) }

        var isLone: Bool { code < 0 }
        /// The slot in the records, or in the lone logs.
        var slot: Int { isLone ? Int(~code) : Int(code) }
    }

    private var entries: [Entry] = []
    private var mask = 0
    /// Records by slot; a free slot holds `TraceRecord.vacant` (a removed record is destroyed in place, never
    /// copied out). Not optional: reading through an optional's unwrap would copy the record.
    private var chunks: [[TraceRecord]] = []
    private var free: [Int32] = []
    /// Lone logs by slot, in chunks like the records; a free slot holds an empty entry.
    private var loneChunks: [[LoneLog]] = []
    private var freeLones: [Int32] = []
    private let seed = UInt64.random(in: .min ... .max)
    private(set) var count = 0

    private static let chunkShift = 10
    private static let chunkSize = 1 << chunkShift
    private static let minimumEntries = 64

    /// Memory per record beyond the record itself: its index entry (the index is kept at most 3/4 full; it does
    /// not shrink when records leave).
    static let indexOverhead = 2 * MemoryLayout<Entry>.stride

    @inline(__always)
    private func hash(of low: UInt64) -> UInt32 {
        // The finalizer of MurmurHash3: every bit of the seeded key moves the bucket.
        var hash = low ^ seed
        hash ^= hash >> 33
        hash &*= 0xff51_afd7_ed55_8ccd
        hash ^= hash >> 33
        hash &*= 0xc4ce_b9fe_1a85_ec53
        hash ^= hash >> 33
        return UInt32(truncatingIfNeeded: hash)
    }

    @inline(__always)
    private func home(of hash: UInt32) -> Int { Int(hash) & mask }

    /// The low half of the id of the trace at `place`.
    @inline(__always)
    func low(at place: Place) -> UInt64 {
        place.isLone ? self[lone: place.slot].id.low : self[slot: place.slot].id.low
    }

    /// The arrival sequence number of the trace at `place`: the eviction order across shards.
    func seq(at place: Place) -> UInt64 {
        place.isLone ? self[lone: place.slot].seq : self[slot: place.slot].seq
    }

    /// When the trace at `place` was first seen.
    func firstSeenNanos(at place: Place) -> UInt64 {
        place.isLone ? self[lone: place.slot].firstSeenNanos : self[slot: place.slot].firstSeenNanos
    }

    /// The index entry holding `low`, if any.
    @inline(__always)
    private func position(of low: UInt64) -> Int? {
        guard count > 0 else { return nil }
        let hash = hash(of: low)
        return entries.withUnsafeBufferPointer { entries in
            var index = home(of: hash)
            while entries[index].slotPlusOne != 0 {
                if entries[index].hash == hash, self.low(at: Self.place(entries[index])) == low { return index }
                index = (index + 1) & mask
            }
            return nil
        }
    }

    /// Starts loading the index entry where the lookup of `low` begins, so that a lookup soon after finds it in the
    /// cache: a store of many traces has an index far larger than the cache, and every new trace's lookup missed it.
    @inline(__always)
    func prefetch(_ low: UInt64) {
        entries.withUnsafeBufferPointer { tracelink_prefetch($0.baseAddress.map { $0 + home(of: hash(of: low)) }) }
    }

    /// Where the trace of `low` is held, if it is.
    @inline(__always)
    func place(of low: UInt64) -> Place? {
        position(of: low).map { Self.place(entries[$0]) }
    }

    @inline(__always)
    private static func place(_ entry: Entry) -> Place {
        Place(code: entry.slotPlusOne > 0 ? entry.slotPlusOne - 1 : entry.slotPlusOne + 1)
    }

    @inline(__always)
    private static func entry(_ hash: UInt32, _ place: Place) -> Entry {
        Entry(hash: hash, slotPlusOne: place.isLone ? place.code - 1 : place.code + 1)
    }

    /// The trace of `low` as a record (its storage is copy-on-write; a lone log's is built, its names read from
    /// `table`), if held.
    func record(low: UInt64, table: StringTable) -> TraceRecord? {
        place(of: low).map { record(at: $0, table: table) }
    }

    /// The trace at `place` as a record: the record itself, or one built from the lone log.
    func record(at place: Place, table: StringTable) -> TraceRecord {
        place.isLone ? self[lone: place.slot].record(table: table) : self[slot: place.slot]
    }

    /// The lone log in `slot`.
    subscript(lone slot: Int) -> LoneLog {
        _read { yield loneChunks[slot >> Self.chunkShift][slot & (Self.chunkSize - 1)] }
        _modify { yield &loneChunks[slot >> Self.chunkShift][slot & (Self.chunkSize - 1)] }
    }

    /// The record in `slot`, read or changed in place.
    subscript(slot slot: Int) -> TraceRecord {
        _read { yield chunks[slot >> Self.chunkShift][slot & (Self.chunkSize - 1)] }
        _modify { yield &chunks[slot >> Self.chunkShift][slot & (Self.chunkSize - 1)] }
    }

    /// Adds a new record for `id`, whose low half is not held; returns its slot. The record is built where it is
    /// kept (a record passed in would be copied there, retaining all its storage, then destroyed).
    mutating func insertNew(id: TraceID, seq: UInt64, ordinal: UInt64, now: UInt64) -> Int {
        let slot = newRecordSlot { TraceRecord(id: id, seq: seq, ordinal: ordinal, now: now) }
        if 4 * (count + 1) > 3 * entries.count { grow() }
        place(Self.entry(hash(of: id.low), Place(record: slot)))
        count += 1
        return slot
    }

    /// Adds a lone log for a trace whose low half is not held; returns its slot.
    mutating func insertLone(_ lone: LoneLog) -> Int {
        let slot: Int
        if let reused = freeLones.popLast() {
            slot = Int(reused)
            self[lone: slot] = lone
        } else {
            if loneChunks.last.map({ $0.count == Self.chunkSize }) ?? true {
                loneChunks.append([])
                loneChunks[loneChunks.count - 1].reserveCapacity(Self.chunkSize)
            }
            slot = (loneChunks.count - 1) << Self.chunkShift + loneChunks[loneChunks.count - 1].count
            loneChunks[loneChunks.count - 1].append(lone)
        }
        if 4 * (count + 1) > 3 * entries.count { grow() }
        place(Self.entry(hash(of: lone.id.low), Place(lone: slot)))
        count += 1
        return slot
    }

    /// Turns the lone log of `low` into a record holding the same; returns the record's slot.
    mutating func promote(_ low: UInt64, table: StringTable) -> Int {
        guard let found = position(of: low), case let lone = Self.place(entries[found]), lone.isLone else {
            preconditionFailure("promote: no lone log holds the trace")
        }
        let record = self[lone: lone.slot].record(table: table)
        let slot = newRecordSlot { record }
        entries[found] = Self.entry(entries[found].hash, Place(record: slot))
        freeLone(lone.slot)
        return slot
    }

    /// A free record slot, filled by `make` (built where it is kept: a record passed in would be copied there,
    /// retaining all its storage, then destroyed).
    private mutating func newRecordSlot(_ make: () -> TraceRecord) -> Int {
        if let reused = free.popLast() {
            self[slot: Int(reused)] = make()
            return Int(reused)
        }
        if chunks.last.map({ $0.count == Self.chunkSize }) ?? true {
            chunks.append([])
            chunks[chunks.count - 1].reserveCapacity(Self.chunkSize)
        }
        let slot = (chunks.count - 1) << Self.chunkShift + chunks[chunks.count - 1].count
        chunks[chunks.count - 1].append(make())
        return slot
    }

    private mutating func freeLone(_ slot: Int) {
        self[lone: slot] = .vacant
        freeLones.append(Int32(slot))
    }

    /// Puts `entry` in the first empty entry from its home.
    private mutating func place(_ entry: Entry) {
        let start = home(of: entry.hash)
        entries.withUnsafeMutableBufferPointer { entries in
            var index = start
            while entries[index].slotPlusOne != 0 { index = (index + 1) & mask }
            entries[index] = entry
        }
    }

    private mutating func grow() {
        let old = entries
        entries = Array(repeating: Entry(hash: 0, slotPlusOne: 0), count: max(Self.minimumEntries, 2 * old.count))
        mask = entries.count - 1
        for entry in old where entry.slotPlusOne != 0 { place(entry) }
    }

    /// Removes the trace at `place`, which is held: its entry is found by its place, reading no other trace.
    mutating func remove(at removed: Place) {
        let hash = hash(of: low(at: removed))
        var found = home(of: hash)
        while entries[found].slotPlusOne == 0 || Self.place(entries[found]) != removed {
            precondition(entries[found].slotPlusOne != 0, "remove: the trace is not held")
            found = (found + 1) & mask
        }
        let mask = self.mask
        entries.withUnsafeMutableBufferPointer { entries in
            // Backward shift: each later entry of the run moves into the hole unless its home lies after the hole.
            var hole = found
            var next = (found + 1) & mask
            while entries[next].slotPlusOne != 0 {
                let home = Int(entries[next].hash) & mask
                if (next &- home) & mask >= (next &- hole) & mask {
                    entries[hole] = entries[next]
                    hole = next
                }
                next = (next + 1) & mask
            }
            entries[hole] = Entry(hash: 0, slotPlusOne: 0)
        }
        count -= 1
        if removed.isLone {
            freeLone(removed.slot)
        } else {
            self[slot: removed.slot] = TraceRecord.vacant()
            free.append(Int32(removed.slot))
        }
    }

    /// The low half and place of every held trace, in no particular order.
    var held: some Sequence<(low: UInt64, place: Place)> {
        entries.lazy.filter { $0.slotPlusOne != 0 }.map { entry in
            let place = Self.place(entry)
            return (low: low(at: place), place: place)
        }
    }

    /// Every held trace as a record, in no particular order.
    func values(table: StringTable) -> some Sequence<TraceRecord> {
        held.lazy.map { record(at: $0.place, table: table) }
    }
}

extension TraceRecord {
    /// What a free slot of a `TraceTable` holds: nothing (its arrays are the shared empty ones). Made anew each
    /// time: copying a stored one would retain each of its arrays.
    static func vacant() -> TraceRecord { TraceRecord(id: TraceID(low64: 1)!, seq: 0, ordinal: 0, now: 0) }
}
