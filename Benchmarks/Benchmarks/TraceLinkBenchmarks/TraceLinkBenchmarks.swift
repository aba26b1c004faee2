import Benchmark
import TraceLinkCore
import TraceLinkOTLP

/// Hot paths with their allocation counts. Request-sized benchmarks run one 1000-span request per iteration
/// (divide by 1000 for per-span figures); per-line benchmarks run 1000 lines per iteration and show per-line
/// figures (`*` in the table).
///
/// Names hold no spaces or slashes: the plugin writes `Thresholds/<target>.<name>.p90.json` with spaces made
/// underscores but looks the file up by the name as it is, so a name with a space is silently never checked.
///
/// `make bench-check` compares `mallocCountTotal` at p90 with `Thresholds/*.json` within the absolute
/// tolerance each benchmark sets (`Configuration.hotPath`); wall time and throughput are shown, never asserted
/// (wall time on a shared 2-core machine is too noisy to gate on). Refresh the thresholds with
/// `make bench-thresholds` after a deliberate change in allocations.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .hotPath()

    let request = BenchmarkRequests.exportRequest()
    extractionBenchmarks()
    variedLineExtractionBenchmarks()
    logFieldBenchmarks()
    fileLineBenchmarks()
    journalEntryBenchmarks()

    // The intake walk: the request's bytes copied once into the batch, one index entry per span.
    Benchmark("OTLPDecode.FastReader.1000Spans", configuration: .hotPath(mallocTolerance: 2)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try request.withUnsafeBytes { try SpanBatch(request: $0) })
        }
    }

    Benchmark("OTLPDecode.SwiftProtobufReference.1000Spans") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try OTLPTraceDecoder.decode(protobuf: request))
        }
    }

    let batch = try! request.withUnsafeBytes { try SpanBatch(request: $0) }

    // The series exist after the first request, as in a running agent: this is the per-span cost.
    let metrics = SpanMetrics()
    metrics.consume(batch)
    Benchmark("REDAggregation.SeriesHeld.1000Spans", configuration: .hotPath(mallocTolerance: 2)) { benchmark in
        for _ in benchmark.scaledIterations {
            metrics.consume(batch)
        }
    }

    storeBenchmarks(batch: batch)
}
