internal import Logging
internal import TraceLinkCore

#if canImport(Glibc)
    internal import Glibc
#endif

/// Compressed rotated files (`*.gz` matching `include`): read once, whole, through zlib, with offsets in
/// decompressed bytes. A compressed copy of a file already read (logrotate's `compress`: `app.log.1` becomes
/// `app.log.1.gz`) is recognised by the fingerprint of its inflated first bytes and resumes where the original
/// stopped, so its lines are neither read twice nor lost when the agent was stopped during the rotation.
extension FileSourceLoop {
    /// Opens a compressed file unless it was read already; returns its identity, or nil when it is not readable
    /// yet (too little of it inflates to compare with what was read: the compressor is still writing).
    mutating func openCompressed(_ path: String, fd: Int32, identity: FileIdentity, size: UInt64) -> FileIdentity? {
        let prefixBytes = FileIdentity.fingerprintBytes
        let inflated = withUnsafeTemporaryAllocation(byteCount: prefixBytes, alignment: 1) { buffer in
            GzipStream.prefix(of: fd, into: buffer).map { prefix in
                (
                    prefix,
                    Start.choose(
                        for: UnsafeRawBufferPointer(rebasing: buffer[..<prefix.count]), in: self, identity: identity)
                )
            }
        }
        guard let (prefix, start) = inflated else {
            Glibc.close(fd)
            openFailed(path, action: "inflate", reason: "not a gzip file")
            return nil
        }
        noteReadable(path)
        switch start {
        case .finished(let checkpoint):
            markFinished(checkpoint, fd: fd)
            Glibc.close(fd)
            return identity
        case .covered(let fingerprint, let by):
            markFinished(
                FileCheckpoint(identity: identity, fingerprint: fingerprint, offset: 0, path: path, kind: .finished),
                fd: fd)
            Glibc.close(fd)
            metrics.compressedFilesSkipped.increment()
            logger.debug("file source \(configuration.name): \(path) is a compressed copy of \(by); not read")
            return identity
        case .at(let offset, let fingerprint):
            if prefix.count < prefixBytes, !prefix.ended, offset == 0 {
                // Too short to compare yet: the compressor is still writing it.
                Glibc.close(fd)
                compressedDeferred = true
                return nil
            }
            if isFirstRun, configuration.startAt == .end {
                markFinished(
                    FileCheckpoint(
                        identity: identity, fingerprint: fingerprint, offset: 0, path: path, kind: .finished),
                    fd: fd)
                Glibc.close(fd)
                return identity
            }
            guard let gzip = try? GzipStream() else {
                Glibc.close(fd)
                return nil
            }
            return startTail(
                path, fd: fd, identity: identity, fingerprint: fingerprint, offset: offset, size: size, gzip: gzip)
        }
    }

    /// Where reading a compressed file starts, from what is known of its content.
    private enum Start {
        /// Read to its end before (this identity, with the same first bytes).
        case finished(FileCheckpoint)
        /// A file being tailed has the same first bytes and will read them all.
        case covered(FileFingerprint, by: String)
        /// Read from this decompressed offset.
        case at(UInt64, FileFingerprint)

        static func choose(
            for prefix: UnsafeRawBufferPointer, in loop: FileSourceLoop, identity: FileIdentity
        ) -> Start {
            let fingerprint = FileFingerprint(of: prefix)
            if let done = loop.finished[identity], done.fingerprint.isPrefix(of: prefix) { return .finished(done) }
            if let saved = loop.savedCheckpoints[identity], saved.fingerprint.isPrefix(of: prefix) {
                return .at(saved.offset, fingerprint)
            }
            if let live = loop.tails.values.first(where: { $0.gzip == nil && $0.fingerprint.isPrefix(of: prefix) }) {
                return .covered(fingerprint, by: live.path)
            }
            let known = loop.savedCheckpoints.values.filter { $0.identity != identity } + loop.retired
            let best = known.filter { $0.fingerprint.isPrefix(of: prefix) }.max {
                ($0.fingerprint.length, $0.offset) < ($1.fingerprint.length, $1.offset)
            }
            return .at(best?.offset ?? 0, fingerprint)
        }
    }

    /// Reads `tail` through its decompressor up to the end of the file (or its turn's budget); once the stream
    /// has ended, emits what is held, checkpoints the file as finished and closes it.
    /// Returns true when bytes remain to read.
    mutating func readCompressed(_ tail: FileTail, gzip: GzipStream, size: UInt64) async -> Bool {
        tail.size = size
        let observed = Self.nowUnixNano()
        var buffer = FileEventBuffer(source: configuration.name, path: tail.path)
        var budget = Self.bytesPerTurn
        var ended = false
        do throws(GzipStream.Error) {
            if let stopped = try gzip.skip(to: tail.readOffset, fd: tail.fd, scratch: chunk) {
                ended = stopped == .ended
                if ended {
                    logger.info(
                        "file source \(configuration.name): \(tail.path) ends before its checkpoint; already read")
                }
            } else {
                while budget > 0 {
                    let progress = try gzip.read(fd: tail.fd, into: chunk)
                    guard case .bytes(let count) = progress else {
                        ended = progress == .ended
                        break
                    }
                    budget -= count
                    if await consumeChunk(count, of: tail, into: &buffer, observed: observed) { break }
                }
            }
        } catch {
            metrics.readErrors.increment()
            logger.warning(
                "file source \(configuration.name): \(tail.path): \(error.description); kept the lines before it")
            ended = true
        }
        let quiet = ContinuousClock.now - tail.lastGrowth >= configuration.flushDelay
        if ended || (budget > 0 && tail.hasPending && quiet) {
            tail.flush(into: &buffer, builder: builder, observed: observed)
        }
        await deliver(&buffer, of: tail, all: true)
        if ended {
            metrics.compressedFilesRead.increment()
            metrics.removeBytesBehind(path: tail.path)
            var checkpoint = tail.checkpoint
            checkpoint.kind = .finished
            markFinished(checkpoint, fd: tail.fd)
            tails[tail.identity] = nil
            metrics.filesWatched.set(Int64(tails.count))
            saveCheckpoints()
            return false
        }
        metrics.setBytesBehind(size > gzip.compressedOffset ? size - gzip.compressedOffset : 0, path: tail.path)
        if budget > 0 { releaseIfGone(tail) }
        return budget <= 0 && !watcher.isStopped
    }

    /// Records a compressed file as read to its end, with its stamp so later scans skip it on `stat` alone.
    mutating func markFinished(_ checkpoint: FileCheckpoint, fd: Int32) {
        finished[checkpoint.identity] = checkpoint
        var info = stat()
        if fstat(fd, &info) == 0 { finishedStamps[checkpoint.identity] = FileStamp(info) }
    }

    /// Remembers a released file's content, dropping the oldest past `retiredLimit`.
    mutating func retire(_ checkpoint: FileCheckpoint) {
        guard checkpoint.fingerprint.length > 0 else { return }
        var record = checkpoint
        record.kind = .retired
        retired.removeAll { $0.fingerprint == record.fingerprint }
        retired.append(record)
        if retired.count > Self.retiredLimit { retired.removeFirst(retired.count - Self.retiredLimit) }
    }
}
