import Synchronization

/// Fans correlation events out to subscribers, each with a bounded buffer that drops its oldest events
/// when the subscriber falls behind; drops are counted.
public final class CorrelationEventFeed: Sendable {
    private struct State {
        var subscribers: [UInt64: AsyncStream<CorrelationEvent>.Continuation] = [:]
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    private let subscriberCount = Atomic<Int>(0)
    private let dropped: Counter
    private let bufferSize: Int

    init(bufferSize: Int, dropped: Counter) {
        self.bufferSize = max(bufferSize, 1)
        self.dropped = dropped
    }

    /// True when someone listens; the store builds events only then.
    var hasSubscribers: Bool { subscriberCount.load(ordering: .relaxed) > 0 }

    /// A stream of events from now on; it ends when the consumer stops iterating or cancels.
    public func subscribe(bufferSize: Int? = nil) -> AsyncStream<CorrelationEvent> {
        let (stream, continuation) = AsyncStream.makeStream(
            of: CorrelationEvent.self,
            bufferingPolicy: .bufferingNewest(max(bufferSize ?? self.bufferSize, 1))
        )
        let id = state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            state.subscribers[id] = continuation
            return id
        }
        subscriberCount.wrappingAdd(1, ordering: .relaxed)
        continuation.onTermination = { [weak self] _ in self?.remove(id) }
        return stream
    }

    private func remove(_ id: UInt64) {
        let removed = state.withLock { $0.subscribers.removeValue(forKey: id) != nil }
        if removed { subscriberCount.wrappingSubtract(1, ordering: .relaxed) }
    }

    func publish(_ events: [CorrelationEvent]) {
        guard !events.isEmpty else { return }
        let subscribers = state.withLock { Array($0.subscribers.values) }
        var drops: UInt64 = 0
        for continuation in subscribers {
            for event in events {
                if case .dropped = continuation.yield(event) { drops += 1 }
            }
        }
        if drops > 0 { dropped.increment(by: drops) }
    }

    /// Ends every stream (shutdown).
    public func finish() {
        let subscribers = state.withLock { state in
            defer { state.subscribers.removeAll() }
            return Array(state.subscribers.values)
        }
        subscriberCount.store(0, ordering: .relaxed)
        for continuation in subscribers { continuation.finish() }
    }
}
