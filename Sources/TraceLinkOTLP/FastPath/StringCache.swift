#if canImport(Glibc)
    internal import Glibc
#endif

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
        let hash = Self.hash(bytes)
        let index = Int(truncatingIfNeeded: hash ^ (hash >> 32)) & (Self.slotCount - 1)
        if slots[index].hash == hash, let cached = slots[index].string {
            let same = cached.utf8.withContiguousStorageIfAvailable { stored in
                stored.count == bytes.count && memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0
            }
            if same == true { return cached }
        }
        let made = ProtobufCursor.string(bytes)
        slots[index] = Slot(hash: hash, string: made)
        return made
    }

    /// A hash of 16 or more bytes, eight at a time (the last word overlapping the one before when the count is
    /// not a multiple of eight).
    @inline(__always)
    private static func hash(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        var offset = 0
        while true {
            let word = bytes.loadUnaligned(fromByteOffset: min(offset, bytes.count - 8), as: UInt64.self)
            hash = (hash ^ word) &* 0x9e37_79b9_7f4a_7c15
            hash ^= hash >> 29
            offset += 8
            if offset >= bytes.count { return hash }
        }
    }
}
