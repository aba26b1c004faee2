internal import Synchronization

#if canImport(Glibc)
    internal import Glibc
#endif

/// Wakes the file source when watched directories change (inotify, on its own thread so no Swift
/// concurrency thread ever blocks) and at the poll interval, which is also the fallback without inotify.
///
/// `@unchecked Sendable`: the descriptors are created in `init` and closed only by the watcher thread
/// under `state`'s lock; everything mutable lives in the `Mutex` or atomics.
final class FileWatcher: @unchecked Sendable {
    /// One element per wake-up; at most one is buffered, so bursts of events coalesce.
    let wakeups: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation
    /// A pipe: the watcher thread polls the read end; `stop()` writes to the other.
    private let stopPipe: (read: Int32, write: Int32)
    private let pollMilliseconds: Int32
    private let rescanNeeded = Atomic<Bool>(true)
    private let stopped = Atomic<Bool>(false)

    private struct State {
        var inotifyFD: Int32
        var watches: [String: Int32] = [:]
        var closed = false
    }
    private let state: Mutex<State>

    /// Whether inotify is in use (false means polling only).
    var usesInotify: Bool { state.withLock { $0.inotifyFD >= 0 } }

    init(pollInterval: Duration) {
        (wakeups, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
        }
        stopPipe = (ends[0], ends[1])
        let milliseconds =
            pollInterval.components.seconds * 1000 + pollInterval.components.attoseconds / 1_000_000_000_000_000
        pollMilliseconds = Int32(clamping: max(1, milliseconds))
        state = Mutex(State(inotifyFD: inotify_init1(Int32(IN_NONBLOCK | IN_CLOEXEC))))
    }

    deinit {
        close(stopPipe.read)
        close(stopPipe.write)
        state.withLock { state in
            if state.inotifyFD >= 0 { close(state.inotifyFD) }
        }
    }

    /// Starts the watcher thread; false when no thread could be started (the caller then polls itself).
    func start() -> Bool {
        Self.startThread { [self] in self.loop() }
    }

    /// Asks the thread to end; the `wakeups` stream then finishes.
    func stop() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        var one: UInt8 = 1
        _ = write(stopPipe.write, &one, 1)
    }

    var isStopped: Bool { stopped.load(ordering: .acquiring) }

    /// Returns whether the directory set may have changed since the last call, and clears the flag.
    func takeRescanNeeded() -> Bool {
        rescanNeeded.exchange(false, ordering: .acquiringAndReleasing)
    }

    /// Watches exactly `directories` for entries created, moved, deleted or written.
    func watch(_ directories: Set<String>) {
        let mask = UInt32(
            IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_MODIFY | IN_ATTRIB | IN_CLOSE_WRITE
                | IN_DELETE_SELF | IN_MOVE_SELF)
        state.withLock { state in
            guard !state.closed, state.inotifyFD >= 0 else { return }
            for (directory, descriptor) in state.watches where !directories.contains(directory) {
                inotify_rm_watch(state.inotifyFD, descriptor)
                state.watches[directory] = nil
            }
            for directory in directories where state.watches[directory] == nil {
                let descriptor = inotify_add_watch(state.inotifyFD, directory, mask)
                if descriptor >= 0 { state.watches[directory] = descriptor }
            }
        }
    }

    private func loop() {
        let inotifyFD = state.withLock { $0.inotifyFD }
        var descriptors = [pollfd(fd: stopPipe.read, events: Int16(POLLIN), revents: 0)]
        if inotifyFD >= 0 { descriptors.append(pollfd(fd: inotifyFD, events: Int16(POLLIN), revents: 0)) }
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 64 << 10, alignment: 8)
        defer { buffer.deallocate() }
        while !isStopped {
            let ready = poll(&descriptors, nfds_t(descriptors.count), pollMilliseconds)
            if ready < 0 {
                if errno == EINTR { continue }
                break
            }
            if descriptors[0].revents != 0 { break }
            if ready == 0 {
                rescanNeeded.store(true, ordering: .releasing)
            } else if descriptors.count > 1, descriptors[1].revents != 0 {
                drain(inotifyFD, buffer)
            }
            continuation.yield()
        }
        state.withLock { state in
            state.closed = true
            if state.inotifyFD >= 0 { close(state.inotifyFD) }
            state.inotifyFD = -1
            state.watches = [:]
        }
        continuation.finish()
    }

    /// Reads every pending inotify event; directory-level changes (or an overflow) ask for a rescan.
    private func drain(_ fd: Int32, _ buffer: UnsafeMutableRawPointer) {
        let rescanMask = UInt32(
            IN_CREATE | IN_MOVED_TO | IN_MOVED_FROM | IN_DELETE | IN_DELETE_SELF | IN_MOVE_SELF | IN_ATTRIB
                | IN_Q_OVERFLOW | IN_IGNORED)
        while true {
            let count = read(fd, buffer, 64 << 10)
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return }
            var position = 0
            while position + 16 <= count {
                let mask = buffer.loadUnaligned(fromByteOffset: position + 4, as: UInt32.self)
                let length = buffer.loadUnaligned(fromByteOffset: position + 12, as: UInt32.self)
                if mask & rescanMask != 0 { rescanNeeded.store(true, ordering: .releasing) }
                position += 16 + Int(length)
            }
        }
    }

    private final class ThreadBody {
        let run: () -> Void
        init(_ run: @escaping () -> Void) { self.run = run }
    }

    private static func startThread(_ body: @escaping @Sendable () -> Void) -> Bool {
        let box = Unmanaged.passRetained(ThreadBody(body)).toOpaque()
        var thread = pthread_t()
        let result = pthread_create(
            &thread, nil,
            { raw in
                let body = Unmanaged<ThreadBody>.fromOpaque(raw!).takeRetainedValue()
                body.run()
                return nil
            }, box)
        guard result == 0 else {
            Unmanaged<ThreadBody>.fromOpaque(box).release()
            return false
        }
        pthread_detach(thread)
        return true
    }
}
