import Benchmark
import TraceLinkCore
import TraceLinkOTLP

/// Hot paths, each iteration one 1000-span request (divide by 1000 for per-span figures), with malloc counts.
let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .throughput, .peakMemoryResident],
        scalingFactor: .one,
        maxDuration: .seconds(3),
        maxIterations: 1_000_000
    )

    let request = BenchmarkRequests.exportRequest()

    Benchmark("OTLP decode, fast reader (1000-span request)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try request.withUnsafeBytes { try OTLPTraceReader.decode($0) })
        }
    }

    Benchmark("OTLP decode, swift-protobuf reference (1000-span request)") { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(try OTLPTraceDecoder.decode(protobuf: request))
        }
    }

    let spans = try! request.withUnsafeBytes { try OTLPTraceReader.decode($0) }.spans
    Benchmark("RED aggregation (1000-span request)") { benchmark in
        let metrics = SpanMetrics()
        for _ in benchmark.scaledIterations {
            metrics.record(spans)
        }
        blackHole(metrics)
    }
}
