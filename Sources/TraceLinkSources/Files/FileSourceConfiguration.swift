public import TraceLinkCore

/// What a `file` source tails and how: the paths, where to start, line limits, multiline records,
/// the service mapping, timings and the state directory.
public struct FileSourceConfiguration: Sendable {
    /// Where to start reading a file the source has never seen (no checkpoint and no earlier state).
    public enum StartPosition: String, Sendable, CaseIterable {
        case beginning
        case end
    }

    /// Groups continuation lines (a stack trace) with the line that starts the record.
    public struct Multiline: Sendable {
        /// A regex matching the first line of a record; lines that do not match continue the previous one.
        public var startPattern: String
        /// A record is emitted once it holds this many lines. Default 500.
        public var maxLines: Int = 500
        /// A record is emitted once it holds this many bytes. Default 1 MiB.
        public var maxBytes: Int = 1 << 20

        public init(startPattern: String, maxLines: Int = 500, maxBytes: Int = 1 << 20) {
            self.startPattern = startPattern
            self.maxLines = maxLines
            self.maxBytes = maxBytes
        }
    }

    /// `name`: the source name; labels metrics, names the state file and fills `LogEvent.source`.
    public var name: String
    /// `include`: absolute path globs (`*`, `?`, `[...]`, and `**` for any depth) of the files to tail.
    /// Matching `*.gz` files are inflated and read once, whole; one that is a compressed copy of a file already
    /// read (logrotate's `compress`) resumes where that file stopped, so rotation neither duplicates nor loses.
    public var include: [String]
    /// `exclude`: globs of paths to skip even when they match `include`. Default none.
    public var exclude: [String] = []
    /// `start_at`: for files first seen on the source's first run (no state yet). Files appearing later,
    /// or while the agent was stopped, are always read from the beginning. Default `end`.
    public var startAt: StartPosition = .end
    /// `max_line_bytes`: a longer line is cut here, flagged `log.truncated` and counted; the rest is skipped
    /// without being held. Default 256 KiB.
    public var maxLineBytes: Int = 256 << 10
    /// `multiline`: optional start-of-record rule. Default none (one line, one event).
    public var multiline: Multiline? = nil
    /// `service`: a fixed service name for lines that carry none.
    public var service: String? = nil
    /// `service_from_path`: a regex over the path whose group `service` (or first group) names the service;
    /// used when `service` is unset and the line carries none.
    public var serviceFromPath: String? = nil
    /// `poll_interval`: how often files are rescanned and read without an inotify event. Default 1 s.
    public var pollInterval: Duration = .seconds(1)
    /// `flush_delay`: how long a last line without its newline waits before it is emitted. Default 1 s.
    public var flushDelay: Duration = .seconds(1)
    /// `rotate_wait`: how long a rotated file (renamed away, still existing) is kept open after its last
    /// growth, once read to its end. Default 5 s.
    public var rotateWait: Duration = .seconds(5)
    /// `state_directory`: where the checkpoint file `file-<name>.state` lives. Default `.`; the agent passes
    /// `$STATE_DIRECTORY` under systemd.
    public var stateDirectory: String = "."
    /// `batch_size`: the most events handed to the pipeline at once (and so the most re-read after a crash).
    /// Default 1024.
    public var batchSize: Int = 1024
    /// `checkpoint_interval` (default 1 s): how often the offsets of what the store accepted are written, besides
    /// at shutdown, on a reload and when a file is released. A crash re-reads at most this interval's lines (the
    /// checkpoint never runs ahead of the store); zero writes after every batch.
    public var checkpointInterval: Duration = .seconds(1)
    /// `read_chunk_bytes`: the size of each read(2). Default 256 KiB.
    public var readChunkBytes: Int = 256 << 10
    /// The extraction rules applied to each line (or multiline record).
    public var extractor: TraceContextExtractor = .default

    public init(name: String, include: [String]) {
        self.name = name
        self.include = include
    }

    /// Checks the fields that can be wrong (empty include, relative globs, bad regexes, non-positive sizes).
    public func validate() throws(FileSourceError) {
        func fail(_ key: String, _ message: String) -> FileSourceError {
            FileSourceError(code: .invalidConfiguration, message: "source \(name): \(key): \(message)")
        }
        if name.isEmpty || name.contains("/") { throw fail("name", "must be non-empty and contain no '/'") }
        if include.isEmpty { throw fail("include", "at least one glob is required") }
        for glob in include + exclude where !glob.hasPrefix("/") {
            throw fail("include", "'\(glob)' is not an absolute path")
        }
        if maxLineBytes < 1 { throw fail("max_line_bytes", "must be at least 1") }
        if batchSize < 1 { throw fail("batch_size", "must be at least 1") }
        if readChunkBytes < 4096 { throw fail("read_chunk_bytes", "must be at least 4096") }
        if pollInterval <= .zero { throw fail("poll_interval", "must be positive") }
        if checkpointInterval < .zero { throw fail("checkpoint_interval", "must not be negative") }
        if let multiline {
            do { _ = try Regex(multiline.startPattern) } catch {
                throw fail("multiline.start_pattern", "not a valid regex: \(error)")
            }
            if multiline.maxLines < 1 || multiline.maxBytes < 1 {
                throw fail("multiline", "max_lines and max_bytes must be at least 1")
            }
        }
        if let serviceFromPath {
            do { _ = try Regex(serviceFromPath) } catch {
                throw fail("service_from_path", "not a valid regex: \(error)")
            }
        }
    }
}
