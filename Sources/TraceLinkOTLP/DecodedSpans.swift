public import TraceLinkCore

/// The spans of one export request, and how many were refused (OTLP `partial_success`).
public struct DecodedSpans: Sendable {
    public var spans: [Span]
    /// Spans dropped because they were invalid (e.g. a trace id that is not 16 non-zero bytes).
    public var rejected: Int
    /// Why the first rejected span was refused; empty when none was.
    public var rejectionMessage: String

    public init(spans: [Span] = [], rejected: Int = 0, rejectionMessage: String = "") {
        self.spans = spans
        self.rejected = rejected
        self.rejectionMessage = rejectionMessage
    }

    /// Counts a refused span, keeping the first reason.
    mutating func reject(_ message: @autoclosure () -> String) {
        if rejected == 0 { rejectionMessage = message() }
        rejected += 1
    }
}
