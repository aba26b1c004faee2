#if canImport(Glibc)
    import Glibc
#endif

/// Interns the repetitive strings of a shard (services, span names, attribute keys, sources, file paths) so a
/// stored item refers to them by a small number. Bounded: once full, strings are stored inline instead.
struct StringTable {
    static let capacity = 4096

    /// The store's resources and scopes, which stored spans refer to by id (shared by every shard).
    let scopes: ResourceScopeTable

    init(scopes: ResourceScopeTable = ResourceScopeTable()) { self.scopes = scopes }

    /// By UTF-8 bytes, so a name still in a request's bytes is looked up without making a `String`.
    private var ids: [ByteKey: UInt32] = [:]
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
        var string = string
        let found = string.withUTF8 { ids[ByteKey(borrowing: UnsafeRawBufferPointer($0))] }
        if let id = found {
            recent[slot] = (string, id)
            return id
        }
        guard strings.count < Self.capacity else { return nil }
        let id = UInt32(strings.count)
        ids[ByteKey(owning: Array(string.utf8))] = id
        strings.append(string)
        bytes += 2 * StoreFootprint.bytes(of: string) + 48
        recent[slot] = (string, id)
        return id
    }

    @inline(__always)
    func string(_ id: UInt32) -> String { strings[Int(id)] }

    /// False only when no stored item can contain `string` as an interned field: it is not in the table and
    /// the table never refused a string.
    func mayHold(_ string: String) -> Bool {
        var string = string
        return string.withUTF8 { ids[ByteKey(borrowing: UnsafeRawBufferPointer($0))] != nil } || strings.count >= Self.capacity
    }
}
