import Synchronization

/// When a periodic task last ran, for the watchdog: a pipeline whose tasks stop beating is stuck.
public final class Heartbeat: Sendable {
    private let last: Atomic<UInt64>
    private let clock: MonotonicClock

    public init(clock: MonotonicClock = .continuous) {
        self.clock = clock
        self.last = Atomic(clock.now())
    }

    public func beat() { last.store(clock.now(), ordering: .relaxed) }

    /// Time since the last beat.
    public var age: Duration { .nanoseconds(Int64(clamping: clock.now() &- last.load(ordering: .relaxed))) }
}
