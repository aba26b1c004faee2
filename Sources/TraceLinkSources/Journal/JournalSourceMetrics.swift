internal import TraceLinkCore

/// The self-metrics of one journal source, all labelled `source=<name>`.
struct JournalSourceMetrics: Sendable {
    /// `tracelink_journal_entries_read_total`: entries read and handed to the sink.
    let entriesRead: Counter
    /// `tracelink_journal_entries_behind`: entries (of any unit) between the last read and the newest matching one.
    let entriesBehind: Gauge
    /// `tracelink_journal_cursor_resets_total`: checkpoints that could not be resumed exactly (vacuumed, false, corrupt).
    let cursorResets: Counter
    /// `tracelink_journal_errors_total`: failed opens, reads, waits and checkpoint writes.
    let errors: Counter
    /// `tracelink_journal_ready`: 1 while the journal is open and read, else 0.
    let ready: Gauge
    /// `tracelink_checkpoint_timestamp_seconds`: when the cursor checkpoint was last written.
    let checkpointCurrent: Gauge

    init(registry: SelfMetrics, source: String) {
        let labels = [("source", source)]
        checkpointCurrent = registry.gauge(
            "tracelink_checkpoint_timestamp_seconds",
            help: "Unix time the source's checkpoint was last known current (written, or unchanged since); age = time() - this.",
            labels: labels)
        entriesRead = registry.counter(
            "tracelink_journal_entries_read_total", help: "Journal entries read and handed on.", labels: labels)
        entriesBehind = registry.gauge(
            "tracelink_journal_entries_behind",
            help: "Journal entries between the last one read and the newest one (by sequence number).", labels: labels)
        cursorResets = registry.counter(
            "tracelink_journal_cursor_resets_total",
            help: "Journal checkpoints that could not be resumed exactly (vacuumed, tested false, corrupt).",
            labels: labels)
        errors = registry.counter(
            "tracelink_journal_errors_total", help: "Journal open, read, wait and checkpoint failures.", labels: labels)
        ready = registry.gauge(
            "tracelink_journal_ready", help: "1 while the journal source is reading.", labels: labels)
    }
}
