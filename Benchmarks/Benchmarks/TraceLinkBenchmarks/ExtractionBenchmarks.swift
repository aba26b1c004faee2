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

/// Extraction as the file source runs it (`extractPlaces`: ids, time and severity parsed, message and service left
/// as places) on 1000 different lines, one per inner iteration, shaped like the shared `lines-side-by-side` load:
/// services, levels, routes, numbers and messages vary from line to line as in an application's log, and a tenth
/// carry no trace context. One line repeated would let the branch predictor learn its shape.
func variedLineExtractionBenchmarks() {
    let extractor = TraceContextExtractor.default
    let lines = VariedJSONLines(count: 1000).lines
    Benchmark("Extraction.Places.1000VariedJSONLines", configuration: .hotPath(scalingFactor: .kilo)) { benchmark in
        for iteration in benchmark.scaledIterations {
            blackHole(lines[iteration % lines.count].withUnsafeBufferPointer { extractor.extractPlaces(line: $0) })
        }
    }
}

/// JSON lines in the shape `shared/bench/gen_jsonl_logs.py` writes, from a fixed seed.
struct VariedJSONLines {
    let lines: [[UInt8]]

    init(count: Int) {
        let services = ["checkout", "frontend", "cart", "payment", "search", "auth", "inventory"]
        let levels = ["info", "info", "info", "info", "info", "info", "info", "debug", "warn", "error"]
        let routes = ["/api/v1/users/", "/api/v1/orders", "/api/v1/orders/", "/healthz", "/api/v2/search", "/login"]
        let methods = ["GET", "GET", "GET", "POST", "PUT", "DELETE"]
        let messages = [
            "request completed", "cache hit for key", "order placed successfully", "user session refreshed",
            "slow query detected", "retrying upstream call attempt=2", "upstream returned 503 Service Unavailable",
        ]
        var state: UInt64 = 0x5EED
        func random() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        func pick(_ options: [String]) -> String { options[Int(random() % UInt64(options.count))] }
        func hex(_ value: UInt64) -> String {
            let text = String(value, radix: 16)
            return String(repeating: "0", count: 16 - text.count) + text
        }
        lines = (0..<count).map { index in
            let route = pick(routes)
            let path = route.hasSuffix("/") ? route + String(random() % 999_999) : route
            let context =
                random() % 10 == 0
                ? "" : #""trace_id":"\#(hex(random()))\#(hex(random()))","span_id":"\#(hex(random()))","#
            let micros = String(100_000 + index * 200 % 900_000)
            let line =
                #"{"time":"2026-11-25T06:10:0\#(index % 10).\#(micros)Z","level":"\#(pick(levels))","#
                + #""service":"\#(pick(services))","host":"node-\#(random() % 32)","logger":"http.server","#
                + #"\#(context)"method":"\#(pick(methods))","path":"\#(path)","status":\#(200 + random() % 4),"#
                + #""duration_ms":\#(random() % 100).\#(random() % 1000),"user_id":"u-\#(random() % 131_072)","#
                + #""msg":"\#(pick(messages))"}"#
            return Array(line.utf8)
        }
    }
}
