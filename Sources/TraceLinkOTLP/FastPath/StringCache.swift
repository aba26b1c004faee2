/// The strings made while decoding one request, so that what recurs in every span (attribute keys, span names,
/// low-cardinality values such as `GET` or `postgresql`) shares one storage instead of a new allocation each time.
///
/// A direct-mapped table: a miss replaces the slot, so memory stays fixed whatever the request holds.
/// Strings of up to 15 UTF-8 bytes are stored inline by `String` and longer than `maxBytes` rarely repeat:
/// neither is cached.
struct StringCache {
    private var slots: [Slot]

    private struct Slot {
        var hash: UInt64 = 0
        var string: String? = nil
    }

    private static let slotCount = 256
    private static let maxBytes = 128

    init() {
        slots = Array(repeating: Slot(), count: Self.slotCount)
    }

    /// The string of `bytes` (invalid UTF-8 repaired), from the cache when the same bytes were seen before.
    mutating func string(_ bytes: UnsafeRawBufferPointer) -> String {
        guard bytes.count > 15, bytes.count <= Self.maxBytes else { return ProtobufCursor.string(bytes) }
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3 }
        let index = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & (Self.slotCount - 1)
        if slots[index].hash == hash, var cached = slots[index].string {
            let same = cached.withUTF8 { $0.count == bytes.count && $0.elementsEqual(bytes) }
            if same { return cached }
        }
        let made = ProtobufCursor.string(bytes)
        slots[index] = Slot(hash: hash, string: made)
        return made
    }
}
