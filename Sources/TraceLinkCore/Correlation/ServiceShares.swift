/// A shard's instrumentation shares per service, kept current as records change, so a scrape reads a few counts
/// per service instead of walking every held trace (a walk that also held each shard's lock against ingest).
///
/// A record's counts (`count(_:sign:)`) are added once the record has changed and subtracted before it changes
/// again or leaves, so the tally is exact. A service's entry goes when its counts are back to zero: the tally
/// holds only the services of held records (the store limits the series of a scrape, not the tally).
struct ServiceShares {
    struct Counts: Equatable {
        var traces = 0
        var tracesWithLogs = 0
        var logs = 0
        var joinedLogs = 0

        var isZero: Bool { self == Counts() }
    }

    /// Services and their counts; found by a linear scan while few (a host has a handful of services, and
    /// comparing short strings is cheaper than hashing them), through `positions` once there are many.
    private(set) var entries: [(service: String, counts: Counts)] = []
    private var positions: [String: Int] = [:]
    static let linearLimit = 16

    /// Adds (`sign` 1) or subtracts (`sign` -1) what `record` counts for.
    mutating func count(_ record: borrowing TraceRecord, sign: Int) {
        record.spanServices.forEach { service, _ in
            let withLogs = record.hasLogs(of: service) ? sign : 0
            change(service) { counts in
                counts.traces += sign
                counts.tracesWithLogs += withLogs
            }
        }
        let joined = record.spanCount > 0
        record.logServices.forEach { service, logs in
            change(service) { counts in
                counts.logs += sign * logs
                if joined { counts.joinedLogs += sign * logs }
            }
        }
    }

    /// Counts a lone log of `service` as `count(_:sign:)` counts the record holding the same.
    mutating func count(lone service: String?, sign: Int) {
        guard let service else { return }
        change(service) { $0.logs += sign }
    }

    private func position(of service: String) -> Int? {
        positions.isEmpty ? entries.firstIndex { $0.service == service } : positions[service]
    }

    private mutating func change(_ service: String, _ body: (inout Counts) -> Void) {
        if let index = position(of: service) {
            body(&entries[index].counts)
            if entries[index].counts.isZero { remove(at: index) }
        } else {
            var counts = Counts()
            body(&counts)
            entries.append((service, counts))
            if !positions.isEmpty {
                positions[service] = entries.count - 1
            } else if entries.count > Self.linearLimit {
                for (index, entry) in entries.enumerated() { positions[entry.service] = index }
            }
        }
    }

    private mutating func remove(at index: Int) {
        let removed = entries[index].service
        entries.swapAt(index, entries.count - 1)
        entries.removeLast()
        guard !positions.isEmpty else { return }
        positions[removed] = nil
        if index < entries.count { positions[entries[index].service] = index }
        if entries.count <= Self.linearLimit / 2 { positions = [:] }
    }
}
