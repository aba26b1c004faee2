internal import TraceLinkCore

/// The file source's self-metrics, all labelled `source`; `bytes_behind` also by `path`.
struct FileSourceMetrics: Sendable {
    let registry: SelfMetrics
    let source: String
    let linesRead: Counter
    let bytesRead: Counter
    let linesTruncated: Counter
    let invalidUTF8Lines: Counter
    let filesWatched: Gauge
    let openErrors: Counter
    let readErrors: Counter
    let truncations: Counter
    let rotations: Counter
    let compressedFilesRead: Counter
    let compressedFilesSkipped: Counter
    let checkpointWriteErrors: Counter
    let checkpointCorrupt: Counter
    /// `tracelink_checkpoint_timestamp_seconds`: when the checkpoint was last known current.
    let checkpointCurrent: Gauge

    init(registry: SelfMetrics, source: String) {
        self.registry = registry
        self.source = source
        let labels = [("source", source)]
        checkpointCurrent = registry.gauge(
            "tracelink_checkpoint_timestamp_seconds",
            help: "Unix time the source's checkpoint was last known current (written, or unchanged since); age = time() - this.",
            labels: labels)
        linesRead = registry.counter(
            "tracelink_file_lines_read_total", help: "Lines (records) read from files.", labels: labels)
        bytesRead = registry.counter("tracelink_file_bytes_read_total", help: "Bytes read from files.", labels: labels)
        linesTruncated = registry.counter(
            "tracelink_file_lines_truncated_total", help: "Lines cut at max_line_bytes.", labels: labels)
        invalidUTF8Lines = registry.counter(
            "tracelink_file_invalid_utf8_lines_total",
            help: "Lines with invalid UTF-8, kept with replacement characters.",
            labels: labels)
        filesWatched = registry.gauge("tracelink_files_watched", help: "Files open for tailing.", labels: labels)
        openErrors = registry.counter(
            "tracelink_file_open_errors_total", help: "Failed attempts to open a matching path (retried).",
            labels: labels)
        readErrors = registry.counter(
            "tracelink_file_read_errors_total", help: "Failed reads of an open file.", labels: labels)
        truncations = registry.counter(
            "tracelink_file_truncations_total",
            help: "Files found truncated or rewritten in place (copytruncate); reading restarted at offset 0.",
            labels: labels)
        rotations = registry.counter(
            "tracelink_file_rotations_total", help: "Files released after rotation (renamed away or deleted).",
            labels: labels)
        compressedFilesRead = registry.counter(
            "tracelink_file_compressed_read_total", help: "Compressed (.gz) files read to their end.",
            labels: labels)
        compressedFilesSkipped = registry.counter(
            "tracelink_file_compressed_skipped_total",
            help: "Compressed files not read: their content was read from the file they were compressed from.",
            labels: labels)
        checkpointWriteErrors = registry.counter(
            "tracelink_checkpoint_write_errors_total", help: "Checkpoint writes that failed.", labels: labels)
        checkpointCorrupt = registry.counter(
            "tracelink_checkpoint_corrupt_total", help: "Corrupt state files moved aside.", labels: labels)
    }

    func setBytesBehind(_ value: UInt64, path: String) {
        registry.gauge(
            "tracelink_file_bytes_behind", help: "File size minus the checkpointed offset.",
            labels: [("source", source), ("path", path)]
        ).set(Int64(clamping: value))
    }

    func removeBytesBehind(path: String) {
        registry.removeGauge("tracelink_file_bytes_behind", labels: [("source", source), ("path", path)])
    }
}
