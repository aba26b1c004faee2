#if canImport(Glibc)
    import Glibc
#endif

/// The field names of a `journald` rule compiled for matching on raw bytes: every field of every entry is looked
/// up here, so names are compared as bytes, never as `String`s.
///
/// `@unchecked Sendable`: written once in `init`, only read afterwards.
final class JournaldFieldTable: @unchecked Sendable {
    /// What a field's value is read as, in the order `extractPlaces(journalFields:)` tries them.
    enum Role: UInt8 {
        case message, traceID, spanID, traceFlags, priority, timestamp, service
    }

    /// One configured name: its place in `names`, its role, and its position within its role's list (lower wins).
    private struct Entry {
        var start: Int32
        var count: Int32
        var role: Role
        var rank: Int32
    }

    let fields: JournaldFields
    private let names: [UInt8]
    /// In `Role` order, so a name configured for two roles is tried for the first one first.
    private let entries: [Entry]

    init(_ fields: JournaldFields) {
        self.fields = fields
        var names: [UInt8] = []
        var entries: [Entry] = []
        let lists: [(Role, [String])] = [
            (.message, [fields.message]), (.traceID, fields.traceID), (.spanID, fields.spanID),
            (.traceFlags, fields.traceFlags), (.priority, fields.priority), (.timestamp, fields.timestamp),
            (.service, fields.service),
        ]
        for (role, list) in lists {
            for (rank, name) in list.enumerated() {
                entries.append(
                    Entry(start: Int32(names.count), count: Int32(name.utf8.count), role: role, rank: Int32(rank)))
                names += name.utf8
            }
        }
        self.names = names
        self.entries = entries
    }

    /// Calls `body` with each role `name` is configured for and its rank there, in `Role` order, until it
    /// returns true (the value was taken).
    @inline(__always)
    func forEachRole(of name: UnsafeRawBufferPointer, _ body: (Role, Int) -> Bool) {
        names.withUnsafeBytes { names in
            entries.withUnsafeBufferPointer { entries in
                for entry in entries where Int(entry.count) == name.count {
                    guard name.isEmpty || memcmp(name.baseAddress!, names.baseAddress! + Int(entry.start), name.count) == 0
                    else { continue }
                    if body(entry.role, Int(entry.rank)) { return }
                }
            }
        }
    }
}
