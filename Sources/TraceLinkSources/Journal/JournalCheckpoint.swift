internal import Logging
internal import Synchronization
internal import TraceLinkCore

#if canImport(Glibc)
    internal import Glibc
#endif

/// A journal source's cursor checkpoint: read once at start, written after the sink accepted the entries.
final class JournalCheckpoint: Sendable {
    let file: StateFile
    private let directory: String
    private let source: String
    private let metrics: JournalSourceMetrics
    private let logger: Logger
    /// Whether the last write failed, so a failing disk is logged once, not on every attempt.
    private let failing = Atomic<Bool>(false)

    init(directory: String, source: String, metrics: JournalSourceMetrics, logger: Logger) {
        let safeName = String(source.map { $0 == "/" ? "_" : $0 })
        self.file = StateFile(path: directory + "/journal-" + safeName + ".cursor")
        self.directory = directory
        self.source = source
        self.metrics = metrics
        self.logger = logger
    }

    /// The checkpointed cursor; a corrupt or unreadable checkpoint is moved aside, logged and counted.
    func load(start: JournalSourceConfiguration.StartPosition) -> String? {
        do {
            guard let payload = try file.read() else { return nil }
            return String(decoding: payload, as: UTF8.self)
        } catch {
            metrics.cursorResets.increment()
            let movedTo = error.code == .corrupt ? file.moveAside() : nil
            logger.warning(
                "journal checkpoint unusable, starting from \(start.rawValue): \(error.message)",
                metadata: ["source": "\(source)", "moved_to": "\(movedTo ?? "-")"])
            return nil
        }
    }

    /// Writes `cursor`, creating the state directory when it is missing; true on success.
    @discardableResult
    func write(_ cursor: String) -> Bool {
        var result = attempt(cursor)
        if case .failure = result, access(directory, F_OK) != 0, mkdir(directory, 0o750) == 0 {
            result = attempt(cursor)
        }
        switch result {
        case .success:
            metrics.checkpointCurrent.set(Int64(WallClock.unixNano() / 1_000_000_000))
            if failing.exchange(false, ordering: .relaxed) {
                logger.info("journal checkpoint written again", metadata: ["path": "\(file.path)"])
            }
            return true
        case .failure(let error):
            metrics.errors.increment()
            if !failing.exchange(true, ordering: .relaxed) {
                logger.error(
                    "writing the journal checkpoint failed (logged once until it works): \(error.message)",
                    metadata: ["path": "\(file.path)"])
            }
            return false
        }
    }

    private func attempt(_ cursor: String) -> Result<Void, StateFile.Error> {
        do {
            try file.write(Array(cursor.utf8))
            return .success(())
        } catch {
            return .failure(error)
        }
    }
}
