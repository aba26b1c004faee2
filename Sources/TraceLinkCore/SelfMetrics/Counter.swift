import Synchronization

/// A monotonically increasing count, safe to bump from any thread without a lock.
public final class Counter: Sendable {
    private let storage = Atomic<UInt64>(0)
    /// When the counter started from zero (OpenMetrics `_created`).
    public let createdUnixNano = WallClock.unixNano()

    public init() {}

    public func increment(by amount: UInt64 = 1) {
        storage.wrappingAdd(amount, ordering: .relaxed)
    }

    public var value: UInt64 { storage.load(ordering: .relaxed) }
}

/// A value that goes up and down (files watched, bytes behind).
public final class Gauge: Sendable {
    private let storage = Atomic<Int64>(0)

    public init() {}

    public func set(_ value: Int64) { storage.store(value, ordering: .relaxed) }

    public func add(_ delta: Int64) { storage.wrappingAdd(delta, ordering: .relaxed) }

    public var value: Int64 { storage.load(ordering: .relaxed) }
}
