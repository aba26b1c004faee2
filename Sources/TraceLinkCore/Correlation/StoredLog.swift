/// A log event as the store keeps it: the event and its arrival sequence number (order and cursor tie-break).
/// Reads through to the event's properties, so `log.message` works on either.
@dynamicMemberLookup
public struct StoredLog: Sendable, Hashable {
    public var event: LogEvent
    public var seq: UInt64

    public init(event: LogEvent, seq: UInt64) {
        self.event = event
        self.seq = seq
    }

    var key: LogKey { LogKey(timeUnixNano: event.timeUnixNano, seq: seq) }

    /// Names this log within its trace for as long as it is held (time and arrival number).
    public var id: String { "\(event.timeUnixNano)-\(seq)" }

    public subscript<Value>(dynamicMember keyPath: KeyPath<LogEvent, Value>) -> Value { event[keyPath: keyPath] }
}
