/// A shard's trace records: an index from the low 64 bits of a trace id to a slot in a dense array of records,
/// a slot reused once its record is evicted. A hash table of the records themselves would move whole records
/// each time it grows and keep about as many empty record-sized slots as full ones; this one moves 12-byte
/// entries and holds the records densely.
struct TraceTable {
    private var slots: [UInt64: Int32] = [:]
    private var records: [TraceRecord] = []
    private var free: [Int32] = []

    var count: Int { slots.count }

    /// Memory per record beyond the record itself: its index entry (a hash table runs up to half empty).
    static let indexOverhead = 2 * (MemoryLayout<UInt64>.stride + MemoryLayout<Int32>.stride) + 8

    /// The slot of the record of `low`, if held.
    @inline(__always)
    func slot(of low: UInt64) -> Int? { slots[low].map(Int.init) }

    /// A copy of the record of `low` (its storage is copy-on-write), if held.
    subscript(low: UInt64) -> TraceRecord? { slots[low].map { records[Int($0)] } }

    /// The record in `slot`, read or changed in place.
    subscript(slot slot: Int) -> TraceRecord {
        _read { yield records[slot] }
        _modify { yield &records[slot] }
    }

    /// Adds the record of `low`, which is not held; returns its slot.
    mutating func insert(_ record: consuming TraceRecord, for low: UInt64) -> Int {
        let slot: Int
        if let reused = free.popLast() {
            slot = Int(reused)
            records[slot] = record
        } else {
            slot = records.count
            records.append(record)
        }
        slots[low] = Int32(slot)
        return slot
    }

    /// Removes and returns the record of `low`.
    mutating func remove(_ low: UInt64) -> TraceRecord? {
        guard let slot = slots.removeValue(forKey: low).map(Int.init) else { return nil }
        var removed = TraceRecord.vacant
        swap(&removed, &records[slot])
        free.append(Int32(slot))
        return removed
    }

    /// The low half and slot of every held record, in no particular order.
    var held: [UInt64: Int32] { slots }

    /// Every held record, in no particular order.
    var values: some Sequence<TraceRecord> { slots.values.lazy.map { records[Int($0)] } }
}

extension TraceRecord {
    /// What a free slot of a `TraceTable` holds: nothing.
    static let vacant = TraceRecord(id: TraceID(low64: 1)!, seq: 0, now: 0)
}
