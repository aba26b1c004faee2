/// The labelled correlation counters, kept by the store under one lock and updated once per batch.
/// Each family holds at most `seriesLimit` label sets; later ones add to an overflow series.
struct CorrelationCounters {
    struct SourceSeverity: Hashable {
        var source: String
        var severity: String
    }

    let seriesLimit: Int
    var logRecords: [SourceSeverity: UInt64] = [:]
    var logRecordsOverflow: UInt64 = 0
    var withTrace: [String: UInt64] = [:]
    var withTraceOverflow: UInt64 = 0
    var joined: [String: UInt64] = [:]
    var joinedOverflow: UInt64 = 0
    var spanErrorLogs: [ServiceSpanName: UInt64] = [:]
    var spanErrorLogsOverflow: UInt64 = 0

    init(seriesLimit: Int) {
        self.seriesLimit = seriesLimit
    }

    static func add<Key: Hashable>(
        _ amount: UInt64,
        to key: Key,
        in family: inout [Key: UInt64],
        overflow: inout UInt64,
        limit: Int
    ) {
        if let slot = family.index(forKey: key) {
            family.values[slot] += amount
        } else if family.count < limit {
            family[key] = amount
        } else {
            overflow += amount
        }
    }

    mutating func add(logRecords batch: [SourceSeverity: UInt64], withTrace traced: [String: UInt64]) {
        for (key, amount) in batch {
            Self.add(amount, to: key, in: &logRecords, overflow: &logRecordsOverflow, limit: seriesLimit)
        }
        for (key, amount) in traced {
            Self.add(amount, to: key, in: &withTrace, overflow: &withTraceOverflow, limit: seriesLimit)
        }
    }

    mutating func add(_ effects: ShardEffects) {
        for (key, amount) in effects.joinedBySource {
            Self.add(amount, to: key, in: &joined, overflow: &joinedOverflow, limit: seriesLimit)
        }
        for (key, amount) in effects.spanErrorLogs {
            Self.add(amount, to: key, in: &spanErrorLogs, overflow: &spanErrorLogsOverflow, limit: seriesLimit)
        }
    }
}
