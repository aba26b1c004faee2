import Benchmark

extension Benchmark.Configuration {
    /// The metrics every benchmark reports, of which only the allocation count is checked.
    ///
    /// - `mallocCountTotal` is compared at p90 with the committed `Thresholds/*.json`, within `mallocTolerance`
    ///   allocations either way (fewer fails too, so that an improvement gets its thresholds refreshed).
    /// - wall clock and throughput are shown only: `.none` thresholds mean no
    ///   percentile is ever compared, even if a thresholds file holds a value for them.
    ///
    /// - Parameters:
    ///   - scalingFactor: inner iterations per measured iteration; the `*` metrics are shown per inner one,
    ///     while thresholds hold the count per measured iteration.
    ///   - mallocTolerance: allocations per measured iteration allowed above or below the threshold: none where
    ///     the count is exact (one more allocation per request fails), a few where a container's growth or an
    ///     eviction pass makes it vary between iterations. One more per span or per line is a thousand more.
    static func hotPath(
        scalingFactor: BenchmarkScalingFactor = .one,
        mallocTolerance: Int = 0,
        maxDuration: Duration = .seconds(3)
    ) -> Self {
        Self(
            // No peakMemoryResident: reading it allocates inside the measured region, which would make the
            // allocation counts of a full run differ from those of `--metric mallocCountTotal` (bench-thresholds).
            metrics: [.wallClock, .throughput, .mallocCountTotal],
            // Exact counts in the table (the automatic unit would show 11K for 11_043 allocations).
            units: [.mallocCountTotal: .count, .throughput: .count],
            scalingFactor: scalingFactor,
            maxDuration: maxDuration,
            maxIterations: 1_000_000,
            thresholds: [
                .mallocCountTotal: BenchmarkThresholds(absolute: [.p90: mallocTolerance]),
                .wallClock: .none,
                .throughput: .none,
            ]
        )
    }
}
