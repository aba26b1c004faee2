/// A log candidate in a newest-first top-k.
struct RankedLog: Comparable {
    var key: LogKey
    var event: LogEvent

    static func < (lhs: RankedLog, rhs: RankedLog) -> Bool { lhs.key < rhs.key }
    static func == (lhs: RankedLog, rhs: RankedLog) -> Bool { lhs.key == rhs.key }
}

/// A trace candidate in a newest-first top-k.
struct TraceRank: Comparable {
    var start: UInt64
    var seq: UInt64
    var low: UInt64

    static func < (lhs: TraceRank, rhs: TraceRank) -> Bool { (lhs.start, lhs.seq) < (rhs.start, rhs.seq) }
}
