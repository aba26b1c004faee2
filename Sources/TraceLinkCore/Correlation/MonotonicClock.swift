/// The agent's monotonic clock in nanoseconds, injected so tests move time by hand.
public struct MonotonicClock: Sendable {
    /// Nanoseconds since an arbitrary fixed origin; never goes back.
    public let now: @Sendable () -> UInt64

    public init(now: @escaping @Sendable () -> UInt64) {
        self.now = now
    }

    /// `ContinuousClock`, measured from the first use in the process.
    public static let continuous: MonotonicClock = {
        let origin = ContinuousClock.now
        return MonotonicClock {
            let (seconds, attoseconds) = (ContinuousClock.now - origin).components
            return UInt64(max(seconds, 0)) &* 1_000_000_000 &+ UInt64(max(attoseconds, 0) / 1_000_000_000)
        }
    }()
}
