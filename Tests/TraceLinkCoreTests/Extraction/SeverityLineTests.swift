import Testing
import TraceLinkCore

/// The level of a line, found where each logger writes it; and not found in what its message says.
@Suite("Severity where loggers write it")
struct SeverityLineTests {
    static let t = ExtractionFixture.traceHex
    static let s = ExtractionFixture.spanHex
    static let crit = Severity(number: 18)
    static let alert = Severity(number: 19)
    static let notice = Severity(number: 10)

    /// Text formats' level words, as the libraries print them; `severity`, `traceID` and `spanID` are checked.
    static let textFormats: [LineCase] = [
        // Python logging
        LineCase(name: "Python logging default (basicConfig)", line: "ERROR:root:payment failed", severity: .error),
        LineCase(
            name: "Python logging default, named logger", line: "WARNING:checkout.api:slow response from payments",
            severity: .warn),
        LineCase(name: "Python logging CRITICAL", line: "CRITICAL:root:database unreachable", severity: .fatal),
        LineCase(
            name: "Python logging with asctime and name",
            line: "2024-01-15 10:23:45,123 ERROR [checkout.api] payment failed", severity: .error),
        LineCase(
            name: "Python logging cookbook format (name before level)",
            line: "2024-01-15 10:23:45,123 - checkout.api - ERROR - payment failed", severity: .error),
        LineCase(
            name: "OpenTelemetry Python logging instrumentation, ERROR",
            line: "2024-01-15 10:23:45,123 ERROR [checkout.api] [orders.py:42] [trace_id=\(t) span_id=\(s) "
                + "resource.service.name=checkout trace_sampled=True] - payment failed",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .error),
        LineCase(
            name: "OpenTelemetry Python logging instrumentation, WARNING",
            line: "2024-01-15 10:23:45,123 WARNING [checkout.api] [orders.py:42] [trace_id=\(t) span_id=\(s) "
                + "resource.service.name=checkout trace_sampled=True] - retrying payment",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .warn),
        LineCase(
            name: "OpenTelemetry Python logging instrumentation, no active span",
            line: "2024-01-15 10:23:45,123 INFO [checkout.api] [app.py:12] [trace_id=0 span_id=0 "
                + "resource.service.name=checkout trace_sampled=False] - started",
            severity: .info),
        // Logback, Log4j, Spring Boot
        LineCase(
            name: "Spring Boot 3",
            line: "2024-01-15T10:23:45.123Z ERROR 12345 --- [main] c.e.checkout.OrderController : Payment failed",
            severity: .error),
        LineCase(
            name: "Spring Boot 2 (padded level, padded thread)",
            line:
                "2024-01-15 10:23:45.123  WARN 12345 --- [           main] o.s.b.w.e.tomcat.TomcatWebServer  : Slow start",
            severity: .warn),
        LineCase(
            name: "Spring Boot 3.4 with application name and correlation",
            line: "2024-01-15T10:23:45.123Z ERROR 12345 --- [checkout] [nio-8080-exec-1] [\(t)-\(s)] "
                + "c.e.checkout.OrderController : Payment failed",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .error),
        LineCase(
            name: "Logback default pattern",
            line: "10:23:45.123 [main] ERROR com.example.Foo - Payment failed", severity: .error),
        LineCase(
            name: "Logback with the OpenTelemetry MDC keys",
            line: "10:23:45.123 [http-nio-8080-exec-1] ERROR c.e.checkout.OrderController - Payment failed "
                + "trace_id=\(t) span_id=\(s) trace_flags=01",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .error),
        LineCase(
            name: "Logback DEBUG", line: "10:23:45.123 [main] DEBUG com.example.Foo - cache warm", severity: .debug),
        LineCase(
            name: "Log4j 2 TRACE",
            line: "2024-01-15 10:23:45,123 [main] TRACE com.example.Foo - entering pay()", severity: .trace),
        // glog and klog
        LineCase(
            name: "glog E", line: "E0115 10:23:45.123456   12345 handler.go:42] payment failed", severity: .error),
        LineCase(
            name: "glog I", line: "I0115 10:23:45.123456   12345 server.go:88] serving on :8080", severity: .info),
        LineCase(
            name: "glog W", line: "W0115 10:23:45.123456   12345 cache.go:17] cache miss rate high", severity: .warn),
        LineCase(name: "glog F", line: "F0115 10:23:45.123456   12345 main.go:12] cannot start", severity: .fatal),
        LineCase(
            name: "klog structured, with trace context",
            line: #"E0115 10:23:45.123456   12345 handler.go:42] "Payment failed" err="card declined" "#
                + #"trace_id="\#(t)" span_id="\#(s)""#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .error),
        // PHP
        LineCase(name: "bracketed time, LEVEL:", line: "[2024-01-15 10:23:45] ERROR: payment failed", severity: .error),
        LineCase(
            name: "Laravel / Monolog",
            line: #"[2024-01-15 10:23:45] production.ERROR: Payment failed {"exception":"[object] "#
                + #"(RuntimeException(code: 0): card declined at /app/Orders.php:42)"} []"#,
            severity: .error),
        LineCase(
            name: "Laravel WARNING", line: #"[2024-01-15 10:23:45] local.WARNING: Slow query {"ms":1200} []"#,
            severity: .warn),
        LineCase(
            name: "Monolog CRITICAL, ISO time",
            line: "[2024-01-15T10:23:45.123456+00:00] app.CRITICAL: Database down [] []", severity: .fatal),
        // Go
        LineCase(
            name: "slog text handler",
            line: #"time=2024-01-15T10:23:45.123Z level=ERROR msg="payment failed" trace_id=\#(t) span_id=\#(s)"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .error),
        LineCase(
            name: "slog default handler (through log)",
            line: "2024/01/15 10:23:45 ERROR payment failed trace_id=\(t) span_id=\(s)",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .error),
        LineCase(
            name: "slog default handler INFO", line: "2024/01/15 10:23:45 INFO order placed id=42", severity: .info),
        LineCase(
            name: "zerolog console writer",
            line: "10:23AM ERR payment failed span_id=\(s) trace_id=\(t)",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .error),
        LineCase(
            name: "logrus text on a terminal",
            line: "ERRO[0000] payment failed                                order=42",
            severity: .error),
        LineCase(
            name: "zap console encoder (lowercase, tab-separated)",
            line: "2024-01-15T10:23:45.123Z\terror\torders/handler.go:42\tpayment failed\t{\"order\": 42}",
            severity: .error),
        // Ruby
        LineCase(
            name: "Rails / Ruby Logger ERROR",
            line: "E, [2024-01-15T10:23:45.123456 #123] ERROR -- : payment failed", severity: .error),
        LineCase(
            name: "Rails / Ruby Logger INFO with request id",
            line: #"I, [2024-01-15T10:23:45.123456 #123]  INFO -- : [3f2b9f3d-8c1a-4e6b-9d0c-1a2b3c4d5e6f] "#
                + #"Started GET "/orders" for 10.0.0.1"#,
            severity: .info),
        LineCase(
            name: "Rails / Ruby Logger FATAL", line: "F, [2024-01-15T10:23:45.123456 #123] FATAL -- : boom",
            severity: .fatal),
        // nginx error log
        LineCase(
            name: "nginx [error]",
            line: "2024/01/15 10:23:45 [error] 123#0: *1 connect() failed (111: Connection refused) while connecting "
                + #"to upstream, client: 10.0.0.1, server: _, request: "GET /api HTTP/1.1""#,
            severity: .error),
        LineCase(
            name: "nginx [warn]", line: "2024/01/15 10:23:45 [warn] 123#0: *1 an upstream response is buffered",
            severity: .warn),
        LineCase(
            name: "nginx [crit]", line: "2024/01/15 10:23:45 [crit] 123#0: *1 open() failed (13: Permission denied)",
            severity: crit),
        LineCase(name: "nginx [emerg]", line: "2024/01/15 10:23:45 [emerg] 1#1: bind() failed", severity: .fatal),
        LineCase(name: "nginx [alert]", line: "2024/01/15 10:23:45 [alert] 1#1: worker exited", severity: alert),
        LineCase(
            name: "nginx [notice]", line: "2024/01/15 10:23:45 [notice] 1#1: signal process started", severity: notice),
        // Bracketed levels
        LineCase(name: "[ERROR] first", line: "[ERROR] payment failed", severity: .error),
        LineCase(name: "<ERROR> first", line: "<ERROR> payment failed", severity: .error),
        LineCase(
            name: "CoreDNS [INFO]", line: "[INFO] 10.0.0.1:52311 - 1234 \"A IN example.com. udp\" NOERROR",
            severity: .info),
        LineCase(
            name: "log4js", line: "[2024-01-15T10:23:45.123] [ERROR] default - payment failed", severity: .error),
        LineCase(name: "Elixir Logger", line: "10:23:45.123 [error] Payment failed", severity: .error),
        LineCase(
            name: "Envoy (adjacent groups)",
            line:
                "[2024-01-15 10:23:45.123][12][warning][upstream] [source/common/upstream/cluster_manager_impl.cc:1234] "
                + "cluster unavailable",
            severity: .warn),
        LineCase(
            name: "Elasticsearch",
            line: "[2024-01-15T10:23:45,123][ERROR][o.e.b.Bootstrap] [node-1] node validation exception",
            severity: .error),
        LineCase(
            name: "Apache error log [module:level]",
            line: "[Mon Jan 15 10:23:45.123456 2024] [proxy:error] [pid 1234:tid 5678] (111)Connection refused: "
                + "AH00957: failed to make connection",
            severity: .error),
        LineCase(
            name: "Rust env_logger", line: "[2024-01-15T10:23:45Z ERROR checkout::orders] payment failed",
            severity: .error),
        LineCase(name: "Serilog console", line: "[10:23:45 ERR] Payment failed", severity: .error),
        LineCase(
            name: "structlog console renderer", line: "2024-01-15T10:23:45.123Z [warning  ] slow", severity: .warn),
        LineCase(
            name: "MySQL", line: "2024-01-15T10:23:45.123456Z 0 [ERROR] [MY-010119] [Server] Aborting", severity: .error
        ),
        // Others
        LineCase(
            name: "Rust tracing-subscriber",
            line: "2024-01-15T10:23:45.123456Z ERROR checkout::orders: payment failed trace_id=\(t) span_id=\(s)",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .error),
        LineCase(
            name: "Rust tracing-subscriber with ANSI colours",
            line: "\u{1B}[2m2024-01-15T10:23:45.123456Z\u{1B}[0m \u{1B}[31mERROR\u{1B}[0m "
                + "\u{1B}[2mcheckout::orders\u{1B}[0m\u{1B}[2m:\u{1B}[0m payment failed",
            severity: .error),
        LineCase(name: ".NET console fail:", line: "fail: Checkout.OrderController[0]", severity: .error),
        LineCase(name: ".NET console info:", line: "info: Microsoft.Hosting.Lifetime[14]", severity: .info),
        LineCase(
            name: "loguru", line: "2024-01-15 10:23:45.123 | ERROR    | orders:pay:42 - payment failed",
            severity: .error),
        LineCase(
            name: "PostgreSQL",
            line: #"2024-01-15 10:23:45.123 UTC [1234] ERROR:  relation "orders" does not exist at character 15"#,
            severity: .error),
        LineCase(
            name: "Tomcat (java.util.logging one line)",
            line:
                "15-Jan-2024 10:23:45.123 SEVERE [main] org.apache.catalina.startup.Catalina.start Server startup failed",
            severity: .error),
        LineCase(name: "java.util.logging second line", line: "SEVERE: Payment failed", severity: .error),
        LineCase(name: "pino-pretty", line: "[10:23:45.123] ERROR (1234): payment failed", severity: .error),
        LineCase(
            name: "Node uncaught error", line: "Error: ENOENT: no such file or directory, open 'config.json'",
            severity: .error),
        LineCase(
            name: "syslog file without PRI",
            line: "Jan 15 10:23:45 web-1 checkout[1234]: ERROR payment failed", severity: .error),
        LineCase(
            name: "container runtime (CRI) prefix",
            line: "2024-01-15T10:23:45.123456789Z stderr F 2024-01-15 10:23:45,123 ERROR [checkout.api] payment failed",
            severity: .error),
        LineCase(
            name: "docker compose prefix",
            line: "checkout-1  | 2024-01-15 10:23:45,123 WARNING [checkout.api] slow", severity: .warn),
    ]

    /// Syslog `<PRI>`: the severity is PRI % 8; a level word in the message wins, as do a rule's keys.
    static let syslog: [LineCase] = [
        LineCase(
            name: "RFC 3164", line: "<11>Jan 15 10:23:45 web-1 checkout[1234]: payment failed", severity: .error),
        LineCase(
            name: "RFC 5424 with trace context in structured data",
            line: #"<163>1 2024-01-15T10:23:45.123Z web-1 checkout 1234 ID47 "#
                + #"[opentelemetry trace_id="\#(t)" span_id="\#(s)" trace_flags="01"] payment failed"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .error),
        LineCase(
            name: "RFC 5424 without structured data, message mentions error",
            line: "<134>1 2024-01-15T10:23:45.123Z web-1 checkout 1234 - - payment failed: card declined error",
            severity: .info),
        LineCase(
            name: "RFC 5424, the message's level word wins",
            line: "<14>1 2024-01-15T10:23:45.123Z web-1 checkout 1234 - - ERROR payment failed", severity: .error),
        LineCase(
            name: "RFC 5424, a `]` inside a quoted structured-data value",
            line: #"<14>1 2024-01-15T10:23:45.123Z web-1 checkout 1234 - [meta note="a]b"] WARN disk almost full"#,
            severity: .warn),
        LineCase(
            name: "RFC 5424 with a byte order mark",
            line: "<11>1 2024-01-15T10:23:45.123Z web-1 checkout 1234 - - \u{FEFF}payment failed", severity: .error),
        LineCase(
            name: "RFC 5424, logfmt message: its level key wins over PRI",
            line: #"<14>1 2024-01-15T10:23:45.123Z web-1 checkout 1234 - - level=error msg="payment failed""#,
            severity: .error),
        LineCase(
            name: "RFC 3164, the message's level word wins",
            line: "<14>Jan 15 10:23:45 web-1 checkout[1234]: WARN disk almost full", severity: .warn),
        LineCase(name: "sd-daemon / kernel prefix", line: "<3>payment failed", severity: .error),
    ]

    /// JSON level keys.
    static let json: [LineCase] = [
        LineCase(name: "level", line: #"{"level":"error","msg":"payment failed"}"#, severity: .error),
        LineCase(name: "severity (Google Cloud)", line: #"{"severity":"ERROR","message":"x"}"#, severity: .error),
        LineCase(name: "levelname (Python)", line: #"{"levelname":"CRITICAL","message":"x"}"#, severity: .fatal),
        LineCase(name: "log.level (ECS)", line: #"{"log.level":"warn","message":"x"}"#, severity: .warn),
        LineCase(
            name: "nested log.level", line: #"{"log":{"logger":"checkout","level":"error"},"message":"x"}"#,
            severity: .error),
        LineCase(
            name: "@l (Serilog compact)", line: #"{"@t":"2024-01-15T10:23:45.123Z","@mt":"x","@l":"Fatal"}"#,
            severity: .fatal),
        LineCase(
            name: "absent @l is not inferred",
            line: #"{"@t":"2024-01-15T10:23:45.123Z","@mt":"Order {Id} placed","Id":42}"#),
        LineCase(name: "lvl", line: #"{"lvl":"eror","msg":"x"}"#, severity: .error),
        LineCase(name: "loglevel", line: #"{"loglevel":"DEBUG","msg":"x"}"#, severity: .debug),
        LineCase(name: "LogLevel", line: #"{"LogLevel":"Warning","Message":"x"}"#, severity: .warn),
        LineCase(name: "severity_text", line: #"{"severity_text":"ERROR","body":"x"}"#, severity: .error),
        LineCase(
            name: "Datadog status, with Datadog ids",
            line: #"{"status":"error","message":"payment failed","dd":{"trace_id":"1234567890123456789","#
                + #""span_id":"987654321987654321"}}"#,
            traceID: ExtractionFixture.ddTrace, spanID: ExtractionFixture.ddSpan, severity: .error),
        LineCase(name: "Datadog status warn", line: #"{"status":"warn","message":"x"}"#, severity: .warn),
        LineCase(name: "Datadog status emergency", line: #"{"status":"emergency","message":"x"}"#, severity: .fatal),
        LineCase(name: "level beats status in any order", line: #"{"status":"error","level":"info"}"#, severity: .info),
        LineCase(name: "level with an HTTP status", line: #"{"level":"warn","status":503}"#, severity: .warn),
        LineCase(name: "pino 10", line: #"{"level":10,"msg":"x"}"#, severity: .trace),
        LineCase(name: "pino 20", line: #"{"level":20,"msg":"x"}"#, severity: .debug),
        LineCase(name: "pino 30", line: #"{"level":30,"msg":"x"}"#, severity: .info),
        LineCase(name: "pino 40", line: #"{"level":40,"msg":"x"}"#, severity: .warn),
        LineCase(
            name: "bunyan 50 with trace context",
            line: #"{"name":"checkout","hostname":"web-1","pid":7,"level":50,"msg":"payment failed","#
                + #""trace_id":"\#(t)","span_id":"\#(s)","time":"2024-01-15T10:23:45.123Z","v":0}"#,
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .error),
        LineCase(name: "pino 60", line: #"{"level":60,"msg":"x"}"#, severity: .fatal),
    ]

    /// Lines whose message mentions a level: the written level stays, or there is none.
    static let negatives: [LineCase] = [
        LineCase(
            name: "INFO line whose message says error",
            line: "2024-01-15 10:23:45,123 INFO [checkout.api] payment error: retrying", severity: .info),
        LineCase(
            name: "INFO line whose message says ERROR",
            line: "10:23:45.123 [main] INFO c.e.Foo - ERROR count: 0", severity: .info),
        LineCase(
            name: "JSON info, message says error", line: #"{"level":"info","msg":"error while retrying"}"#,
            severity: .info),
        LineCase(
            name: "logfmt info, message says ERROR", line: #"level=info msg="ERROR in payment provider""#,
            severity: .info),
        LineCase(
            name: "OTel Python INFO, trace context after",
            line: "2024-01-15 10:23:45,123 INFO [a] [a.py:1] [trace_id=\(t) span_id=\(s)] - error 0",
            traceID: ExtractionFixture.trace, spanID: ExtractionFixture.span, severity: .info),
        LineCase(name: "a path", line: "GET /error 200"),
        LineCase(
            name: "an access log",
            line: #"127.0.0.1 - - [15/Jan/2024:10:23:45 +0000] "GET /api/error HTTP/1.1" 500 12 "-" "curl/8.5.0""#),
        LineCase(name: "an email address", line: "sent receipt to info@example.com"),
        LineCase(name: "an email address first", line: "info@example.com bounced"),
        LineCase(name: "error: after a word", line: "Payment error: card declined"),
        LineCase(name: "error at the end", line: "payment failed with error"),
        LineCase(name: "a capitalised word is not a level", line: "Error connecting to database"),
        LineCase(name: "Alert as a word", line: "Alert sent to on-call"),
        LineCase(name: "uppercase word after three words", line: "2024-01-15 10:23:45 Retrying after upstream ERROR"),
        LineCase(name: "CRI F tag is not FATAL", line: "2024-01-15T10:23:45.123456789Z stdout F GET /health 200"),
        LineCase(name: "not a glog date", line: "W1399 10:23:45 disk"),
        LineCase(name: "a longer word in brackets", line: "<ERRORS> found"),
        LineCase(name: "a bracketed phrase", line: "[error handling] retried"),
        LineCase(name: "lowercase bare word", line: "info"),
        LineCase(name: "a level after the window", line: String(repeating: "1234 ", count: 25) + "ERROR late"),
        LineCase(name: "HTTP status in status", line: #"{"status":200,"msg":"ok"}"#),
        LineCase(name: "status ok", line: #"{"status":"ok"}"#),
        LineCase(name: "status as text number", line: #"{"status":"500"}"#),
        LineCase(name: "status one letter", line: #"{"status":"E"}"#),
        LineCase(name: "status fail", line: #"{"status":"fail"}"#),
        LineCase(name: "logfmt HTTP status", line: "method=GET path=/error status=500"),
    ]

    static func check(_ testCase: LineCase) {
        let record = TraceContextExtractor(rules: testCase.rules).extract(line: testCase.line)
        #expect(record.severity == testCase.severity, "\(testCase.line)")
        #expect(record.traceID == testCase.traceID)
        #expect(record.spanID == testCase.spanID)
    }

    @Test("text formats' level words", arguments: textFormats)
    func textFormat(_ testCase: LineCase) { Self.check(testCase) }

    @Test("syslog PRI", arguments: syslog)
    func syslogLine(_ testCase: LineCase) { Self.check(testCase) }

    @Test("JSON level keys", arguments: json)
    func jsonLine(_ testCase: LineCase) { Self.check(testCase) }

    @Test("the message does not set the level", arguments: negatives)
    func negative(_ testCase: LineCase) { Self.check(testCase) }

    @Test("PRI % 8 for every severity", arguments: zip(0...7, [21, 19, 18, 17, 13, 10, 9, 5] as [UInt8]))
    func priority(_ severity: Int, _ number: UInt8) {
        let line = "<\(8 + severity)>Jan 15 10:23:45 web-1 checkout[1234]: something happened"
        #expect(TraceContextExtractor.default.extract(line: line).severity == Severity(number: number))
    }

    @Test("not a PRI", arguments: ["<192>Jan 15 x", "<>x", "<1234>x", "<3"])
    func notPriority(_ line: String) {
        #expect(TraceContextExtractor.default.extract(line: line).severity == nil)
    }

    @Test("severity is skipped when not requested")
    func notRequested() {
        let line =
            "2024-01-15 10:23:45,123 ERROR [checkout.api] [orders.py:42] [trace_id=\(Self.t) span_id=\(Self.s)] - x"
        for fields: TraceContextExtractor.Fields in [.traceContextOnly, [.message, .time, .service]] {
            let record = TraceContextExtractor(rules: ExtractionRule.defaults, fields: fields).extract(line: line)
            #expect(record.severity == nil)
            #expect(record.traceID == ExtractionFixture.trace)
        }
        let syslog = TraceContextExtractor(rules: ExtractionRule.defaults, fields: .traceContextOnly)
        #expect(syslog.extract(line: "<11>Jan 15 10:23:45 web-1 x: y").severity == nil)
    }

    @Test("a header level word wins over a logfmt level key later in the line")
    func headerWins() {
        let line = "2024-01-15 10:23:45,123 INFO [worker] job finished level=error attempts=3"
        #expect(TraceContextExtractor.default.extract(line: line).severity == .info)
    }

    @Test("a journal MESSAGE's level word wins over PRIORITY")
    func journalMessage() {
        let record = TraceContextExtractor.default.extract(fields: [
            "PRIORITY": "6",
            "MESSAGE": "2024-01-15 10:23:45,123 ERROR [checkout.api] [orders.py:42] [trace_id=\(Self.t) "
                + "span_id=\(Self.s)] - payment failed",
        ])
        #expect(record.severity == .error)
        #expect(record.traceID == ExtractionFixture.trace)
        let plain = TraceContextExtractor.default.extract(fields: [
            "PRIORITY": "4", "MESSAGE": "Payment error: retrying",
        ])
        #expect(plain.severity == .warn)
        let prefixed = TraceContextExtractor.default.extract(fields: ["MESSAGE": "<3>payment failed"])
        #expect(prefixed.severity == .error)
    }

    @Test("a configured level-word key")
    func configuredWordKey() {
        let keys = FieldKeys(severity: [], severityWord: ["state"])
        let extractor = TraceContextExtractor(rules: [.json(keys)])
        #expect(extractor.extract(line: #"{"state":"warning"}"#).severity == .warn)
        #expect(extractor.extract(line: #"{"state":"3"}"#).severity == nil)
        #expect(extractor.extract(line: #"{"level":"error"}"#).severity == nil)
    }
}
