internal import Dispatch
internal import Synchronization

/// What the reader thread and the source's async side share: stop, back-pressure, the accepted cursor, exit.
final class JournalReaderLink: Sendable {
    private struct State {
        /// The cursor of the last batch the sink accepted.
        var accepted: String?
        /// The cursor last written to the checkpoint.
        var written: String?
        var exited = false
        var exitWaiter: CheckedContinuation<Void, Never>?
    }

    private let stop = Atomic<Bool>(false)
    private let state = Mutex(State())
    /// Batches read but not yet accepted; the reader waits for a credit before handing on another batch.
    let credits: DispatchSemaphore

    init(batchesInFlight: Int) {
        // Start at 0 and add the credits: libdispatch traps when a semaphore is freed below its initial
        // value, which is the case when the consumer stops (cancellation) with batches still unaccepted.
        credits = DispatchSemaphore(value: 0)
        for _ in 0..<batchesInFlight { credits.signal() }
    }

    var isStopRequested: Bool { stop.load(ordering: .acquiring) }

    func requestStop() { stop.store(true, ordering: .releasing) }

    /// Called by the async side after the sink accepted a batch ending at `cursor`.
    func accepted(_ cursor: String?) {
        if let cursor { state.withLock { $0.accepted = cursor } }
        credits.signal()
    }

    /// The accepted cursor when it differs from the one written.
    func unwrittenCursor() -> String? {
        state.withLock { $0.accepted != $0.written ? $0.accepted : nil }
    }

    func markWritten(_ cursor: String) { state.withLock { $0.written = cursor } }

    /// Records the checkpoint read at start, so it is not written again unchanged.
    func setInitial(_ cursor: String?) {
        state.withLock {
            $0.written = cursor
            if $0.accepted == nil { $0.accepted = cursor }
        }
    }

    /// Called by the reader thread as its last act.
    func markExited() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            state.exited = true
            defer { state.exitWaiter = nil }
            return state.exitWaiter
        }
        waiter?.resume()
    }

    /// Returns once the reader thread has exited.
    func waitForExit() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let alreadyExited = state.withLock { state -> Bool in
                if state.exited { return true }
                state.exitWaiter = continuation
                return false
            }
            if alreadyExited { continuation.resume() }
        }
    }
}
