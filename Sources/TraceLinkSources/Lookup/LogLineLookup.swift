import CSystemd
public import TraceLinkCore

#if canImport(Glibc)
    import Glibc
#endif

/// Reads a log line back from where a source found it (a file offset, a journal cursor) and extracts its
/// trace context, so `jump` works from a location even after the store has evicted the line.
///
/// Only files a file source tails are read (its `include` globs, less its `exclude`): the agent may run with
/// groups that read all of `/var/log`, and the API must not become a way to read any file it can.
public struct LogLineLookup: Sendable {
    /// A path no file source tails.
    public struct Refusal: Error, Sendable, CustomStringConvertible {
        public var path: String
        public var description: String { "\(path) is not a file any source tails" }
    }

    /// The journals to look in: configured directories, or nil for the local system journal.
    public var journalDirectories: [String?]
    /// The rules to apply, the same the sources use.
    public var extractor: TraceContextExtractor
    /// The longest line read back from a file.
    public var maxLineBytes: Int
    /// The include and exclude globs of each file source: the only files read back.
    private let tailed: [(include: [FileGlob], exclude: [FileGlob])]

    public init(
        journalDirectories: [String?], fileSources: [FileSourceConfiguration] = [], extractor: TraceContextExtractor,
        maxLineBytes: Int = 256 << 10
    ) {
        self.journalDirectories = journalDirectories.isEmpty ? [nil] : journalDirectories
        self.tailed = fileSources.map { ($0.include.map(FileGlob.init), $0.exclude.map(FileGlob.init)) }
        self.extractor = extractor
        self.maxLineBytes = maxLineBytes
    }

    /// Whether `path` is one a file source tails: absolute, without `.` or `..` components, matching a source's
    /// `include` and none of its `exclude`.
    public func isTailed(_ path: String) -> Bool {
        guard path.hasPrefix("/") else { return false }
        let components = path.split(separator: "/")
        guard !components.contains(where: { $0 == "." || $0 == ".." }) else { return false }
        return tailed.contains { source in
            source.include.contains { $0.matches(path) } && !source.exclude.contains { $0.matches(path) }
        }
    }

    /// The extracted record at `location`; nil when the file or journal entry no longer exists there.
    /// Throws `Refusal` for a file no source tails.
    public func record(at location: LogLocation) throws(Refusal) -> ExtractedRecord? {
        switch location {
        case .file(let path, let offset):
            guard isTailed(path) else { throw Refusal(path: path) }
            return fileLine(path: path, offset: offset).map { line in
                line.withUnsafeBytes { extractor.extract(line: $0) }
            }
        case .journal(let cursor): return journalRecord(cursor: cursor)
        case .otlp: return nil
        }
    }

    /// The bytes from `offset` up to the next newline (or `maxLineBytes`); in a `.gz` file, `offset` counts
    /// decompressed bytes, as the file source's locations do.
    func fileLine(path: String, offset: UInt64) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var buffer = [UInt8](repeating: 0, count: maxLineBytes)
        let count = buffer.withUnsafeMutableBytes { bytes -> Int in
            guard GzipStream.isCompressed(path: path) else {
                return pread(fd, bytes.baseAddress, bytes.count, off_t(offset))
            }
            return Self.inflatedBytes(fd: fd, at: offset, into: bytes)
        }
        guard count > 0 else { return nil }
        let end = buffer[0..<count].firstIndex(of: UInt8(ascii: "\n")) ?? count
        return Array(buffer[0..<end])
    }

    /// Fills `buffer` with the decompressed bytes of a gzip file from `offset`; the count, 0 when there are none.
    private static func inflatedBytes(fd: Int32, at offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) -> Int {
        do throws(GzipStream.Error) {
            let stream = try GzipStream()
            guard try stream.skip(to: offset, fd: fd, scratch: buffer) == nil else { return 0 }
            var filled = 0
            while filled < buffer.count {
                let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])
                guard case .bytes(let count) = try stream.read(fd: fd, into: rest) else { break }
                filled += count
            }
            return filled
        } catch {
            return 0
        }
    }

    func journalRecord(cursor: String) -> ExtractedRecord? {
        for directory in journalDirectories {
            var handle: OpaquePointer?
            let opened =
                directory.map { sd_journal_open_directory(&handle, $0, 0) }
                ?? sd_journal_open(&handle, Int32(SD_JOURNAL_LOCAL_ONLY))
            guard opened >= 0, let journal = handle else { continue }
            defer { sd_journal_close(journal) }
            guard sd_journal_seek_cursor(journal, cursor) >= 0, sd_journal_next(journal) > 0,
                sd_journal_test_cursor(journal, cursor) > 0
            else { continue }
            var fields: [(key: String, value: [UInt8])] = []
            var data: UnsafeRawPointer?
            var length = 0
            sd_journal_restart_data(journal)
            while sd_journal_enumerate_available_data(journal, &data, &length) > 0, let data {
                let field = UnsafeRawBufferPointer(start: data, count: length)
                guard let equals = field.firstIndex(of: UInt8(ascii: "=")) else { continue }
                fields.append(
                    (key: String(decoding: field[..<equals], as: UTF8.self), value: Array(field[(equals + 1)...])))
            }
            return extractor.extract(fields: fields)
        }
        return nil
    }
}
