/// A small cache from a `String`'s two-word representation to its id. Equal representations are equal strings:
/// a small string's words are its bytes, a large one's name its storage, which the cache keeps alive (so the address
/// cannot be reused by another string while the entry stands).
struct RecentStrings {
    typealias Representation = (UInt64, UInt64)
    private static let slots = 64

    private var representations = [Representation](repeating: (0, 0), count: Self.slots)
    /// `vacant` where no entry stands (ids are below `StringTable.capacity`).
    private var ids = [UInt32](repeating: Self.vacant, count: Self.slots)
    private static let vacant = UInt32.max
    /// The strings the entries stand for, held so that their storage lives as long as the entry.
    private var strings = [String](repeating: "", count: Self.slots)
    /// The slot last written.
    private var lastTaken = -1

    @inline(__always)
    static func representation(of string: String) -> Representation {
        // Two words on the 64-bit targets the agent is built for (folded away there).
        precondition(MemoryLayout<String>.size == 16, "a String is two words")
        return withUnsafeBytes(of: string) { ($0.load(as: UInt64.self), $0.load(fromByteOffset: 8, as: UInt64.self)) }
    }

    @inline(__always)
    private static func slot(of representation: Representation) -> Int {
        let mixed = (representation.0 ^ (representation.1 &* 0x9E37_79B9_7F4A_7C15)) &* 0xBF58_476D_1CE4_E5B9
        return Int(truncatingIfNeeded: mixed >> 58)
    }

    /// A string may stand in its slot or the slot's pair (`slot ^ 1`): two strings used item after item whose slots
    /// collide then both stay.
    @inline(__always)
    func id(of representation: Representation) -> UInt32? {
        let slot = Self.slot(of: representation)
        return representations.withUnsafeBufferPointer { stored in
            let found = stored[slot] == representation ? slot : stored[slot ^ 1] == representation ? slot ^ 1 : -1
            guard found >= 0 else { return nil }
            let id = ids.withUnsafeBufferPointer { $0[found] }
            return id == Self.vacant ? nil : id
        }
    }

    /// Takes the string's slot when it is free, else the pair's, taking turns (so that of three strings on one pair
    /// the last two stay).
    mutating func remember(_ string: String, representation: Representation, id: UInt32) {
        var slot = Self.slot(of: representation)
        if ids[slot] != Self.vacant, ids[slot ^ 1] == Self.vacant || lastTaken == slot { slot ^= 1 }
        lastTaken = slot
        strings[slot] = string
        representations[slot] = representation
        ids[slot] = id
    }
}
