public import TraceLinkCore

/// The log records of one export request, and how many were refused (OTLP `partial_success`).
public struct DecodedLogs: Sendable {
    public var events: [LogEvent]
    /// Records dropped because their trace or span id was malformed (wrong length).
    public var rejected: Int
    public var rejectionMessage: String

    public init(events: [LogEvent] = [], rejected: Int = 0, rejectionMessage: String = "") {
        self.events = events
        self.rejected = rejected
        self.rejectionMessage = rejectionMessage
    }

    mutating func reject(_ message: @autoclosure () -> String) {
        if rejected == 0 { rejectionMessage = message() }
        rejected += 1
    }
}
