import Benchmark
import TraceLinkCore

/// Extraction per line and correlation store insert/query.
func coreBenchmarks() {
    let extractor = TraceContextExtractor.default
    let lines: [(String, String)] = [
        ("JSON ids near the start", #"{"trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174","level":"info","msg":"order created for customer 42 with 3 items, total 129.95 EUR, payment pending","service":"checkout","ts":"2026-11-25T06:53:20.100Z","http.route":"/api/orders","user_agent":"Mozilla/5.0 (X11; Linux x86_64)"}"#),
        ("JSON ids at the end", #"{"level":"info","msg":"order created for customer 42 with 3 items, total 129.95 EUR, payment pending","service":"checkout","ts":"2026-11-25T06:53:20.100Z","http.route":"/api/orders","user_agent":"Mozilla/5.0 (X11; Linux x86_64)","trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174"}"#),
        ("logfmt", #"ts=2026-11-25T06:53:20.100Z level=info service=checkout msg="order created for customer 42 with 3 items, total 129.95 EUR" trace_id=5b8efff798038103d269b633813fc60c span_id=eee19b7ec3c1b174 route=/api/orders"#),
        ("no trace context", #"2026-11-25 06:53:20,100 INFO [main] c.e.checkout.OrderService - order created for customer 42 with 3 items, total 129.95 EUR, payment pending, warehouse eu-west-1, carrier standard, estimated delivery in 3 days"#),
    ]
    for (name, line) in lines {
        let bytes = Array(line.utf8)
        Benchmark("Extraction: \(name) (\(bytes.count) bytes)", configuration: .init(scalingFactor: .kilo)) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(bytes.withUnsafeBytes { extractor.extract(line: $0) })
            }
        }
    }
    let regex = TraceContextExtractor(rules: [try! .regex(ExtractionRule.springSleuthPattern)])
    let spring = Array("2026-11-25T06:53:20.100Z  INFO [checkout,5b8efff798038103d269b633813fc60c,eee19b7ec3c1b174] 1 --- [nio-8080-exec-1] c.e.OrderController : order created".utf8)
    Benchmark("Extraction: regex rule (Spring Sleuth)", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(spring.withUnsafeBytes { regex.extract(line: $0) })
        }
    }

    let traceIDs = (0..<1000).map { TraceID(high: UInt64($0) &* 0x9E37_79B9_7F4A_7C15 | 1, low: UInt64($0) + 1)! }
    let logs: [LogEvent] = (0..<1000).map { index in
        LogEvent(
            timeUnixNano: 1_700_000_000_000_000_000 + UInt64(index), observedUnixNano: 1_700_000_000_000_000_000,
            severity: .info, message: "order \(index) created with 3 items, payment pending", service: "checkout",
            traceID: traceIDs[index % 250], spanID: SpanID(UInt64(index) + 1), source: "app-logs",
            location: .file(path: "/var/log/checkout/app.log", offset: UInt64(index) * 300)
        )
    }
    Benchmark("Store insert, 1000 log events joined to 250 traces", configuration: .init(maxDuration: .seconds(3))) { benchmark in
        let store = CorrelationStore()
        for _ in benchmark.scaledIterations { store.insert(logs: logs) }
        blackHole(store)
    }
    let store = CorrelationStore()
    store.insert(logs: logs)
    Benchmark("Store query: one trace with its logs", configuration: .init(scalingFactor: .kilo)) { benchmark in
        for index in benchmark.scaledIterations { blackHole(store.trace(traceIDs[index % 250])) }
    }
}
