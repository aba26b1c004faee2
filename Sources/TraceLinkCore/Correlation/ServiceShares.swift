/// A shard's instrumentation shares per service, kept current as records change, so a scrape reads a few counts
/// per service instead of walking every held trace (a walk that also held each shard's lock against ingest).
///
/// A record counts as `contribution(of:)`: it is added once the record has changed and subtracted before it
/// changes again or leaves. At most `limit` services are tallied; a service first seen while the tally is full is
/// not counted, and a service's entry is dropped when all its counts are back to zero (so a record counted before
/// its service was tallied can subtract more than was added: counts stop at zero).
struct ServiceShares {
    struct Counts: Equatable {
        var traces = 0
        var tracesWithLogs = 0
        var logs = 0
        var joinedLogs = 0

        var isZero: Bool { self == Counts() }

        /// A record counted before its service was tallied can subtract more than was added.
        mutating func clampAtZero() {
            traces = max(traces, 0)
            tracesWithLogs = min(max(tracesWithLogs, 0), traces)
            logs = max(logs, 0)
            joinedLogs = min(max(joinedLogs, 0), logs)
        }
    }

    var limit = Int.max
    private(set) var byService: [String: Counts] = [:]
    /// The entry last changed; an index stays valid until an entry is added or removed.
    private var recent: (service: String, index: Dictionary<String, Counts>.Index)?

    /// Adds (`sign` 1) or subtracts (`sign` -1) what `record` counts for.
    mutating func count(_ record: borrowing TraceRecord, sign: Int) {
        for service in record.spanServices {
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

    private mutating func change(_ service: String, _ body: (inout Counts) -> Void) {
        // Consecutive records nearly always name the same service: its entry is looked up once, not hashed again.
        let cached = recent.flatMap { $0.service == service ? $0.index : nil }
        if let index = cached ?? byService.index(forKey: service) {
            body(&byService.values[index])
            byService.values[index].clampAtZero()
            if byService.values[index].isZero {
                byService.remove(at: index)
                recent = nil
            } else {
                recent = (service, index)
            }
        } else if byService.count < limit {
            var counts = Counts()
            body(&counts)
            // A subtraction for a service not tallied (it arrived while the tally was full) is dropped.
            if counts.traces > 0 || counts.logs > 0 {
                byService[service] = counts
                recent = nil
            }
        }
    }
}
