internal import Logging
internal import TraceLinkCore

#if canImport(Glibc)
    internal import Glibc
#endif

/// The file source's state and its read cycle: discover, read each file, deliver, checkpoint.
/// Lives inside one `run()` call, on its task only.
struct FileSourceLoop {
    let configuration: FileSourceConfiguration
    let sink: any LogSink
    let logger: Logger
    let metrics: FileSourceMetrics
    let watcher: FileWatcher
    let stateFile: StateFile
    let builder: FileEventBuilder
    private let includes: [FileGlob]
    private let excludes: [FileGlob]

    var tails: [FileIdentity: FileTail] = [:]
    var nextSequence = 0
    /// Checkpoints loaded at start, consumed by the first scan.
    var savedCheckpoints: [FileIdentity: FileCheckpoint] = [:]
    /// Compressed files read to their end, by identity: not read again while they exist.
    var finished: [FileIdentity: FileCheckpoint] = [:]
    /// Size and times of finished files when last checked, so an unchanged one is skipped on `stat` alone.
    var finishedStamps: [FileIdentity: FileStamp] = [:]
    /// The content of files released after rotation (fingerprint and offset), newest last, so that a compressed
    /// copy of one resumes where the original stopped. At most `retiredLimit`.
    var retired: [FileCheckpoint] = []
    /// A compressed file was seen before enough of it could be inflated to compare: scan again next cycle.
    var compressedDeferred = false
    /// True until the first scan is done, and only when the source has never written state.
    var isFirstRun = true
    private var scanned = false
    private var warnedPaths: Set<String> = []
    private var lastWritten: [FileCheckpoint]? = nil
    private var lastCheckpointWrite = ContinuousClock.now
    let chunk: UnsafeMutableRawBufferPointer

    /// The most bytes read from one file before the others get a turn.
    static let bytesPerTurn = 8 << 20
    static let retiredLimit = 64

    init(
        configuration: FileSourceConfiguration, sink: any LogSink, logger: Logger, metrics: FileSourceMetrics,
        watcher: FileWatcher, stateFile: StateFile
    ) throws {
        self.configuration = configuration
        self.sink = sink
        self.logger = logger
        self.metrics = metrics
        self.watcher = watcher
        self.stateFile = stateFile
        self.builder = try FileEventBuilder(configuration: configuration, metrics: metrics)
        self.includes = configuration.include.map(FileGlob.init)
        self.excludes = configuration.exclude.map(FileGlob.init)
        self.chunk = .allocate(byteCount: configuration.readChunkBytes, alignment: 16)
        loadCheckpoints()
    }

    /// Releases the read buffer and every open file.
    mutating func close() {
        chunk.deallocate()
        for tail in tails.values { metrics.removeBytesBehind(path: tail.path) }
        tails.removeAll()
        metrics.filesWatched.set(0)
    }

    mutating func run(threadStarted: Bool) async {
        var wakeups = watcher.wakeups.makeAsyncIterator()
        while !watcher.isStopped, !Task.isCancelled {
            let more = await cycle()
            if watcher.isStopped || Task.isCancelled { break }
            if more { continue }
            // Caught up: what was delivered since the last interval's write is checkpointed before waiting.
            saveCheckpoints()
            if threadStarted {
                guard await wakeups.next() != nil else { break }
            } else {
                try? await Task.sleep(for: configuration.pollInterval)
            }
        }
        saveCheckpoints()
    }

    // MARK: - State

    private mutating func loadCheckpoints() {
        do throws(StateFile.Error) {
            guard let payload = try stateFile.read() else { return }
            isFirstRun = false
            guard let checkpoints = FileCheckpoint.decode(payload) else {
                throw StateFile.Error(code: .corrupt, message: "\(stateFile.path): unknown checkpoint format")
            }
            for checkpoint in checkpoints {
                switch checkpoint.kind {
                case .reading: savedCheckpoints[checkpoint.identity] = checkpoint
                case .finished: finished[checkpoint.identity] = checkpoint
                case .retired: retired.append(checkpoint)
                }
            }
        } catch {
            isFirstRun = false
            if error.code == .corrupt {
                let aside = stateFile.moveAside()
                metrics.checkpointCorrupt.increment()
                let movedTo = aside ?? "(failed)"
                let name = configuration.name
                logger.warning("file source \(name): \(error.message); moved aside to \(movedTo); reading from 0")
            } else {
                logger.warning(
                    "file source \(configuration.name): \(error.message); reading files from their beginning")
            }
        }
    }

    /// Writes the checkpoints when `checkpoint_interval` has passed since the last write (deliveries call this).
    mutating func saveCheckpointsIfDue() {
        let now = ContinuousClock.now
        guard now - lastCheckpointWrite >= configuration.checkpointInterval else { return }
        lastCheckpointWrite = now
        saveCheckpoints()
    }

    mutating func saveCheckpoints() {
        var checkpoints = tails.values.map(\.checkpoint) + finished.values
        if !scanned { checkpoints += savedCheckpoints.values }
        checkpoints.sort { ($0.identity.device, $0.identity.inode) < ($1.identity.device, $1.identity.inode) }
        checkpoints += retired
        guard checkpoints != lastWritten else {
            metrics.checkpointCurrent.set(Int64(WallClock.unixNano() / 1_000_000_000))
            return
        }
        do {
            try stateFile.write(FileCheckpoint.encode(checkpoints))
            lastWritten = checkpoints
            metrics.checkpointCurrent.set(Int64(WallClock.unixNano() / 1_000_000_000))
        } catch {
            metrics.checkpointWriteErrors.increment()
            logger.warning("file source \(configuration.name): checkpoint not written: \(error.message)")
        }
    }

    // MARK: - Cycle

    /// Rescans when needed, then reads every file; returns true when a file has more to read right away.
    private mutating func cycle() async -> Bool {
        if watcher.takeRescanNeeded() || !scanned || compressedDeferred { scan() }
        var more = false
        for tail in tails.values.sorted(by: { $0.sequence < $1.sequence }) {
            if watcher.isStopped { break }
            more = await read(tail) || more
        }
        return more
    }

    private mutating func scan() {
        compressedDeferred = false
        var paths: Set<String> = []
        var directories: Set<String> = []
        for glob in includes { glob.expand(into: &paths, directories: &directories) }
        watcher.watch(directories)
        var seen: Set<FileIdentity> = []
        for path in paths.sorted() where !excludes.contains(where: { $0.matches(path) }) {
            if let identity = open(path) { seen.insert(identity) }
        }
        for tail in tails.values { tail.isAway = !seen.contains(tail.identity) }
        finished = finished.filter { seen.contains($0.key) }
        finishedStamps = finishedStamps.filter { finished[$0.key] != nil }
        if !scanned {
            scanned = true
            // Files gone while the agent was stopped: their content may still come back compressed.
            for checkpoint in savedCheckpoints.values.sorted(by: { $0.path < $1.path })
            where !seen.contains(checkpoint.identity) {
                retire(checkpoint)
            }
            savedCheckpoints = [:]
            isFirstRun = false
        }
        metrics.filesWatched.set(Int64(tails.count))
    }

    /// Opens `path` unless the file it names is already tailed; returns its identity.
    private mutating func open(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno != ENOENT { openFailed(path, action: "stat") }
            return nil
        }
        guard (info.st_mode & S_IFMT) == S_IFREG else { return nil }
        let identity = FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        if let tail = tails[identity] {
            if tail.path != path {
                metrics.removeBytesBehind(path: tail.path)
                tail.path = path
            }
            return identity
        }
        if finished[identity] != nil, finishedStamps[identity] == FileStamp(info) { return identity }
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard fd >= 0 else {
            if errno != ENOENT { openFailed(path, action: "open") }
            return nil
        }
        guard fstat(fd, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG,
            UInt64(info.st_dev) == identity.device, UInt64(info.st_ino) == identity.inode
        else {
            Glibc.close(fd)
            return nil
        }
        let size = UInt64(info.st_size)
        if GzipStream.isCompressed(path: path) {
            return openCompressed(path, fd: fd, identity: identity, size: size)
        }
        noteReadable(path)
        guard let fingerprint = FileFingerprint.read(fd: fd, size: size) else {
            openFailed(path, action: "read")
            Glibc.close(fd)
            return nil
        }
        let offset = startOffset(fd: fd, identity: identity, size: size)
        return startTail(path, fd: fd, identity: identity, fingerprint: fingerprint, offset: offset, size: size)
    }

    /// Tails an opened file from `offset` (through `gzip` for a compressed one); returns its identity.
    mutating func startTail(
        _ path: String, fd: Int32, identity: FileIdentity, fingerprint: FileFingerprint, offset: UInt64, size: UInt64,
        gzip: GzipStream? = nil
    ) -> FileIdentity {
        let tail = FileTail(
            identity: identity, fd: fd, sequence: nextSequence, path: path, fingerprint: fingerprint, offset: offset,
            gzip: gzip)
        nextSequence += 1
        tail.service = builder.service(forPath: path)
        tail.size = size
        tails[identity] = tail
        let what = gzip == nil ? "tailing" : "reading compressed"
        logger.debug("file source \(configuration.name): \(what) \(path) from offset \(offset)")
        return identity
    }

    private mutating func startOffset(fd: Int32, identity: FileIdentity, size: UInt64) -> UInt64 {
        if let saved = savedCheckpoints[identity] {
            if Self.resumes(at: saved, fd: fd, size: size) { return saved.offset }
            logger.info(
                "file source \(configuration.name): \(saved.path): inode reused or file rewritten; reading from 0")
            return 0
        }
        // Released earlier (a scan listing the directory mid-rename missed it, and it was quiet) and found again.
        // A record of another file on a reused inode stays: a compressed copy of that file may still come.
        if let index = retired.lastIndex(where: { $0.identity == identity }),
            Self.resumes(at: retired[index], fd: fd, size: size)
        {
            let released = retired.remove(at: index)
            logger.debug("file source \(configuration.name): \(released.path) found again; resuming")
            return released.offset
        }
        guard isFirstRun, configuration.startAt == .end, size > 0 else { return 0 }
        return Self.endOfLastLine(fd: fd, size: size)
    }

    /// Whether the open file is the one `checkpoint` was taken from: its first bytes unchanged and long enough.
    private static func resumes(at checkpoint: FileCheckpoint, fd: Int32, size: UInt64) -> Bool {
        checkpoint.offset <= size && UInt64(checkpoint.fingerprint.length) <= size
            && FileFingerprint.read(fd: fd, length: checkpoint.fingerprint.length) == checkpoint.fingerprint
    }

    /// The offset just past the last newline in the file's last 64 KiB (the size when there is none).
    private static func endOfLastLine(fd: Int32, size: UInt64) -> UInt64 {
        let window = Int(min(size, 64 << 10))
        return withUnsafeTemporaryAllocation(byteCount: window, alignment: 1) { buffer in
            let count = pread(fd, buffer.baseAddress!, window, off_t(size) - off_t(window))
            guard count == window else { return size }
            let bytes = UnsafeRawBufferPointer(buffer)
            guard let last = bytes.lastIndex(of: 0x0A) else { return size }
            return size - UInt64(window) + UInt64(last) + 1
        }
    }

    /// Logs that a path which failed before opened fine.
    mutating func noteReadable(_ path: String) {
        if warnedPaths.remove(path) != nil {
            logger.info("file source \(configuration.name): \(path) is readable again")
        }
    }

    mutating func openFailed(_ path: String, action: String, reason: String? = nil) {
        let reason = reason ?? String(cString: strerror(errno))
        metrics.openErrors.increment()
        if warnedPaths.insert(path).inserted {
            logger.warning("file source \(configuration.name): cannot \(action) \(path): \(reason); retrying")
        }
    }

    // MARK: - Reading

    /// Reads `tail` up to its end (or its turn's budget), delivering and checkpointing per batch.
    /// Returns true when bytes remain to read.
    private mutating func read(_ tail: FileTail) async -> Bool {
        var info = stat()
        guard fstat(tail.fd, &info) == 0 else { return false }
        let size = UInt64(info.st_size)
        tail.linkCount = UInt64(info.st_nlink)
        if let gzip = tail.gzip { return await readCompressed(tail, gzip: gzip, size: size) }
        if size < tail.readOffset || (size != tail.size && !fingerprintHolds(tail, size: size)) {
            metrics.truncations.increment()
            let reason = "size \(size) below offset \(tail.readOffset), or first bytes changed"
            let name = configuration.name
            logger.info("file source \(name): \(tail.path) truncated or rewritten (\(reason)); reading from 0")
            tail.restart()
            tail.fingerprint = FileFingerprint.read(fd: tail.fd, size: size) ?? .empty
            saveCheckpoints()
        }
        tail.size = size

        let observed = Self.nowUnixNano()
        var buffer = FileEventBuffer(source: configuration.name, path: tail.path)
        var budget = Self.bytesPerTurn
        var atEnd = false
        while budget > 0 {
            let count = pread(tail.fd, chunk.baseAddress!, chunk.count, off_t(tail.readOffset))
            if count < 0 {
                if errno == EINTR { continue }
                metrics.readErrors.increment()
                logger.warning(
                    "file source \(configuration.name): read \(tail.path): \(String(cString: strerror(errno)))")
                return false
            }
            if count == 0 {
                atEnd = true
                break
            }
            budget -= count
            if await consumeChunk(count, of: tail, into: &buffer, observed: observed) { break }
        }
        if atEnd, tail.hasPending, ContinuousClock.now - tail.lastGrowth >= configuration.flushDelay {
            tail.flush(into: &buffer, builder: builder, observed: observed)
        }
        await deliver(&buffer, of: tail, all: true)
        if tail.fingerprint.length < FileIdentity.fingerprintBytes, UInt64(tail.fingerprint.length) < tail.readOffset,
            let longer = FileFingerprint.read(fd: tail.fd, size: min(tail.readOffset, tail.size))
        {
            tail.fingerprint = longer
        }
        metrics.setBytesBehind(tail.size > tail.deliveredOffset ? tail.size - tail.deliveredOffset : 0, path: tail.path)
        if atEnd { releaseIfGone(tail) }
        return !atEnd && !watcher.isStopped
    }

    /// Splits the first `count` bytes of `chunk` (the file's next bytes, read plainly or inflated) into lines,
    /// delivering each time a batch is full. Returns true when the source was stopped meanwhile (the bytes not
    /// taken yet are read again next time).
    mutating func consumeChunk(
        _ count: Int, of tail: FileTail, into buffer: inout FileEventBuffer, observed: UInt64
    ) async -> Bool {
        tail.lastGrowth = .now
        metrics.bytesRead.increment(by: UInt64(count))
        var taken = 0
        while taken < count {
            taken += tail.consume(
                UnsafeRawBufferPointer(start: chunk.baseAddress! + taken, count: count - taken), into: &buffer,
                builder: builder, maxLineBytes: configuration.maxLineBytes, limit: configuration.batchSize,
                observed: observed)
            guard buffer.count >= configuration.batchSize else { continue }
            await deliver(&buffer, of: tail, all: false)
            if watcher.isStopped { return true }
        }
        return false
    }

    /// Whether the file still starts with the bytes its fingerprint was taken from.
    private func fingerprintHolds(_ tail: FileTail, size: UInt64) -> Bool {
        guard UInt64(tail.fingerprint.length) <= size else { return false }
        return FileFingerprint.read(fd: tail.fd, length: tail.fingerprint.length) == tail.fingerprint
    }

    /// Hands the buffer to the sink when it holds a full batch (or anything, when `all`), then checkpoints what
    /// it accepted.
    mutating func deliver(_ buffer: inout FileEventBuffer, of tail: FileTail, all: Bool) async {
        if buffer.count > 0, all || buffer.count >= configuration.batchSize {
            await sink.accept(lines: buffer.lines)
            metrics.linesRead.increment(by: UInt64(buffer.count))
            tail.deliveredOffset = all ? tail.consumedOffset : buffer.commits[buffer.count - 1]
            buffer.removeAll()
            saveCheckpointsIfDue()
        } else if all, buffer.count == 0, tail.deliveredOffset != tail.consumedOffset {
            tail.deliveredOffset = tail.consumedOffset
            saveCheckpointsIfDue()
        }
    }

    /// Closes a file read to its end once it is deleted (after the flush delay) or renamed away and quiet
    /// for the rotate wait.
    mutating func releaseIfGone(_ tail: FileTail) {
        let quiet = ContinuousClock.now - tail.lastGrowth
        let deleted = tail.linkCount == 0 && quiet >= configuration.flushDelay
        let rotated = tail.isAway && quiet >= configuration.rotateWait
        guard deleted || rotated, !tail.hasPending else { return }
        logger.debug("file source \(configuration.name): released \(tail.path) (\(deleted ? "deleted" : "rotated"))")
        metrics.rotations.increment()
        metrics.removeBytesBehind(path: tail.path)
        if tail.gzip == nil { retire(tail.checkpoint) }
        tails[tail.identity] = nil
        metrics.filesWatched.set(Int64(tails.count))
        saveCheckpoints()
    }

    static func nowUnixNano() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_REALTIME, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
