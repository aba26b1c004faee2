/// A log event as the store keeps it: the event and its arrival sequence number (order and cursor tie-break).
struct StoredLog: Sendable {
    var event: LogEvent
    var seq: UInt64

    var key: LogKey { LogKey(timeUnixNano: event.timeUnixNano, seq: seq) }
}

/// The order of logs: by event time, then by arrival.
struct LogKey: Comparable, Hashable, Sendable {
    var timeUnixNano: UInt64
    var seq: UInt64

    static func < (lhs: LogKey, rhs: LogKey) -> Bool {
        (lhs.timeUnixNano, lhs.seq) < (rhs.timeUnixNano, rhs.seq)
    }
}
