/// Interns the repetitive strings of a shard (services, span names, attribute keys, sources, file paths) so a
/// stored item refers to them by a small number. Bounded: once full, strings are stored inline instead.
struct StringTable {
    static let capacity = 4096

    private var ids: [String: UInt32] = [:]
    private(set) var strings: [String] = []
    /// Approximate heap bytes of the table.
    private(set) var bytes = 0

    /// The strings last looked up, one per length modulo `recentSlots`: the same service, source, path or
    /// attribute key item after item is found by comparing (a pointer compare for the same storage), not hashing.
    private var recent = [(string: String, id: UInt32)?](repeating: nil, count: Self.recentSlots)
    private static let recentSlots = 32

    /// The id of `string`, interning it if there is room; nil when the table is full.
    @inline(__always)
    mutating func id(for string: String) -> UInt32? {
        let slot = string.utf8.count & (Self.recentSlots - 1)
        if let hit = recent[slot], hit.string == string { return hit.id }
        if let id = ids[string] {
            recent[slot] = (string, id)
            return id
        }
        guard strings.count < Self.capacity else { return nil }
        let id = UInt32(strings.count)
        ids[string] = id
        strings.append(string)
        bytes += 2 * StoreFootprint.bytes(of: string) + 48
        recent[slot] = (string, id)
        return id
    }

    @inline(__always)
    func string(_ id: UInt32) -> String { strings[Int(id)] }
}
