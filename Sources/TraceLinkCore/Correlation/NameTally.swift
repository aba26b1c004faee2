/// Counts per name (a record's spans per service, its logs per service and per source), the first name inline: a trace's logs nearly
/// always have one service and one source, so the common record allocates nothing for them.
struct NameTally {
    private var first: (name: String, count: Int)?
    private var more: [(name: String, count: Int)] = []

    mutating func add(_ name: String, count: Int = 1) {
        guard let current = first else {
            first = (name, count)
            return
        }
        if current.name == name {
            first!.count += count
        } else if let slot = more.firstIndex(where: { $0.name == name }) {
            more[slot].count += count
        } else {
            more.append((name, count))
        }
    }

    func contains(_ name: String) -> Bool { first?.name == name || more.contains { $0.name == name } }

    func forEach(_ body: (String, Int) -> Void) {
        guard let first else { return }
        body(first.name, first.count)
        for entry in more { body(entry.name, entry.count) }
    }

    /// The names, first seen first.
    var names: [String] {
        guard let first else { return [] }
        return [first.name] + more.map(\.name)
    }

    var heapBytes: Int { more.capacity > 0 ? StoreFootprint.allocationOverhead + 32 + 24 * more.capacity : 0 }
}
