extension CorrelationStore {
    /// Limits and sizes of the store; every field has the agent's default.
    public struct Configuration: Sendable, Hashable {
        /// Approximate bytes held, traced and untraced logs together (`store.max_memory`, default 256 MiB).
        public var memoryBudgetBytes: Int
        /// Items older than this on the agent's monotonic clock are dropped (`store.max_age`, default 30 min).
        public var maxAge: Duration
        /// The share of the budget kept for logs without a trace id, the ones context logs join by time (default 1/8).
        public var untracedShare: Double
        /// Number of shards, rounded up to a power of two (default 16).
        public var shardCount: Int
        /// Events buffered per change-feed subscriber before the oldest are dropped (default 1024).
        public var eventBufferSize: Int
        /// Series per labelled correlation family before new label sets go to an overflow series (default 2000).
        public var seriesLimit: Int
        /// Spans held per trace (`store.max_spans_per_trace`, default 100,000); later ones are refused and counted.
        public var maxSpansPerTrace: Int = 100_000
        /// Log records held per trace (`store.max_logs_per_trace`, default 100,000); later ones are refused, counted.
        public var maxLogsPerTrace: Int = 100_000

        public init(
            memoryBudgetBytes: Int = 256 << 20,
            maxAge: Duration = .seconds(30 * 60),
            untracedShare: Double = 0.125,
            shardCount: Int = 16,
            eventBufferSize: Int = 1024,
            seriesLimit: Int = 2000
        ) {
            self.memoryBudgetBytes = memoryBudgetBytes
            self.maxAge = maxAge
            self.untracedShare = untracedShare
            self.shardCount = shardCount
            self.eventBufferSize = eventBufferSize
            self.seriesLimit = seriesLimit
        }

        public static let `default` = Configuration()

        /// Bytes the untraced ring may hold.
        var untracedBudgetBytes: Int {
            Int(Double(memoryBudgetBytes) * min(max(untracedShare, 0), 1))
        }

        /// Bytes the traces may hold.
        var tracedBudgetBytes: Int { memoryBudgetBytes - untracedBudgetBytes }

        var maxAgeNanos: UInt64 {
            let (seconds, attoseconds) = maxAge.components
            guard seconds >= 0 else { return 0 }
            return UInt64(seconds) &* 1_000_000_000 &+ UInt64(attoseconds / 1_000_000_000)
        }
    }
}
