import Synchronization

/// Calls per second of each operation over the last `window`, from snapshots of the cumulative counts taken at
/// most once per `resolution`: by the agent's maintenance tick (`sample`), and when asked.
public final class CallRateWindow: Sendable {
    public struct Key: Hashable, Sendable {
        public var service: String
        public var spanName: String
        public var spanKind: SpanKind

        public init(service: String, spanName: String, spanKind: SpanKind) {
            self.service = service
            self.spanName = spanName
            self.spanKind = spanKind
        }
    }

    private struct Snapshot {
        var nanos: UInt64
        var calls: [Key: UInt64]
    }

    public let windowNanos: UInt64
    private let resolutionNanos: UInt64
    /// When counting began (the agent's start): rates before a snapshot exists are over the time since.
    private let startNanos: UInt64
    private let snapshots = Mutex<[Snapshot]>([])

    public init(window: Duration = .seconds(60), resolution: Duration = .seconds(5), startNanos: UInt64) {
        windowNanos = UInt64(window.components.seconds) * 1_000_000_000
        resolutionNanos = UInt64(resolution.components.seconds) * 1_000_000_000
        self.startNanos = startNanos
    }

    /// The cumulative calls of each operation, as `rates` and `sample` take them.
    public static func calls(of operations: [OperationStatistics]) -> [Key: UInt64] {
        var calls: [Key: UInt64] = [:]
        for operation in operations {
            calls[Key(service: operation.service, spanName: operation.spanName, spanKind: operation.spanKind)] =
                operation.calls
        }
        return calls
    }

    /// Keeps a snapshot of `current` when the last is `resolution` old, and drops those past the window.
    public func sample(current: [Key: UInt64], nowNanos: UInt64) {
        _ = snapshots.withLock { keep(current, nowNanos, in: &$0) }
    }

    private func keep(_ current: [Key: UInt64], _ nowNanos: UInt64, in snapshots: inout [Snapshot]) -> Snapshot {
        snapshots.removeAll { nowNanos &- $0.nanos > windowNanos }
        if snapshots.last.map({ nowNanos &- $0.nanos >= resolutionNanos }) ?? true {
            snapshots.append(Snapshot(nanos: nowNanos, calls: current))
        }
        return snapshots[0]
    }

    /// Calls per second of each operation in `current` (cumulative counts at `nowNanos`, a monotonic time).
    public func rates(current: [Key: UInt64], nowNanos: UInt64) -> [Key: Double] {
        let oldest = snapshots.withLock { keep(current, nowNanos, in: &$0) }
        // Until a snapshot is a second old, the rate is over the time since counting began.
        let useSnapshot = nowNanos &- oldest.nanos >= 1_000_000_000
        let since = useSnapshot ? oldest.nanos : startNanos
        let seconds = max(Double(nowNanos &- since) / 1e9, 1)
        return current.mapValues { $0 }.reduce(into: [:]) { rates, entry in
            let before = useSnapshot ? oldest.calls[entry.key] ?? 0 : 0
            rates[entry.key] = Double(entry.value &- min(before, entry.value)) / seconds
        }
    }
}
