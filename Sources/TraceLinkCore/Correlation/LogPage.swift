/// One page of logs, newest first.
public struct LogPage: Sendable, Hashable {
    public var logs: [StoredLog]
    /// Pass back in `LogFilter.cursor` for the next page; nil on the last page.
    public var nextCursor: LogCursor?
}
