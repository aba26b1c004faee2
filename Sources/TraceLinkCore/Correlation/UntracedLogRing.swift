import DequeModule

/// Logs without a trace id, kept per service in arrival order so context logs can join them to a trace by
/// time. Bounded by bytes and age; the oldest go first, whatever their service.
struct UntracedLogRing {
    struct Entry {
        var log: StoredLog
        var arrivalNanos: UInt64
    }

    /// The key logs are grouped by: their service, or "" when they have none.
    var byService: [String: Deque<Entry>] = [:]
    /// The service key of every held entry, oldest first.
    var arrival: Deque<String> = []
    var bytes = 0
    var count = 0

    static func cost(of log: LogEvent) -> Int {
        StoreFootprint.bytes(of: log) + StoreFootprint.untracedOverhead
    }

    mutating func append(_ log: LogEvent, seq: UInt64, now: UInt64) {
        let key = log.service ?? ""
        byService[key, default: []].append(Entry(log: StoredLog(event: log, seq: seq), arrivalNanos: now))
        arrival.append(key)
        bytes += Self.cost(of: log)
        count += 1
    }

    /// Removes the oldest entry; returns false when empty.
    mutating func removeOldest() -> Bool {
        guard let key = arrival.popFirst(), let slot = byService.index(forKey: key),
            let entry = byService.values[slot].popFirst()
        else { return false }
        if byService.values[slot].isEmpty { byService.remove(at: slot) }
        bytes -= Self.cost(of: entry.log.event)
        count -= 1
        return true
    }

    /// Drops the oldest entries until the ring holds at most `budget` bytes; returns how many went.
    mutating func trim(toBytes budget: Int) -> Int {
        var removed = 0
        while bytes > budget, removeOldest() { removed += 1 }
        return removed
    }

    /// Drops entries that arrived before `cutoff`; returns how many went.
    mutating func expire(arrivedBefore cutoff: UInt64) -> Int {
        var removed = 0
        while let key = arrival.first, let entry = byService[key]?.first, entry.arrivalNanos < cutoff,
            removeOldest()
        {
            removed += 1
        }
        return removed
    }
}
