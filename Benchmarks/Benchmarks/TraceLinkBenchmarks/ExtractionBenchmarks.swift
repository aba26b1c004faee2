import Benchmark
import TraceLinkCore

/// Trace-context extraction per log line, in the formats services write (1000 lines per measured iteration).
func extractionBenchmarks() {
    let extractor = TraceContextExtractor.default
    let lines: [(String, String)] = [
        (
            "JSONIDsNearStart",
            #"{"trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174","level":"info","msg":"order created for customer 42 with 3 items, total 129.95 EUR, payment pending","service":"checkout","ts":"2026-11-25T06:53:20.100Z","http.route":"/api/orders","user_agent":"Mozilla/5.0 (X11; Linux x86_64)"}"#
        ),
        (
            "JSONIDsAtEnd",
            #"{"level":"info","msg":"order created for customer 42 with 3 items, total 129.95 EUR, payment pending","service":"checkout","ts":"2026-11-25T06:53:20.100Z","http.route":"/api/orders","user_agent":"Mozilla/5.0 (X11; Linux x86_64)","trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174"}"#
        ),
        (
            "JSONNestedTraceObject",
            #"{"ts":"2026-11-25T06:53:20.100Z","level":"warn","message":"payment retry scheduled","trace":{"id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174"},"service":{"name":"payments"},"attempt":2}"#
        ),
        (
            "Logfmt",
            #"ts=2026-11-25T06:53:20.100Z level=info service=checkout msg="order created for customer 42 with 3 items, total 129.95 EUR" trace_id=5b8efff798038103d269b633813fc60c span_id=eee19b7ec3c1b174 route=/api/orders"#
        ),
        (
            "TraceparentInPlainText",
            #"2026-11-25 06:53:20,100 INFO [http-nio-8080-exec-3] c.e.checkout.OrderController - POST /api/orders traceparent=00-5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174-01 took 42 ms"#
        ),
        (
            "NoTraceContext",
            #"2026-11-25 06:53:20,100 INFO [main] c.e.checkout.OrderService - order created for customer 42 with 3 items, total 129.95 EUR, payment pending, warehouse eu-west-1, carrier standard, estimated delivery in 3 days"#
        ),
    ]
    for (name, line) in lines {
        let bytes = Array(line.utf8)
        // Measure the path each line is meant to take: the ids found, or rightly none.
        let found = bytes.withUnsafeBytes { extractor.extract(line: $0) }.traceID != nil
        precondition(found == (name != "NoTraceContext"), "extraction of \(name) found trace id: \(found)")
        Benchmark("Extraction.\(name).\(bytes.count)B", configuration: .hotPath(scalingFactor: .kilo)) { benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(bytes.withUnsafeBytes { extractor.extract(line: $0) })
            }
        }
    }

    let regex = TraceContextExtractor(rules: [try! .regex(ExtractionRule.springSleuthPattern)])
    let spring = Array(
        "2026-11-25T06:53:20.100Z  INFO [checkout,5b8efff798038103d269b633813fc60c,eee19b7ec3c1b174] 1 --- [nio-8080-exec-1] c.e.OrderController : order created"
            .utf8)
    precondition(spring.withUnsafeBytes { regex.extract(line: $0) }.traceID != nil, "regex rule found no trace id")
    Benchmark("Extraction.RegexRuleSpringSleuth.\(spring.count)B", configuration: .hotPath(scalingFactor: .kilo)) {
        benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(spring.withUnsafeBytes { regex.extract(line: $0) })
        }
    }
}

/// What keeping a JSON line's fields costs on intake: keeping the line as read (what the file source does, the
/// fields parsed when a query asks) against parsing every field into typed attributes as each line arrives.
func logFieldBenchmarks() {
    let line = Array(
        #"{"trace_id":"5b8efff798038103d269b633813fc60c","span_id":"eee19b7ec3c1b174","level":"info","msg":"order created for customer 42 with 3 items, total 129.95 EUR, payment pending","service":"checkout","ts":"2026-11-25T06:53:20.100Z","http.route":"/api/orders","user_agent":"Mozilla/5.0 (X11; Linux x86_64)"}"#
            .utf8)
    precondition(LogRecordFields.parse(String(decoding: line, as: UTF8.self)).count == 8, "the line has 8 fields")
    Benchmark("LogFields.KeepRecord.\(line.count)B", configuration: .hotPath(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(line.withUnsafeBytes { String(validating: $0, as: UTF8.self) })
        }
    }
    Benchmark("LogFields.ParseOnIntake.\(line.count)B", configuration: .hotPath(scalingFactor: .kilo)) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(LogRecordFields.parse(String(decoding: line, as: UTF8.self)))
        }
    }
}
