/// A log event as the store keeps it: the event and its arrival sequence number (order and cursor tie-break).
struct StoredLog: Sendable {
    var event: LogEvent
    var seq: UInt64

    var key: LogKey { LogKey(timeUnixNano: event.timeUnixNano, seq: seq) }
}
