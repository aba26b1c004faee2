internal import CSystemd
internal import TraceLinkCore

#if canImport(Glibc)
    internal import Glibc
#endif

/// One open sd-journal handle with the source's matches applied.
///
/// sd-journal is not thread-safe: a reader is created, used and closed on the source's reader thread only.
final class JournalReader {
    /// One batch read: the entries, the cursor of the last one, and whether the journal had no more entries.
    struct Batch: Sendable {
        var entries: JournalBatch
        var lastCursor: String?
        var caughtUp: Bool
    }

    /// How positioning on open went, for the caller's log and counters.
    enum Resume: Equatable {
        /// Positioned just after the checkpointed entry.
        case afterCursor
        /// The checkpointed entry is gone or tests false: positioned at the oldest entry after its time.
        case cursorLost(realtime: UInt64?)
        /// The checkpoint was older than `maxAge`: positioned at `now - maxAge`.
        case clampedToMaxAge
        /// No checkpoint: positioned by `start` / `maxAge`.
        case start
    }

    private var journal: OpaquePointer?
    private let configuration: JournalSourceConfiguration
    private let decoder: JournalEntryDecoder
    /// The cursor of the last entry returned, where a reopen resumes.
    private(set) var lastCursor: String?

    /// Opens the configured directory or the local system journal and applies the matches.
    init(configuration: JournalSourceConfiguration) throws(JournalSourceError) {
        self.configuration = configuration
        self.decoder = JournalEntryDecoder(configuration: configuration)
        var handle: OpaquePointer?
        let result: Int32
        if let directory = configuration.directory {
            var status = stat()
            guard stat(directory, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
                throw JournalSourceError(
                    code: .unavailable, message: "journal directory \(directory): \(Self.errorText(-errno))")
            }
            result = sd_journal_open_directory(&handle, directory, 0)
        } else {
            guard Self.localJournalExists() else {
                throw JournalSourceError(
                    code: .unavailable,
                    message:
                        "no local journal: journald is not running and /run/log/journal, /var/log/journal hold no journal files"
                )
            }
            result = sd_journal_open(&handle, Int32(SD_JOURNAL_LOCAL_ONLY))
        }
        guard result >= 0, let handle else {
            throw JournalSourceError(
                code: .unavailable,
                message: "opening the journal \(configuration.directory ?? "(local)"): \(Self.errorText(result))")
        }
        journal = handle
        do {
            try applyMatches()
        } catch {
            sd_journal_close(handle)
            journal = nil
            throw error
        }
    }

    deinit { close() }

    func close() {
        if let journal { sd_journal_close(journal) }
        journal = nil
    }

    // MARK: Matches

    /// `(units) AND (identifiers) AND (priorities) AND (group1 OR group2 …)`, each group an AND of its matches.
    private func applyMatches() throws(JournalSourceError) {
        var terms: [[[String]]] = []
        if !configuration.units.isEmpty {
            terms.append(configuration.units.map { ["_SYSTEMD_UNIT=" + JournalSourceConfiguration.normalizedUnit($0)] })
        }
        if !configuration.identifiers.isEmpty {
            terms.append(configuration.identifiers.map { ["SYSLOG_IDENTIFIER=" + $0] })
        }
        if configuration.maxPriority < 7 {
            terms.append((0...max(0, configuration.maxPriority)).map { ["PRIORITY=\($0)"] })
        }
        if !configuration.matchGroups.isEmpty {
            terms.append(configuration.matchGroups)
        }
        for (termIndex, alternatives) in terms.enumerated() {
            if termIndex > 0 { try check(sd_journal_add_conjunction(journal), "adding a match conjunction") }
            for (index, group) in alternatives.enumerated() {
                if index > 0 { try check(sd_journal_add_disjunction(journal), "adding a match disjunction") }
                for match in group {
                    var bytes = Array(match.utf8)
                    let result = bytes.withUnsafeMutableBytes {
                        sd_journal_add_match(journal, $0.baseAddress, $0.count)
                    }
                    try check(result, "adding the match '\(match)'")
                }
            }
        }
    }

    // MARK: Positioning

    /// Positions the reader so that the next entry read is the first one not yet delivered.
    func position(resumingFrom cursor: String?, now: UInt64) throws(JournalSourceError) -> Resume {
        let oldest = configuration.maxAge.map { now &- Self.microseconds($0) }
        guard let cursor else {
            if let oldest {
                try check(sd_journal_seek_realtime_usec(journal, oldest), "seeking to the max age")
            } else if configuration.start == .head {
                try check(sd_journal_seek_head(journal), "seeking to the head")
            } else {
                try check(sd_journal_seek_tail(journal), "seeking to the tail")
                // Step onto the newest matching entry so that `next()` returns only what comes after it.
                // With no matching entry at all, `next()` after the tail skips the first new entry
                // (seen with libsystemd 252), so read from the head instead: everything there is new.
                let moved = sd_journal_previous(journal)
                try check(moved, "stepping back from the tail")
                if moved == 0 { try check(sd_journal_seek_head(journal), "seeking to the head") }
            }
            return .start
        }
        let parsed = JournalCursor(cursor)
        if let oldest, let realtime = parsed.realtimeMicroseconds, realtime < oldest {
            try check(sd_journal_seek_realtime_usec(journal, oldest), "seeking to the max age")
            return .clampedToMaxAge
        }
        if try seekAfter(cursor) { return .afterCursor }
        return .cursorLost(realtime: parsed.realtimeMicroseconds)
    }

    /// Positions just after `cursor`'s entry; when that entry is gone (vacuumed), unknown or filtered out,
    /// at the oldest entry after its time instead, and returns false.
    private func seekAfter(_ cursor: String) throws(JournalSourceError) -> Bool {
        if sd_journal_seek_cursor(journal, cursor) >= 0 {
            let moved = sd_journal_next(journal)
            if moved > 0, sd_journal_test_cursor(journal, cursor) > 0 {
                lastCursor = cursor
                return true
            }
        }
        if let realtime = JournalCursor(cursor).realtimeMicroseconds {
            try check(sd_journal_seek_realtime_usec(journal, realtime + 1), "seeking after a lost cursor")
        } else {
            try check(sd_journal_seek_head(journal), "seeking to the head")
        }
        return false
    }

    // MARK: Reading

    /// Reads up to `limit` entries; `caughtUp` when `next()` returned 0 before the limit.
    func readBatch(limit: Int, observedUnixNano: UInt64) throws(JournalSourceError) -> Batch {
        var entries = JournalBatch(source: configuration.name)
        var caughtUp = false
        while entries.count < limit {
            let moved = sd_journal_next(journal)
            if moved < 0 {
                if !entries.isEmpty { break }  // deliver what was read; the error comes back on the next call
                throw JournalSourceError(
                    code: .read, message: "reading the next journal entry: \(Self.errorText(moved))")
            }
            if moved == 0 {
                caughtUp = true
                break
            }
            var cursor: UnsafeMutablePointer<CChar>?
            guard sd_journal_get_cursor(journal, &cursor) >= 0, let cursor else { continue }
            defer { free(cursor) }
            var realtime: UInt64 = 0
            _ = sd_journal_get_realtime_usec(journal, &realtime)
            decoder.appendCurrentEntry(
                of: journal, cursor: cursor, realtime: realtime, observedUnixNano: observedUnixNano, to: &entries)
        }
        let cursor = entries.lastCursor
        if let cursor { lastCursor = cursor }
        return Batch(entries: entries, lastCursor: cursor, caughtUp: caughtUp)
    }

    /// Waits up to `timeout` for the journal to change; returns `SD_JOURNAL_NOP`, `_APPEND` or `_INVALIDATE`.
    func wait(timeout: Duration) throws(JournalSourceError) -> Int32 {
        let result = sd_journal_wait(journal, Self.microseconds(timeout))
        if result < 0 {
            throw JournalSourceError(code: .read, message: "waiting for journal changes: \(Self.errorText(result))")
        }
        return result
    }

    /// Entries (of any unit) between the last one read and the newest matching one, when both share a sequence.
    ///
    /// Seeks to the tail and back, so it is called between batches, not inside one.
    func entriesBehind() throws(JournalSourceError) -> UInt64? {
        guard let lastCursor else { return nil }
        try check(sd_journal_seek_tail(journal), "seeking to the tail")
        var newest: JournalCursor?
        if sd_journal_previous(journal) > 0 {
            var text: UnsafeMutablePointer<CChar>?
            if sd_journal_get_cursor(journal, &text) >= 0, let text {
                newest = JournalCursor(String(cString: text))
                free(text)
            }
        }
        // Return to where reading was; the resume path also covers the entry vanishing meanwhile.
        _ = try seekAfter(lastCursor)
        guard let newest else { return 0 }
        return JournalCursor(lastCursor).entries(until: newest)
    }

    // MARK: Helpers

    private func check(_ result: Int32, _ action: String) throws(JournalSourceError) {
        if result < 0 {
            throw JournalSourceError(code: .read, message: "\(action): \(Self.errorText(result))")
        }
    }

    static func errorText(_ negativeErrno: Int32) -> String {
        String(cString: strerror(-negativeErrno))
    }

    static func microseconds(_ duration: Duration) -> UInt64 {
        let (seconds, attoseconds) = duration.components
        return UInt64(max(0, seconds)) * 1_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000_000)
    }

    /// journald runs (its socket exists), or journal files were left in the system journal folders.
    static func localJournalExists() -> Bool {
        if access("/run/systemd/journal/socket", F_OK) == 0 { return true }
        for root in ["/run/log/journal", "/var/log/journal"] where containsJournalFile(root, depth: 2) { return true }
        return false
    }

    private static func containsJournalFile(_ path: String, depth: Int) -> Bool {
        guard let directory = opendir(path) else { return false }
        defer { closedir(directory) }
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) {
                String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            if name.hasSuffix(".journal") || name.hasSuffix(".journal~") { return true }
            if depth > 1, containsJournalFile(path + "/" + name, depth: depth - 1) { return true }
        }
        return false
    }
}
