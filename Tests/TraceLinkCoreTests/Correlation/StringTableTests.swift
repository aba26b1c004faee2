import Testing

@testable import TraceLinkCore

/// The table's ids against a plain dictionary, with strings that are equal but stored apart, small (held in the
/// `String` itself) and large (in storage of their own), looked up in random order.
@Suite struct StringTableTests {
    @Test func idsMatchAReferenceAcrossStorages() {
        var generator = SystemRandomNumberGenerator()
        // Each name in two storages: a literal-like small string and a freshly built copy; large ones built twice.
        let names = (0..<200).map { index -> String in
            index % 2 == 0 ? "svc-\(index)" : String(repeating: "long-service-name-", count: 1 + index % 3) + "\(index)"
        }
        var table = StringTable()
        var reference: [String: UInt32] = [:]
        for _ in 0..<20_000 {
            let name = names.randomElement(using: &generator)!
            // A copy with storage of its own half the time (equal, but not the same representation when large).
            let looked = Bool.random(using: &generator) ? String(decoding: Array(name.utf8), as: UTF8.self) : name
            let id = table.id(for: looked)
            #expect(id != nil)
            if let expected = reference[name] {
                #expect(id == expected, "\(looked) was \(expected), now \(String(describing: id))")
            } else {
                #expect(!reference.values.contains(id!), "\(looked) took an id already given")
                reference[name] = id
            }
            #expect(table.string(id!) == name)
        }
        #expect(reference.count == names.count)
    }

    @Test func aFullTableStoresInline() {
        var table = StringTable()
        for index in 0..<StringTable.capacity { #expect(table.id(for: "name-\(index)") == UInt32(index)) }
        #expect(table.id(for: "one-more") == nil)
        #expect(table.id(for: "one-more") == nil)
        #expect(table.id(for: "name-7") == 7)
    }

    @Test func aFreedStringsAddressIsNotTakenForIt() {
        var table = StringTable()
        // Large strings built and dropped in turn: the allocator may hand a later one the storage of an earlier one.
        var ids: [String: UInt32] = [:]
        for round in 0..<2_000 {
            let name = String(repeating: "x", count: 40) + "\(round % 300)"
            let id = table.id(for: String(decoding: Array(name.utf8), as: UTF8.self))
            if let earlier = ids[name] { #expect(id == earlier) } else { ids[name] = id }
        }
        #expect(Set(ids.values).count == 300)
    }
}
