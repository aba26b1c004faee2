/// Where sources deliver log events. A source awaits `accept` before it checkpoints the batch,
/// so a checkpoint never runs ahead of what the store holds.
public protocol LogSink: Sendable {
    func accept(_ batch: [LogEvent]) async
    /// A file's lines as read; a sink that takes only events receives them as events.
    func accept(lines batch: LineBatch) async
    /// Journal entries as read; a sink that takes only events receives them as events.
    func accept(journal batch: JournalBatch) async
}

extension LogSink {
    public func accept(lines batch: LineBatch) async {
        await accept(batch.events)
    }

    public func accept(journal batch: JournalBatch) async {
        await accept(batch.events)
    }
}
