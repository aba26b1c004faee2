/// Interns the repetitive strings of a shard (services, span names, attribute keys, sources, file paths) so a
/// stored item refers to them by a small number. Bounded: once full, strings are stored inline instead.
struct StringTable {
    /// At most this many strings: below `LoneLog.noService`, as a lone log holds its names' ids in 16 bits.
    static let capacity = 4096

    private var ids: [String: UInt32] = [:]
    private(set) var strings: [String] = []
    /// Approximate heap bytes of the table.
    private(set) var bytes = 0

    /// The strings last looked up, by their representation: the same service, source or path `String` item after
    /// item (a batch's, shared by its lines) is found by comparing two words, without hashing its bytes.
    private var recent = RecentStrings()

    /// The id of `string`, interning it if there is room; nil when the table is full.
    @inline(__always)
    mutating func id(for string: String) -> UInt32? {
        let representation = RecentStrings.representation(of: string)
        if let id = recent.id(of: representation) { return id }
        return interned(string, representation: representation)
    }

    private mutating func interned(_ string: String, representation: RecentStrings.Representation) -> UInt32? {
        if let id = ids[string] {
            recent.remember(string, representation: representation, id: id)
            return id
        }
        guard strings.count < Self.capacity else { return nil }
        let id = UInt32(strings.count)
        ids[string] = id
        strings.append(string)
        bytes += 2 * StoreFootprint.bytes(of: string) + 48
        recent.remember(string, representation: representation, id: id)
        return id
    }

    @inline(__always)
    func string(_ id: UInt32) -> String { strings[Int(id)] }
}
