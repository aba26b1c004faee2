extension TraceView {
    /// Every log of the trace: under spans (depth first), then the trace's own.
    public var allLogs: [StoredLog] { spans.flatMap(\.logs) + traceLogs }

    /// The held log a jump came from: the one at `location` when the jump named one, else the one whose text
    /// is the pasted `line` (or its extracted message, at its extracted time), preferring the line's span.
    public func log(jumpedFrom record: ExtractedRecord, line: String?, location: LogLocation?) -> StoredLog? {
        let logs = allLogs
        if let location { return logs.first { $0.location == location } }
        let candidates = record.spanID.map { span in logs.filter { $0.spanID == span } } ?? logs
        let trimmed = line.map(Self.trimmed)
        if let trimmed, let exact = candidates.first(where: { ($0.record ?? $0.message) == trimmed }) {
            return exact
        }
        guard let message = record.message ?? trimmed else { return nil }
        return candidates.first {
            $0.message == message && (record.timeUnixNano == nil || record.timeUnixNano == $0.timeUnixNano)
        }
    }

    private static func trimmed(_ text: String) -> String {
        var slice = text[...]
        while slice.first?.isWhitespace == true { slice.removeFirst() }
        while slice.last?.isWhitespace == true { slice.removeLast() }
        return String(slice)
    }
}
