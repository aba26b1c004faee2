internal import TraceLinkCore

#if canImport(Glibc)
    internal import Glibc
#endif

/// One open file being tailed: its descriptor, identity, offsets, and the bytes of an unfinished line
/// or multiline record. Used only on the file source's task.
final class FileTail {
    let identity: FileIdentity
    let fd: Int32
    /// The order files were opened in; older files (a rotated one) are read first.
    let sequence: Int
    var path: String
    var service: String?
    var fingerprint: FileFingerprint
    /// The next byte to read.
    var readOffset: UInt64
    /// Every byte before this is in an event handed to the buffer, or skipped.
    var consumedOffset: UInt64
    /// Every byte before this reached the sink: what the checkpoint holds.
    var deliveredOffset: UInt64
    /// The size at the last `fstat`.
    var size: UInt64 = 0
    var linkCount: UInt64 = 1
    /// Whether the last scan found no matching path pointing at this file (renamed away or deleted).
    var isAway = false
    var lastGrowth: ContinuousClock.Instant
    /// The decompressor of a gzip file (offsets then count decompressed bytes); nil for a plain file.
    let gzip: GzipStream?

    /// An unfinished line: its bytes (at most `max_line_bytes`) and the offset of its first byte.
    private var carry: [UInt8] = []
    private var carryStart: UInt64 = 0
    /// Skipping the rest of a line whose head was emitted truncated.
    private var discarding = false
    /// An unfinished multiline record.
    private var record: [UInt8] = []
    private var recordStart: UInt64 = 0
    private var recordLines = 0
    private var recordTruncated = false

    init(
        identity: FileIdentity, fd: Int32, sequence: Int, path: String, fingerprint: FileFingerprint, offset: UInt64,
        gzip: GzipStream? = nil
    ) {
        self.identity = identity
        self.gzip = gzip
        self.fd = fd
        self.sequence = sequence
        self.path = path
        self.fingerprint = fingerprint
        self.readOffset = offset
        self.consumedOffset = offset
        self.deliveredOffset = offset
        self.lastGrowth = .now
    }

    deinit { close(fd) }

    /// Whether bytes are held for a line or record that has not ended yet.
    var hasPending: Bool { !carry.isEmpty || discarding || !record.isEmpty }

    var checkpoint: FileCheckpoint {
        FileCheckpoint(identity: identity, fingerprint: fingerprint, offset: deliveredOffset, path: path)
    }

    /// Forgets everything read: the file was truncated or rewritten in place.
    func restart() {
        readOffset = 0
        consumedOffset = 0
        deliveredOffset = 0
        carry.removeAll()
        discarding = false
        record.removeAll()
        recordLines = 0
        recordTruncated = false
    }

    /// Splits `chunk` (the bytes at `readOffset`) into lines, appending them to `buffer` until it holds `limit`.
    /// Returns how many bytes of `chunk` it took (all of them unless the buffer filled up first).
    func consume(
        _ chunk: UnsafeRawBufferPointer, into buffer: inout FileEventBuffer, builder: FileEventBuilder,
        maxLineBytes: Int, limit: Int, observed: UInt64
    ) -> Int {
        let base = chunk.baseAddress!
        let count = chunk.count
        let start = readOffset
        var position = 0
        while position < count {
            let remaining = count - position
            if let newline = memchr(base + position, 0x0A, remaining) {
                let end = base.distance(to: UnsafeRawPointer(newline))
                let lineEnd = start + UInt64(end) + 1
                if discarding {
                    discarding = false
                    advanceConsumed(to: lineEnd)
                } else if carry.isEmpty {
                    var length = end - position
                    if length > 0, base.load(fromByteOffset: end - 1, as: UInt8.self) == 0x0D { length -= 1 }
                    let truncated = length > maxLineBytes
                    emit(
                        UnsafeRawBufferPointer(start: base + position, count: min(length, maxLineBytes)),
                        offset: start + UInt64(position), end: lineEnd, truncated: truncated,
                        into: &buffer, builder: builder, observed: observed)
                } else {
                    let room = maxLineBytes - carry.count
                    let piece = end - position
                    carry.append(contentsOf: UnsafeRawBufferPointer(start: base + position, count: min(piece, room)))
                    if piece <= room, carry.last == 0x0D { carry.removeLast() }
                    let truncated = piece > room
                    carry.withUnsafeBytes { bytes in
                        emit(
                            bytes, offset: carryStart, end: lineEnd, truncated: truncated, into: &buffer,
                            builder: builder, observed: observed)
                    }
                    carry.removeAll(keepingCapacity: carry.capacity <= 64 << 10)
                }
                position = end + 1
                if buffer.count >= limit { break }
            } else {
                if !discarding {
                    if carry.isEmpty { carryStart = start + UInt64(position) }
                    let room = maxLineBytes - carry.count
                    carry.append(
                        contentsOf: UnsafeRawBufferPointer(start: base + position, count: min(remaining, room)))
                    if remaining > room {
                        carry.withUnsafeBytes { bytes in
                            emit(
                                bytes, offset: carryStart, end: nil, truncated: true, into: &buffer, builder: builder,
                                observed: observed)
                        }
                        carry.removeAll(keepingCapacity: false)
                        discarding = true
                    }
                }
                position = count
            }
        }
        readOffset = start + UInt64(position)
        return position
    }

    /// Emits what is held (an unfinished line, then an unfinished record) as if its end had arrived:
    /// the flush delay passed, or the file is going away.
    func flush(into buffer: inout FileEventBuffer, builder: FileEventBuilder, observed: UInt64) {
        if discarding {
            discarding = false
            advanceConsumed(to: readOffset)
        } else if !carry.isEmpty {
            carry.withUnsafeBytes { bytes in
                emit(
                    bytes, offset: carryStart, end: readOffset, truncated: false, into: &buffer, builder: builder,
                    observed: observed)
            }
            carry.removeAll()
        }
        if !record.isEmpty {
            emitRecord(into: &buffer, builder: builder, observed: observed)
            advanceConsumed(to: readOffset)
            if let last = buffer.commits.indices.last { buffer.commits[last] = consumedOffset }
        }
    }

    /// A line ends at `end` (nil: a truncated head whose end is still to come).
    private func emit(
        _ line: UnsafeRawBufferPointer, offset: UInt64, end: UInt64?, truncated: Bool,
        into buffer: inout FileEventBuffer, builder: FileEventBuilder, observed: UInt64
    ) {
        guard builder.isMultiline else {
            if let end { advanceConsumed(to: end) }
            builder.append(
                line, offset: offset, service: service, truncated: truncated, observed: observed, into: &buffer,
                commit: consumedOffset)
            return
        }
        if !record.isEmpty,
            builder.startsRecord(line) || record.count + 1 + line.count > builder.multilineMaxBytes
        {
            emitRecord(into: &buffer, builder: builder, observed: observed)
            consumedOffset = offset
            if let last = buffer.commits.indices.last { buffer.commits[last] = offset }
        }
        if record.isEmpty {
            recordStart = offset
        } else {
            record.append(0x0A)
        }
        let room = builder.multilineMaxBytes - record.count
        record.append(contentsOf: line.prefix(room))
        recordTruncated = recordTruncated || truncated || line.count > room
        recordLines += 1
        if recordLines >= builder.multilineMaxLines, let end {
            emitRecord(into: &buffer, builder: builder, observed: observed)
            advanceConsumed(to: end)
            if let last = buffer.commits.indices.last { buffer.commits[last] = end }
        }
    }

    private func emitRecord(into buffer: inout FileEventBuffer, builder: FileEventBuilder, observed: UInt64) {
        record.withUnsafeBytes { bytes in
            builder.append(
                bytes, offset: recordStart, service: service, truncated: recordTruncated, observed: observed,
                into: &buffer, commit: consumedOffset)
        }
        record.removeAll(keepingCapacity: record.capacity <= 64 << 10)
        recordLines = 0
        recordTruncated = false
    }

    private func advanceConsumed(to offset: UInt64) {
        if record.isEmpty { consumedOffset = max(consumedOffset, offset) }
    }
}
