/// The order of logs: by event time, then by arrival.
struct LogKey: Comparable, Hashable, Sendable {
    var timeUnixNano: UInt64
    var seq: UInt64

    static func < (lhs: LogKey, rhs: LogKey) -> Bool {
        (lhs.timeUnixNano, lhs.seq) < (rhs.timeUnixNano, rhs.seq)
    }
}
