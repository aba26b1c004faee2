/// Where sources deliver log events. A source awaits `accept` before it checkpoints the batch,
/// so a checkpoint never runs ahead of what the store holds.
public protocol LogSink: Sendable {
    func accept(_ batch: [LogEvent]) async
}
