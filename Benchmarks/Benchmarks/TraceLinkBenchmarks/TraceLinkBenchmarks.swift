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
    coreBenchmarks()

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

    // 64 requests with distinct trace ids, so each insert is new data (a fresh store every 64 keeps it small).
    let variants: [[Span]] = (0..<64).map { variant in
        spans.map { span in
            var copy = span
            copy.traceID = TraceID(high: span.traceID.high ^ UInt64(variant + 1), low: span.traceID.low)!
            return copy
        }
    }
    Benchmark("Store insert (1000-span request)") { benchmark in
        var store = CorrelationStore()
        for iteration in benchmark.scaledIterations {
            if iteration % 64 == 0 { store = CorrelationStore() }
            store.insert(spans: variants[iteration % 64])
        }
        blackHole(store)
    }
}
