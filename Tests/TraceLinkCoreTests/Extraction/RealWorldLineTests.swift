import Testing
import TraceLinkCore

/// Lines as the libraries that write them actually print them.
@Suite("Trace context in real-world lines")
struct RealWorldLineTests {
    static let t = ExtractionFixture.traceHex
    static let s = ExtractionFixture.spanHex

    static let structured: [LineCase] = [
        LineCase(
            name: "OpenTelemetry Python logging instrumentation, default format",
            line: "2024-01-15 10:23:45,123 INFO [checkout.api] [orders.py:42] [trace_id=\(t) span_id=\(s) "
                + "resource.service.name=checkout trace_sampled=True] - processing order 42",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, traceFlags: 1, severity: .info,
            service: "checkout"),
        LineCase(
            name: "OpenTelemetry Python with python-json-logger",
            line: #"{"asctime": "2024-01-15 10:23:45,123", "levelname": "INFO", "name": "checkout.api", "#
                + #""message": "processing order 42", "otelSpanID": "\#(s)", "otelTraceID": "\#(t)", "#
                + #""otelTraceSampled": true, "otelServiceName": "checkout"}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, traceFlags: 1, severity: .info,
            message: "processing order 42", service: "checkout", time: ExtractionFixture.time),
        LineCase(
            name: "ECS Java (ecs-logging-java, dotted keys)",
            line: #"{"@timestamp":"2024-01-15T10:23:45.123Z", "log.level": "INFO", "message":"processing order 42", "#
                + #""ecs.version": "1.2.0","service.name":"checkout","event.dataset":"checkout","#
                + #""process.thread.name":"http-nio-8080-exec-1","log.logger":"com.example.OrderController","#
                + #""trace.id":"\#(t)","transaction.id":"\#(s)"}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .info, message: "processing order 42",
            service: "checkout", time: ExtractionFixture.time),
        LineCase(
            name: "ECS Python (ecs-logging-python, nested objects)",
            line: #"{"@timestamp":"2024-01-15T10:23:45.123Z","log.level":"info","message":"processing order 42","#
                + #""ecs":{"version":"1.6.0"},"log":{"logger":"checkout","origin":{"file":{"line":42,"name":"orders.py"},"#
                + #""function":"create"}},"process":{"name":"MainProcess","pid":1,"thread":{"id":1,"name":"MainThread"}},"#
                + #""service":{"name":"checkout"},"span":{"id":"\#(s)"},"trace":{"id":"\#(t)"},"#
                + #""transaction":{"id":"c7ad6b7169203331"}}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .info, message: "processing order 42",
            service: "checkout", time: ExtractionFixture.time),
        LineCase(
            name: "Datadog Java (logstash encoder with MDC injection)",
            line: #"{"@timestamp":"2024-01-15T10:23:45.123+00:00","@version":"1","message":"processing order 42","#
                + #""logger_name":"com.example.OrderController","thread_name":"http-nio-8080-exec-1","level":"INFO","#
                + #""level_value":20000,"dd.trace_id":"1234567890123456789","dd.span_id":"987654321987654321","#
                + #""dd.service":"checkout","dd.env":"prod","dd.version":"1.2.3"}"#,
            traceID: ExtractionFixture.ddTrace, spanID: ExtractionFixture.ddSpan, severity: .info, message: "processing order 42",
            service: "checkout", time: ExtractionFixture.time),
        LineCase(
            name: "Datadog Node (pino, nested dd object, epoch millis, numeric level)",
            line: #"{"level":30,"time":1705314225123,"pid":7,"hostname":"web-1","dd":{"trace_id":"1234567890123456789","#
                + #""span_id":"987654321987654321","service":"checkout","version":"1.2.3","env":"prod"},"#
                + #""msg":"processing order 42"}"#,
            traceID: ExtractionFixture.ddTrace, spanID: ExtractionFixture.ddSpan, severity: .info, message: "processing order 42",
            service: "checkout", time: ExtractionFixture.time),
        LineCase(
            name: "Datadog Python text injection",
            line: "2024-01-15 10:23:45,123 INFO [checkout.api] [orders.py:42] [dd.service=checkout dd.env=prod "
                + "dd.version=1.2.3 dd.trace_id=1234567890123456789 dd.span_id=987654321987654321] - processing order 42",
            traceID: ExtractionFixture.ddTrace, spanID: ExtractionFixture.ddSpan, severity: .info, service: "checkout"),
        LineCase(
            name: "Datadog 128-bit trace id logging (32 hex in dd.trace_id)",
            line: "INFO [dd.trace_id=65a4f3c200000000\(s) dd.span_id=987654321987654321] done",
            traceID: TraceID(hex: "65a4f3c200000000\(s)"), spanID: ExtractionFixture.ddSpan, severity: .info),
        LineCase(
            name: "OpenTelemetry Java agent, Logback MDC in JSON",
            line: #"{"timestamp":"2024-01-15T10:23:45.123Z","level":"WARN","thread":"main","logger":"com.example.Order","#
                + #""message":"slow query","trace_id":"\#(t)","span_id":"\#(s)","trace_flags":"01"}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, traceFlags: 1, severity: .warn, message: "slow query",
            time: ExtractionFixture.time),
        LineCase(
            name: "Go slog JSON, uppercase ids, zone offset, nanoseconds",
            line: #"{"time":"2024-01-15T11:23:45.123456789+01:00","level":"ERROR","msg":"payment failed","#
                + #""service":"payments","trace_id":"\#(t.uppercased())","span_id":"\#(s.uppercased())"}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .error, message: "payment failed",
            service: "payments", time: 1_705_314_225_123_456_789),
        LineCase(
            name: "zap JSON with epoch seconds",
            line: #"{"level":"info","ts":1705314225.123,"caller":"orders/handler.go:42","msg":"processing order","#
                + #""trace_id":"\#(t)","span_id":"\#(s)"}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .info, message: "processing order",
            time: ExtractionFixture.time),
        LineCase(
            name: "Serilog compact JSON (@tr, @sp)",
            line: #"{"@t":"2024-01-15T10:23:45.1230000Z","@mt":"Processing order {OrderId}","@l":"Warning","#
                + #""@tr":"\#(t)","@sp":"\#(s)","OrderId":42}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .warn, time: ExtractionFixture.time),
        LineCase(
            name: "JSON message with escapes",
            line: #"{"level":"debug","msg":"quote \" tab\t snowman \u2603 pair \ud83d\ude00","trace_id":"\#(t)"}"#,
            traceID: ExtractionFixture.trace, severity: .debug, message: "quote \" tab\t snowman \u{2603} pair \u{1F600}"),
        LineCase(
            name: "logfmt (Grafana style t= lvl=)",
            line: #"t=2024-01-15T10:23:45.123Z lvl=eror msg="payment failed: card declined" logger=payments "#
                + "trace_id=\(t) span_id=\(s)",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .error, message: "payment failed: card declined",
            time: ExtractionFixture.time),
        LineCase(
            name: "logfmt (go-kit style, quoted ids and service)",
            line: #"ts=2024-01-15T10:23:45.123Z level=info caller=main.go:42 msg="order \"42\" placed" "#
                + #"service="checkout" trace_id="\#(t)" span_id="\#(s)" trace_flags=01"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, traceFlags: 1, severity: .info,
            message: #"order "42" placed"#, service: "checkout", time: ExtractionFixture.time),
        LineCase(
            name: "structlog console renderer with key=value pairs",
            line: "2024-01-15T10:23:45.123Z [info     ] processing order    order_id=42 trace_id=\(t) span_id=\(s)",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .info),
    ]

    static let textFormats: [LineCase] = [
        LineCase(
            name: "Spring Cloud Sleuth [service,traceId,spanId,exportable] (regex preset)",
            line: "2019-03-08 12:00:00.000  INFO [checkout,5f2b9f3d8c1a4e6b,5f2b9f3d8c1a4e6b,true] 1234 --- "
                + "[nio-8080-exec-1] c.e.checkout.OrderController             : Processing order 42",
            rules: [try! .regex(ExtractionRule.springSleuthPattern)],
            traceID: TraceID(low64: 0x5f2b_9f3d_8c1a_4e6b), spanID: SpanID(0x5f2b_9f3d_8c1a_4e6b), severity: .info,
            service: "checkout", time: 1_552_046_400_000_000_000),
        LineCase(
            name: "Spring Boot 3.1 Micrometer [service,traceId,spanId] (regex preset)",
            line: "2024-01-15T10:23:45.123Z  INFO [checkout,\(t),\(s)] 12345 --- [nio-8080-exec-1] "
                + "c.e.checkout.OrderController             : Processing order 42",
            rules: [try! .regex(ExtractionRule.springSleuthPattern)],
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .info, service: "checkout", time: ExtractionFixture.time),
        LineCase(
            name: "Spring Boot 3.2+ correlation [traceId-spanId] (default rules)",
            line: "2024-01-15T10:23:45.123Z  INFO 12345 --- [checkout] [nio-8080-exec-1] [\(t)-\(s)] "
                + "c.e.checkout.OrderController : Processing order 42",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .info),
        LineCase(
            name: "regex with a message group",
            line: "checkout|\(t)|\(s)|WARN|disk almost full",
            rules: [
                try! .regex(
                    #"^(?<service>[^|]+)\|(?<trace_id>[0-9a-f]{32})\|(?<span_id>[0-9a-f]{16})\|(?<severity>\w+)\|(?<message>.*)$"#
                )
            ],
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .warn, message: "disk almost full",
            service: "checkout"),
        LineCase(
            name: "nginx access log with $http_traceparent",
            line: #"127.0.0.1 - - [15/Jan/2024:10:23:45 +0000] "GET /api/orders/42 HTTP/1.1" 200 512 "-" "curl/8.5.0" "#
                + #"traceparent="00-\#(t)-\#(s)-01""#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, traceFlags: 1),
        LineCase(
            name: "access log with a bare traceparent value, not sampled",
            line: #"10.1.2.3 "POST /checkout" 500 0.231 "00-\#(t)-\#(s)-00""#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, traceFlags: 0),
        LineCase(
            name: "JSON access log whose only context is a traceparent field",
            line: #"{"remote_addr":"10.1.2.3","request":"GET / HTTP/1.1","status":200,"traceparent":"00-\#(t)-\#(s)-01"}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, traceFlags: 1),
        LineCase(
            name: "Envoy access log with B3 multi headers (128-bit)",
            line: #"[2024-01-15T10:23:45.123Z] "GET /api/orders HTTP/1.1" 200 - 0 512 3 2 "-" "curl/8.5.0" "#
                + "x-b3-traceid=80f198ee56343ba864fe8b2a57d3eff7 x-b3-spanid=e457b5a2e4d86bd1 x-b3-sampled=1",
            traceID: TraceID(hex: "80f198ee56343ba864fe8b2a57d3eff7"), spanID: SpanID(hex: "e457b5a2e4d86bd1"),
            traceFlags: 1),
        LineCase(
            name: "B3 multi headers dumped by a Java client (64-bit)",
            line: "headers: {X-B3-TraceId: 463ac35c9f6413ad, X-B3-ParentSpanId: 0020000000000001, "
                + "X-B3-SpanId: a2fb4a1d1a96d312, X-B3-Sampled: 1}",
            traceID: TraceID(low64: 0x463a_c35c_9f64_13ad), spanID: SpanID(0xa2fb_4a1d_1a96_d312), traceFlags: 1),
        LineCase(
            name: "B3 single header, 128-bit, with sampled and parent",
            line: "request headers b3: 80f198ee56343ba864fe8b2a57d3eff7-e457b5a2e4d86bd1-1-05e3ac9a4f6e3b90",
            traceID: TraceID(hex: "80f198ee56343ba864fe8b2a57d3eff7"), spanID: SpanID(hex: "e457b5a2e4d86bd1"),
            traceFlags: 1),
        LineCase(
            name: "B3 single header, 64-bit, debug",
            line: "b3=80f198ee56343ba8-e457b5a2e4d86bd1-d upstream=orders",
            traceID: TraceID(low64: 0x80f1_98ee_5634_3ba8), spanID: SpanID(hex: "e457b5a2e4d86bd1"), traceFlags: 1),
        LineCase(
            name: "Jaeger uber-trace-id, short hex left-padded",
            line: "incoming request uber-trace-id: 3ee80ebf2b1e2a3:3ee80ebf2b1e2a3:0:1 path=/orders",
            traceID: TraceID(low64: 0x03ee_80eb_f2b1_e2a3), spanID: SpanID(0x03ee_80eb_f2b1_e2a3), traceFlags: 1),
        LineCase(
            name: "Jaeger uber-trace-id, 128-bit, URL-encoded, in a JSON header map",
            line: #"{"headers":{"uber-trace-id":"5b8aa5a2d2c872e8321cf37308d69df2%3A051581bf3cb55c13%3A0%3A3"}}"#,
            traceID: TraceID(hex: "5b8aa5a2d2c872e8321cf37308d69df2"), spanID: SpanID(hex: "051581bf3cb55c13"),
            traceFlags: 1),
        LineCase(
            name: "AWS X-Ray header with parent and sampled",
            line: "X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
            traceID: TraceID(hex: "5759e988bd862e3fe1be46a994272793"), spanID: SpanID(hex: "53995c3f42cd8ad8"),
            traceFlags: 1),
        LineCase(
            name: "AWS ALB access log (X-Ray root only)",
            line: #"http 2024-01-15T10:23:45.123456Z app/my-lb/50dc6c495c0c9188 192.168.131.39:2817 10.0.0.1:80 "#
                + #"0.000 0.001 0.000 200 200 34 366 "GET http://www.example.com:80/ HTTP/1.1" "curl/7.46.0" - - "#
                + #"arn:aws:elasticloadbalancing:us-east-2:123456789012:targetgroup/my-targets/73e2d6bc24d8a067 "#
                + #""Root=1-58337262-36d228ad5d99923122bbe354" "-" "-" 0 2024-01-15T10:23:45.123000Z "forward""#,
            traceID: TraceID(hex: "5833726236d228ad5d99923122bbe354")),
        LineCase(
            name: "RFC 5424 structured data, local4.notice (headers rule alone)",
            line: #"<165>1 2024-01-15T10:23:45.123Z web-1 checkout 1234 ID47 [exampleSDID@32473 iut="3"]"#
                + #"[opentelemetry trace_id="\#(t)" span_id="\#(s)" trace_flags="01"] processing order 42"#,
            rules: [.headers([.rfc5424])],
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, traceFlags: 1,
            severity: Severity(number: 10)),
        LineCase(
            name: "RFC 5424 structured data (default rules)",
            line: #"<165>1 2024-01-15T10:23:45.123Z web-1 checkout 1234 ID47 "#
                + #"[opentelemetry trace_id="\#(t)" span_id="\#(s)" trace_flags="01"] processing order 42"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, traceFlags: 1,
            severity: Severity(number: 10)),
    ]

    /// The real-world formats above that carry a level, each as its library prints an error with trace
    /// context. Every one must yield its ids and the ERROR range (17–20).
    static let errorLines: [LineCase] = [
        LineCase(
            name: "OpenTelemetry Python logging instrumentation, default format",
            line: "2024-01-15 10:23:45,123 ERROR [checkout.api] [orders.py:42] [trace_id=\(t) span_id=\(s) "
                + "resource.service.name=checkout trace_sampled=True] - payment failed",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span),
        LineCase(
            name: "OpenTelemetry Python with python-json-logger",
            line: #"{"asctime": "2024-01-15 10:23:45,123", "levelname": "ERROR", "name": "checkout.api", "#
                + #""message": "payment failed", "otelSpanID": "\#(s)", "otelTraceID": "\#(t)", "#
                + #""otelTraceSampled": true, "otelServiceName": "checkout"}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span),
        LineCase(
            name: "ECS Java",
            line: #"{"@timestamp":"2024-01-15T10:23:45.123Z", "log.level":"ERROR", "message":"payment failed", "#
                + #""service.name":"checkout","trace.id":"\#(t)","transaction.id":"\#(s)"}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span),
        LineCase(
            name: "ECS Python",
            line: #"{"@timestamp":"2024-01-15T10:23:45.123Z","log.level":"error","message":"payment failed","#
                + #""service":{"name":"checkout"},"span":{"id":"\#(s)"},"trace":{"id":"\#(t)"}}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span),
        LineCase(
            name: "Datadog Java (logstash encoder)",
            line: #"{"@timestamp":"2024-01-15T10:23:45.123+00:00","message":"payment failed","level":"ERROR","#
                + #""level_value":40000,"dd.trace_id":"1234567890123456789","dd.span_id":"987654321987654321"}"#,
            traceID: ExtractionFixture.ddTrace, spanID: ExtractionFixture.ddSpan),
        LineCase(
            name: "Datadog Node (pino, numeric level)",
            line: #"{"level":50,"time":1705314225123,"dd":{"trace_id":"1234567890123456789","#
                + #""span_id":"987654321987654321","service":"checkout"},"msg":"payment failed"}"#,
            traceID: ExtractionFixture.ddTrace, spanID: ExtractionFixture.ddSpan),
        LineCase(
            name: "Datadog Python text injection",
            line: "2024-01-15 10:23:45,123 ERROR [checkout.api] [orders.py:42] [dd.service=checkout dd.env=prod "
                + "dd.version=1.2.3 dd.trace_id=1234567890123456789 dd.span_id=987654321987654321] - payment failed",
            traceID: ExtractionFixture.ddTrace, spanID: ExtractionFixture.ddSpan),
        LineCase(
            name: "OpenTelemetry Java agent, Logback MDC in JSON",
            line: #"{"timestamp":"2024-01-15T10:23:45.123Z","level":"ERROR","thread":"main","#
                + #""message":"payment failed","trace_id":"\#(t)","span_id":"\#(s)","trace_flags":"01"}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span),
        LineCase(
            name: "Go slog JSON",
            line: #"{"time":"2024-01-15T11:23:45.123456789+01:00","level":"ERROR","msg":"payment failed","#
                + #""trace_id":"\#(t)","span_id":"\#(s)"}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span),
        LineCase(
            name: "zap JSON",
            line: #"{"level":"error","ts":1705314225.123,"caller":"orders/handler.go:42","msg":"payment failed","#
                + #""trace_id":"\#(t)","span_id":"\#(s)"}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span),
        LineCase(
            name: "Serilog compact JSON",
            line: #"{"@t":"2024-01-15T10:23:45.1230000Z","@mt":"Payment failed","@l":"Error","#
                + #""@tr":"\#(t)","@sp":"\#(s)"}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span),
        LineCase(
            name: "logfmt (Grafana style lvl=eror)",
            line: #"t=2024-01-15T10:23:45.123Z lvl=eror msg="payment failed" logger=payments "#
                + "trace_id=\(t) span_id=\(s)",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span),
        LineCase(
            name: "logfmt (go-kit style)",
            line: #"ts=2024-01-15T10:23:45.123Z level=error caller=main.go:42 msg="payment failed" "#
                + #"trace_id="\#(t)" span_id="\#(s)""#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span),
        LineCase(
            name: "structlog console renderer",
            line: "2024-01-15T10:23:45.123Z [error    ] payment failed      order_id=42 trace_id=\(t) span_id=\(s)",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span),
        LineCase(
            name: "Spring Boot 3.2+ correlation (default rules)",
            line: "2024-01-15T10:23:45.123Z ERROR 12345 --- [checkout] [nio-8080-exec-1] [\(t)-\(s)] "
                + "c.e.checkout.OrderController : Payment failed",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span),
        LineCase(
            name: "Spring Cloud Sleuth (regex preset)",
            line: "2019-03-08 12:00:00.000 ERROR [checkout,5f2b9f3d8c1a4e6b,5f2b9f3d8c1a4e6b,true] 1234 --- "
                + "[nio-8080-exec-1] c.e.checkout.OrderController             : Payment failed",
            rules: [try! .regex(ExtractionRule.springSleuthPattern)],
            traceID: TraceID(low64: 0x5f2b_9f3d_8c1a_4e6b), spanID: SpanID(0x5f2b_9f3d_8c1a_4e6b)),
        LineCase(
            name: "Spring Boot 3.1 Micrometer (regex preset)",
            line: "2024-01-15T10:23:45.123Z ERROR [checkout,\(t),\(s)] 12345 --- [nio-8080-exec-1] "
                + "c.e.checkout.OrderController             : Payment failed",
            rules: [try! .regex(ExtractionRule.springSleuthPattern)],
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span),
        LineCase(
            name: "RFC 5424 with structured data (local4.err)",
            line: #"<163>1 2024-01-15T10:23:45.123Z web-1 checkout 1234 ID47 "#
                + #"[opentelemetry trace_id="\#(t)" span_id="\#(s)" trace_flags="01"] payment failed"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span),
    ]

    @Test("structured lines", arguments: structured)
    func structuredLine(_ testCase: LineCase) {
        let extractor = TraceContextExtractor(rules: testCase.rules)
        #expect(extractor.extract(line: testCase.line) == testCase.expected)
    }

    @Test("text and header-shaped lines", arguments: textFormats)
    func textLine(_ testCase: LineCase) {
        let extractor = TraceContextExtractor(rules: testCase.rules)
        #expect(extractor.extract(line: testCase.line) == testCase.expected)
    }

    @Test("error lines yield their ids and ERROR", arguments: errorLines)
    func errorLine(_ testCase: LineCase) {
        let record = TraceContextExtractor(rules: testCase.rules).extract(line: testCase.line)
        #expect(record.traceID == testCase.traceID)
        #expect(record.spanID == testCase.spanID)
        #expect(record.severity?.text == "ERROR", "severity \(String(describing: record.severity))")
    }

    @Test("every error line that carries a level is classified ERROR")
    func errorLineCount() {
        let missed = Self.errorLines.filter {
            TraceContextExtractor(rules: $0.rules).extract(line: $0.line).severity?.text != "ERROR"
        }
        let classified = Self.errorLines.count - missed.count
        #expect(missed.map(\.name) == [], "\(classified) of \(Self.errorLines.count) classified")
    }

    @Test("64-bit ids carry only the low half")
    func low64() throws {
        let record = TraceContextExtractor.default.extract(line: "dd.trace_id=1234567890123456789 dd.span_id=1")
        let traceID = try #require(record.traceID)
        #expect(traceID.isLow64Only)
        #expect(traceID.low == 1_234_567_890_123_456_789)
        #expect(record.spanID == SpanID(1))
    }
}
