#!/usr/bin/env python3
"""Writes the seed corpus under Fuzz/Corpus/<Target>/ (committed; run again only to refresh it).

Run with the project's venv, which has the OpenTelemetry SDK and its protobuf classes:
    .venv/bin/python Fuzz/make_corpus.py

- FuzzOTLPProtobuf: export requests encoded by the OpenTelemetry Python SDK's own OTLP encoder from real SDK
  spans and log records, plus hand-built requests with every field (resource and scope attributes, links,
  events, arrays, maps, bytes) and with invalid ids.
- FuzzOTLPJSON: the same requests in OTLP/JSON (hex ids, camelCase and snake_case, enums as numbers and as
  names), and requests in the shape of the opentelemetry-proto examples (trace.json, logs.json).
- FuzzExtractor: every log line literal of Tests/TraceLinkCoreTests/Extraction/*.swift, with the fixtures'
  ids substituted, plus a few journald-style and binary lines.
- FuzzConfig: config/tracelink.yaml and variants using every section and source type.
- FuzzAPIQuery: query strings as the page and the CLI send them.

Regression inputs (`regression-*`) are written by hand when a crash is found, and are kept: this script
only writes the files it names.
"""
import hashlib
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "Fuzz" / "Corpus"


def write(target: str, name: str, data: bytes | str) -> None:
    folder = CORPUS / target
    folder.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        data = data.encode()
    (folder / name).write_bytes(data)


# ---------------------------------------------------------------------------------------------------------
# OTLP requests

def otlp_requests():
    """(name, ExportTraceServiceRequest or ExportLogsServiceRequest) pairs."""
    from opentelemetry.proto.collector.logs.v1.logs_service_pb2 import ExportLogsServiceRequest
    from opentelemetry.proto.collector.trace.v1.trace_service_pb2 import ExportTraceServiceRequest
    from opentelemetry.proto.common.v1.common_pb2 import AnyValue, ArrayValue, KeyValue, KeyValueList
    from opentelemetry.proto.logs.v1.logs_pb2 import LogRecord, ResourceLogs, ScopeLogs
    from opentelemetry.proto.resource.v1.resource_pb2 import Resource
    from opentelemetry.proto.trace.v1.trace_pb2 import ResourceSpans, ScopeSpans, Span, Status

    requests = []
    requests.extend(sdk_requests())

    def kv(key, **value):
        return KeyValue(key=key, value=AnyValue(**value))

    every_value = [
        kv("s", string_value="GET /orders/{id} é ✓"),
        kv("b", bool_value=True),
        kv("i", int_value=-9223372036854775808),
        kv("d", double_value=-0.5e-300),
        kv("bytes", bytes_value=bytes(range(7))),
        kv("array", array_value=ArrayValue(values=[AnyValue(string_value="a"), AnyValue(int_value=3),
                                                   AnyValue(array_value=ArrayValue(values=[AnyValue(bool_value=False)]))])),
        kv("map", kvlist_value=KeyValueList(values=[kv("inner", string_value="x"),
                                                    kv("nested", kvlist_value=KeyValueList(values=[kv("deep", double_value=1.5)]))])),
        KeyValue(key="empty"),
    ]
    trace_id = bytes.fromhex("5b8efff798038103d269b633813fc60c")
    resource = Resource(attributes=[kv("service.name", string_value="checkout"), kv("host.name", string_value="web-1"),
                                    kv("process.pid", int_value=4242)] + every_value, dropped_attributes_count=1)
    full = Span(
        trace_id=trace_id, span_id=bytes.fromhex("eee19b7ec3c1b174"), parent_span_id=bytes.fromhex("eee19b7ec3c1b173"),
        trace_state="congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", flags=0x301, name="POST /orders",
        kind=Span.SPAN_KIND_SERVER, start_time_unix_nano=1544712660000000000, end_time_unix_nano=1544712661000000000,
        attributes=every_value, dropped_attributes_count=2,
        events=[Span.Event(time_unix_nano=1544712660500000000, name="exception",
                           attributes=[kv("exception.type", string_value="ValueError"),
                                       kv("exception.stacktrace", string_value="Traceback:\n  line 1\n  line 2")],
                           dropped_attributes_count=3)],
        dropped_events_count=4,
        links=[Span.Link(trace_id=bytes.fromhex("0af7651916cd43dd8448eb211c80319c"),
                         span_id=bytes.fromhex("b7ad6b7169203331"), trace_state="k=v", attributes=every_value[:2],
                         dropped_attributes_count=1, flags=0x101)],
        dropped_links_count=5,
        status=Status(code=Status.STATUS_CODE_ERROR, message="card declined"),
    )
    child = Span(trace_id=trace_id, span_id=bytes.fromhex("00000000000000ff"), parent_span_id=full.span_id,
                 name="SELECT orders", kind=Span.SPAN_KIND_CLIENT, start_time_unix_nano=1544712660100000000,
                 end_time_unix_nano=1544712660200000000, status=Status(code=Status.STATUS_CODE_OK))
    scope = ScopeSpans(scope={"name": "my.library", "version": "1.0.0", "attributes": [kv("my.scope.attribute", string_value="x")],
                              "dropped_attributes_count": 1},
                       spans=[full, child], schema_url="https://opentelemetry.io/schemas/1.21.0")
    requests.append(("trace-every-field", ExportTraceServiceRequest(resource_spans=[
        ResourceSpans(resource=resource, scope_spans=[scope], schema_url="https://opentelemetry.io/schemas/1.21.0")])))

    invalid = [
        Span(trace_id=bytes(16), span_id=bytes.fromhex("eee19b7ec3c1b174"), name="zero trace id"),
        Span(trace_id=trace_id, span_id=b"\x01", name="short span id"),
        Span(trace_id=trace_id[:8], span_id=bytes.fromhex("eee19b7ec3c1b174"), name="64-bit trace id"),
        Span(trace_id=trace_id, span_id=bytes(8), name="zero span id"),
        Span(trace_id=trace_id, span_id=bytes.fromhex("eee19b7ec3c1b175"), parent_span_id=b"\x00" * 3, name="bad parent",
             kind=7, status=Status(code=9)),
    ]
    requests.append(("trace-invalid-ids", ExportTraceServiceRequest(resource_spans=[
        ResourceSpans(resource=Resource(attributes=[kv("service.name", string_value="")]), scope_spans=[ScopeSpans(spans=invalid)]),
        ResourceSpans(scope_spans=[ScopeSpans(spans=[child])]),
    ])))
    requests.append(("trace-minimal", ExportTraceServiceRequest(resource_spans=[ResourceSpans(scope_spans=[ScopeSpans(
        spans=[Span(trace_id=trace_id, span_id=bytes.fromhex("eee19b7ec3c1b174"), name="a")])])])))
    requests.append(("trace-empty", ExportTraceServiceRequest()))

    record = LogRecord(
        time_unix_nano=1544712660300000000, observed_time_unix_nano=1544712660300000001, severity_number=17,
        severity_text="ERROR", body=AnyValue(string_value="payment failed: card declined"), attributes=every_value,
        dropped_attributes_count=1, flags=1, trace_id=trace_id, span_id=bytes.fromhex("eee19b7ec3c1b174"),
        event_name="payment.failed")
    bodies = [LogRecord(body=value.value, severity_text="Information") for value in every_value]
    requests.append(("logs-every-field", ExportLogsServiceRequest(resource_logs=[ResourceLogs(
        resource=resource, scope_logs=[ScopeLogs(scope={"name": "my.library", "version": "1.0.0"},
                                                 log_records=[record] + bodies)])])))
    requests.append(("logs-invalid-ids", ExportLogsServiceRequest(resource_logs=[ResourceLogs(scope_logs=[ScopeLogs(
        log_records=[LogRecord(trace_id=b"\x01\x02", body=AnyValue(string_value="short trace id")),
                     LogRecord(trace_id=trace_id, span_id=b"\x01", severity_number=30),
                     LogRecord(severity_text="warn")])])])))
    return requests


def sdk_requests():
    """Requests as the OpenTelemetry Python SDK's OTLP exporters encode them, from real SDK spans and logs."""
    from opentelemetry.exporter.otlp.proto.common._log_encoder import encode_logs
    from opentelemetry.exporter.otlp.proto.common.trace_encoder import encode_spans
    from opentelemetry.sdk.resources import Resource
    from opentelemetry.sdk.trace import TracerProvider
    from opentelemetry.sdk.trace.export import SimpleSpanProcessor
    from opentelemetry.sdk.trace.export.in_memory_span_exporter import InMemorySpanExporter
    from opentelemetry.trace import Link, SpanKind, Status, StatusCode

    exporter = InMemorySpanExporter()
    provider = TracerProvider(resource=Resource.create({"service.name": "order-service", "deployment.environment": "dev"}))
    provider.add_span_processor(SimpleSpanProcessor(exporter))
    tracer = provider.get_tracer("orders", "1.2.3")
    with tracer.start_as_current_span("create_order", kind=SpanKind.SERVER,
                                      attributes={"http.route": "/orders", "order.items": [1, 2, 3]}) as root:
        with tracer.start_as_current_span("validate_inventory", attributes={"ok": True, "ratio": 0.25}):
            pass
        with tracer.start_as_current_span("process_payment", kind=SpanKind.CLIENT,
                                          links=[Link(root.get_span_context(), {"link.kind": "retry"})]) as payment:
            try:
                raise RuntimeError("card declined")
            except RuntimeError as error:
                payment.record_exception(error)
                payment.set_status(Status(StatusCode.ERROR, "card declined"))
            payment.add_event("retry", {"attempt": 2, "tags": ["a", "b"]})
    spans = exporter.get_finished_spans()
    requests = [("sdk-trace", encode_spans(spans)), ("sdk-trace-one-span", encode_spans(spans[:1]))]

    try:
        from opentelemetry.sdk._logs import LoggerProvider, LogRecord
        from opentelemetry.sdk._logs.export import InMemoryLogExporter, SimpleLogRecordProcessor
        from opentelemetry._logs import SeverityNumber
    except ImportError:
        return requests
    log_exporter = InMemoryLogExporter()
    logger_provider = LoggerProvider(resource=Resource.create({"service.name": "order-service"}))
    logger_provider.add_log_record_processor(SimpleLogRecordProcessor(log_exporter))
    logger = logger_provider.get_logger("orders")
    context = root.get_span_context()
    for severity, body in [(SeverityNumber.INFO, "creating order"), (SeverityNumber.ERROR, {"msg": "payment failed", "code": 402})]:
        try:
            logger.emit(LogRecord(timestamp=1544712660300000000, trace_id=context.trace_id, span_id=context.span_id,
                                  trace_flags=context.trace_flags, severity_text=severity.name, severity_number=severity,
                                  body=body, attributes={"order.id": "ord-77"}))
        except TypeError:
            return requests
    logs = log_exporter.get_finished_logs()
    if logs:
        requests.append(("sdk-logs", encode_logs(logs)))
    return requests


def to_otlp_json(message, *, snake: bool, enum_numbers: bool) -> dict:
    """OTLP/JSON: protobuf JSON mapping, except that trace and span ids are hex, not base64."""
    import base64
    from google.protobuf import json_format

    data = json_format.MessageToDict(message, preserving_proto_field_name=snake, use_integers_for_enums=enum_numbers)
    id_keys = {"traceId", "spanId", "parentSpanId", "trace_id", "span_id", "parent_span_id"}

    def fix(node):
        if isinstance(node, dict):
            return {key: (base64.b64decode(value).hex() if key in id_keys and isinstance(value, str) else fix(value))
                    for key, value in node.items()}
        if isinstance(node, list):
            return [fix(value) for value in node]
        return node

    return fix(data)


def write_otlp() -> None:
    for name, request in otlp_requests():
        write("FuzzOTLPProtobuf", f"{name}.binpb", request.SerializeToString())
        write("FuzzOTLPJSON", f"{name}.json", json.dumps(to_otlp_json(request, snake=False, enum_numbers=True)))
        if name in ("trace-every-field", "logs-every-field", "sdk-trace"):
            write("FuzzOTLPJSON", f"{name}-snake-enum-names.json",
                  json.dumps(to_otlp_json(request, snake=True, enum_numbers=False), indent=1))
    # The shape of opentelemetry-proto's examples/trace.json and examples/logs.json (uppercase hex ids,
    # 64-bit times as JSON numbers).
    resource = {"attributes": [{"key": "service.name", "value": {"stringValue": "my.service"}}]}
    scope = {"name": "my.library", "version": "1.0.0",
             "attributes": [{"key": "my.scope.attribute", "value": {"stringValue": "some scope attribute"}}]}
    write("FuzzOTLPJSON", "example-trace.json", json.dumps({"resourceSpans": [{"resource": resource, "scopeSpans": [{
        "scope": scope, "spans": [{
            "traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "EEE19B7EC3C1B174", "parentSpanId": "EEE19B7EC3C1B173",
            "name": "I'm a server span", "startTimeUnixNano": 1544712660000000000, "endTimeUnixNano": 1544712661000000000,
            "kind": 2, "attributes": [{"key": "my.span.attr", "value": {"stringValue": "some value"}}]}]}]}]}, indent=2))
    write("FuzzOTLPJSON", "example-logs.json", json.dumps({"resourceLogs": [{"resource": resource, "scopeLogs": [{
        "scope": scope, "logRecords": [{
            "timeUnixNano": 1544712660300000000, "observedTimeUnixNano": 1544712660300000000, "severityText": "Information",
            "traceId": "5B8EFFF798038103D269B633813FC60C", "spanId": "EEE19B7EC3C1B174", "body": {"stringValue": "Example log record"},
            "attributes": [
                {"key": "string.attribute", "value": {"stringValue": "some string"}},
                {"key": "boolean.attribute", "value": {"boolValue": True}},
                {"key": "int.attribute", "value": {"intValue": 10}},
                {"key": "double.attribute", "value": {"doubleValue": 637.704}},
                {"key": "array.attribute", "value": {"arrayValue": {"values": [{"stringValue": "many"}, {"stringValue": "values"}]}}},
                {"key": "map.attribute", "value": {"kvlistValue": {"values": [{"key": "some.map.key", "value": {"stringValue": "some value"}}]}}},
            ]}]}]}]}, indent=2))
    write("FuzzOTLPJSON", "edge-numbers.json", json.dumps({"resourceSpans": [{"scopeSpans": [{"spans": [{
        "traceId": "5b8efff798038103d269b633813fc60c", "spanId": "eee19b7ec3c1b174", "kind": "SPAN_KIND_CLIENT",
        "startTimeUnixNano": "18446744073709551615", "endTimeUnixNano": 1.5e19, "status": {"code": "STATUS_CODE_ERROR"},
        "attributes": [{"key": "i", "value": {"intValue": "-9223372036854775808"}}, {"key": "d", "value": {"doubleValue": 1e308}},
                       {"key": "n", "value": None}, {"key": "bytes", "value": {"bytesValue": "AAEC"}}]}]}]}]}))
    write("FuzzOTLPJSON", "edge-logs-numbers.json", json.dumps({"resourceLogs": [{"scopeLogs": [{"logRecords": [
        {"severityNumber": 21, "flags": 1, "timeUnixNano": "1544712660300000000", "body": {"kvlistValue": {"values": []}}},
        {"severityNumber": "SEVERITY_NUMBER_WARN", "severityText": "warn", "traceId": "", "spanId": ""},
        {"severityNumber": -3, "flags": "1", "body": {"arrayValue": {"values": [{"intValue": 1}, {"doubleValue": 0.5}]}}},
    ]}]}]}))


# ---------------------------------------------------------------------------------------------------------
# Log lines from the extraction tests

FIXTURES = {
    "t": "0af7651916cd43dd8448eb211c80319c",
    "s": "b7ad6b7169203331",
    "traceHex": "0af7651916cd43dd8448eb211c80319c",
    "spanHex": "b7ad6b7169203331",
}


def swift_string_literals(source: str):
    """Yields each expression made of string literals joined by `+` (Swift's `"..."` and `#"..."#`), evaluated
    with the extraction fixtures' `t` and `s` substituted; expressions with other interpolations are skipped."""
    literal = re.compile(r'(#?)"((?:[^"\\\n]|\\.)*)"\1')
    expression = re.compile(r'(?:#?"(?:[^"\\\n]|\\.)*"#?)(?:\s*\+\s*#?"(?:[^"\\\n]|\\.)*"#?)*')
    for match in expression.finditer(source):
        if re.search(r"(name:|@Test\(|@Suite\(|Issue\.record\(|comment:)\s*$", source[max(0, match.start() - 40):match.start()]):
            continue
        parts = []
        ok = True
        for part in literal.finditer(match.group(0)):
            raw, body = part.group(1) == "#", part.group(2)
            text = decode_literal(body, raw)
            if text is None:
                ok = False
                break
            parts.append(text)
        if ok:
            yield "".join(parts)


def decode_literal(body: str, raw: bool) -> str | None:
    escape = "\\#" if raw else "\\"
    out = []
    index = 0
    while index < len(body):
        if body.startswith(escape, index):
            rest = body[index + len(escape):]
            interpolation = re.match(r"\(([^()]*(?:\([^()]*\))?[^()]*)\)", rest)
            if interpolation:
                value = interpolate(interpolation.group(1))
                if value is None:
                    return None
                out.append(value)
                index += len(escape) + interpolation.end()
                continue
            simple = {"n": "\n", "t": "\t", "r": "\r", '"': '"', "\\": "\\", "0": "\0", "'": "'"}
            if rest[:1] in simple:
                out.append(simple[rest[0]])
                index += len(escape) + 1
                continue
            unicode = re.match(r"u\{([0-9a-fA-F]+)\}", rest)
            if unicode:
                out.append(chr(int(unicode.group(1), 16)))
                index += len(escape) + unicode.end()
                continue
            return None
        out.append(body[index])
        index += 1
    return "".join(out)


def interpolate(expression: str) -> str | None:
    expression = expression.strip()
    name = expression.split(".")[-1] if expression.startswith(("ExtractionFixture.", "Self.")) else expression
    if name in FIXTURES:
        return FIXTURES[name]
    match = re.fullmatch(r"(\w+)\.dropLast\(\)", expression)
    if match and match.group(1) in FIXTURES:
        return FIXTURES[match.group(1)][:-1]
    match = re.fullmatch(r"String\((\w+)\.dropLast\(\)\)", expression)
    if match and match.group(1) in FIXTURES:
        return FIXTURES[match.group(1)][:-1]
    return None


def write_lines() -> None:
    lines: list[str] = []
    for path in sorted((ROOT / "Tests" / "TraceLinkCoreTests" / "Extraction").glob("*.swift")):
        for text in swift_string_literals(path.read_text()):
            # Names of test cases and messages are short prose; lines are what a logger writes.
            if len(text) < 12 or text.startswith(("a regex", "the ", "Python ", "OpenTelemetry ")) and "=" not in text:
                continue
            lines.append(text)
    extra = [
        "<11>1 2024-01-15T10:23:45.123Z web-1 checkout 4242 ID47 [otel trace_id=\"0af7651916cd43dd8448eb211c80319c\" "
        "span_id=\"b7ad6b7169203331\" trace_flags=\"01\"] payment failed",
        "E0115 10:23:45.123456    4242 orders.cc:42] payment failed trace_id=0af7651916cd43dd8448eb211c80319c",
        "X-Amzn-Trace-Id: Root=1-5759e988-bd862e3fe1be46a994272793;Parent=53995c3f42cd8ad8;Sampled=1",
        "uber-trace-id: 0af7651916cd43dd8448eb211c80319c:b7ad6b7169203331:0:1",
        "b3: 0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-1-00f067aa0ba902b7",
        "X-B3-TraceId: 0af7651916cd43dd8448eb211c80319c X-B3-SpanId: b7ad6b7169203331 X-B3-Sampled: 1",
        "traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
        '{"user":{"id":42,"name":"ann","tags":["a","b"],"deep":{"a":{"b":{"c":{"d":1}}}}},"ok":true,"n":null,'
        '"f":-1.5e-3,"s":"\\u00e9\\ud83d\\ude00\\n","trace_id":"0af7651916cd43dd8448eb211c80319c"}',
        "level=error msg=\"payment failed: \\\"declined\\\"\" trace_id=0af7651916cd43dd8448eb211c80319c span_id=b7ad6b7169203331 "
        "dd.trace_id=1234567890123456789 empty= q=\"unterminated",
    ]
    seen = set()
    for text in lines + extra:
        if text in seen:
            continue
        seen.add(text)
        digest = hashlib.sha1(text.encode()).hexdigest()[:12]
        write("FuzzExtractor", f"line-{digest}", text)
    journal_entries = [
        "MESSAGE=payment failed\nTRACE_ID=0af7651916cd43dd8448eb211c80319c\nSPAN_ID=b7ad6b7169203331\nPRIORITY=3\n"
        "SYSLOG_IDENTIFIER=orders\n_SOURCE_REALTIME_TIMESTAMP=1705314225123456\n_SYSTEMD_UNIT=orders.service\n",
        'MESSAGE={"level":"warn","msg":"slow","trace_id":"0af7651916cd43dd8448eb211c80319c"}\nPRIORITY=4\n',
        "MESSAGE=traceparent: 00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\nOTEL_TRACE_ID=x\nTRACE_FLAGS=01\n",
    ]
    for index, text in enumerate(journal_entries):
        write("FuzzExtractor", f"journal-entry-{index}", text)
    write("FuzzExtractor", "binary-invalid-utf8", b'{"trace_id":"0af7651916cd43dd8448eb211c80319c","msg":"\xff\xfe\xc3"}\x00tail')
    print(f"FuzzExtractor: {len(seen) + 1} lines")


# ---------------------------------------------------------------------------------------------------------
# Configs

CONFIGS = {
    "minimal": "log_level: debug\n",
    "empty": "",
    "sizes-durations-lists": """receivers:
  otlp_grpc: {enabled: false, endpoint: "[::1]:4317"}
  otlp_http:
    endpoint: 0.0.0.0:4318
  limits:
    max_request_bytes: 512KiB
    max_decompressed_bytes: 1.5GB
    max_spans_per_request: 10
    max_attributes: 0
    max_attribute_value_bytes: 64 B
    max_events_per_span: 1000000
metrics:
  endpoint: 127.0.0.1:9464
span_metrics:
  buckets_ms: [1, 5.5, 10, 1e3]
  dimensions: [http.route, http.method]
  max_series: 1
  exemplars: false
store:
  max_memory: 1MiB
  max_age: 2h
  max_spans_per_trace: 1
  max_logs_per_trace: 100000000
""",
    "api": """api:
  enabled: true
  endpoint: 0.0.0.0:9465
  bearer_token: s3cret
  cors_allowed_origins: ["http://localhost:3000", "*"]
  links:
    jaeger: "http://jaeger.example:16686/trace/{trace_id}"
    tempo: "http://grafana.example/explore?traceId={trace_id}&span={span_id}"
  jump_redirect: jaeger
""",
    "api-token-file": "api:\n  endpoint: 10.0.0.1:9465\n  bearer_token_file: /nonexistent/tracelink-token\n",
    "sources-all": r"""state_directory: /var/lib/tracelink
sources:
  - type: file
    name: app-logs
    include: ["/var/log/app/*.log", "/srv/*/logs/**/*.json"]
    exclude: ["/var/log/app/*.gz"]
    start_at: beginning
    poll_interval: 250ms
    rotate_wait: 5s
    batch_size: 512
    max_line_bytes: 64KiB
    read_chunk_bytes: 1MiB
    service: orders
    service_from_path: "/srv/(?<service>[^/]+)/"
    multiline:
      start_pattern: "^\\d{4}-\\d{2}-\\d{2}"
      max_lines: 500
      max_bytes: 1MiB
    extract:
      - type: json
        trace_id_keys: [trace_id, traceId]
        span_id_keys: [span_id]
        decimal_trace_id_keys: [dd.trace_id]
        decimal_span_id_keys: [dd.span_id]
        trace_flags_keys: [trace_flags]
        sampled_keys: [sampled]
        severity_keys: [level]
        message_keys: [msg, message]
        timestamp_keys: [ts, time]
        service_keys: [service]
      - type: logfmt
      - type: regex
        pattern: "trace=(?<trace_id>[0-9a-f]{32}) span=(?<span_id>[0-9a-f]{16}) (?<severity>\\w+) (?<message>.*)"
      - type: headers
        formats: [traceparent, b3, xray]
  - type: journald
    name: journal
    directory: /var/log/journal
    start_at: head
    units: [orders.service, payments.service]
    identifiers: [orders]
    matches: [["_SYSTEMD_UNIT=orders.service", "PRIORITY=3"], ["SYSLOG_IDENTIFIER=payments"]]
    max_priority: info
    max_age: 24h
    unit_services:
      orders.service: orders
    extract:
      - type: journald
        trace_id_fields: [TRACE_ID]
        span_id_fields: [SPAN_ID]
        trace_flags_fields: [TRACE_FLAGS]
        priority_fields: [PRIORITY]
        timestamp_fields: [_SOURCE_REALTIME_TIMESTAMP]
        service_fields: [SYSLOG_IDENTIFIER]
        message_field: MESSAGE
        parse_message: true
""",
    "anchors-and-tags": """receivers:
  otlp_http: {endpoint: &endpoint "127.0.0.1:4318"}
  limits: &limits
    max_request_bytes: !!str 16MiB
metrics:
  endpoint: *endpoint
log_level: !!str info
""",
    "flow-style": '{log_level: warning, store: {max_age: 30m, max_memory: 256MiB}, sources: [{type: journald, name: j, start_at: tail}]}\n',
    # One typed value each, small, so that mutations land on the value.
    "value-size": "receivers:\n  limits:\n    max_request_bytes: 16MiB\n",
    "value-size-plain": "store:\n  max_memory: 268435456\n",
    "value-duration": "store:\n  max_age: 30m\n",
    "value-duration-plain": "store:\n  max_age: 1.5\n",
    "value-int": "span_metrics:\n  max_series: 10000\n",
    "value-floats": "span_metrics:\n  buckets_ms: [0.5, 2, 1e3]\n",
    "value-endpoint": "metrics:\n  endpoint: \"[::1]:9464\"\n",
    "value-regex": "sources:\n  - type: file\n    name: a\n    include: [/x]\n    extract:\n      - type: regex\n        pattern: \"(?<trace_id>[0-9a-f]{32})\"\n",
    "errors-unknown-key": "metrics:\n  endpoint: 1.2.3.4:1\n  extra: 1\n",
    "errors-buckets": "span_metrics:\n  buckets_ms: [5, 2]\n",
    "errors-bool": "span_metrics:\n  exemplars: maybe\n",
    "errors-mapping": "receivers: 5\n",
    "errors-size": "receivers:\n  limits:\n    max_request_bytes: -3\n",
    "errors-regex": "sources:\n  - type: file\n    name: a\n    include: [x]\n    extract:\n      - type: regex\n        pattern: \"(?<trace_id>[0-9a-f\"\n",
    "errors-duplicate-source": "sources:\n  - {type: journald, name: a}\n  - {type: journald, name: a}\n",
    "errors-yaml": "receivers:\n  limits: [\n    max: 1\n  - }\n\t\"unterminated\n",
}


# One-line inputs, which the harness also tries as the value of each typed key.
VALUES = ["16MiB", "512 KiB", "1.5GB", "268435456", "30m", "250ms", "2h", "1.5", "10000", "127.0.0.1:4318",
          "[::1]:9464", "info", "tail", "err", "(?<trace_id>[0-9a-f]{32}) (?<span_id>\\w+)", "^\\d{4}-"]


def write_configs() -> None:
    write("FuzzConfig", "tracelink.yaml", (ROOT / "config" / "tracelink.yaml").read_bytes())
    for name, text in CONFIGS.items():
        write("FuzzConfig", f"{name}.yaml", text)
    for index, text in enumerate(VALUES):
        write("FuzzConfig", f"value-{index:02d}", text)


# ---------------------------------------------------------------------------------------------------------
# API query strings

QUERIES = [
    "service=checkout&span_name=POST+%2Forders&min_duration=250ms&status=error&limit=20",
    "min_duration=1.5m", "min_duration=100us", "min_duration=100%C2%B5s", "min_duration=2s", "min_duration=17",
    "trace_id=5b8efff798038103d269b633813fc60c&span_id=eee19b7ec3c1b174&min_severity=warn&limit=100",
    "trace_id=5B8EFFF798038103D269B633813FC60C", "trace_id=1234567890abcdef",
    "since=2024-01-15T10:23:45.123Z&until=2024-01-15T10:23:46Z", "since=1705314225.5&until=1705314226123000000",
    "since=2024-01-15T10:23:45%2B01:00", "min_severity=17", "min_severity=ERROR", "min_severity=Information",
    "cursor=000000000000000a0000000000000001&contains=payment+failed&source=app-logs&service=orders",
    "line=%7B%22trace_id%22%3A%220af7651916cd43dd8448eb211c80319c%22%2C%22level%22%3A%22error%22%7D",
    "line=2024-01-15+10%3A23%3A45%2C123+INFO+%5Btrace_id%3D0af7651916cd43dd8448eb211c80319c%5D+hi",
    "journal_cursor=s%3D1%3Bi%3D2%3Bb%3D3", "file=%2Fvar%2Flog%2Fapp.log&offset=12345",
    "attr=order.id%3Dord-77&limit=5", "context=true&span_limit=500&span_offset=1000",
    "a=%zz&b=%&c=%E2%82&&=&==&+=+", "limit=-1&limit=99999999999999999999",
]


def write_queries() -> None:
    for index, text in enumerate(QUERIES):
        write("FuzzAPIQuery", f"query-{index:02d}", text)


def main() -> None:
    write_otlp()
    write_lines()
    write_configs()
    write_queries()
    total = sum(path.stat().st_size for path in CORPUS.rglob("*") if path.is_file())
    print(f"corpus: {sum(1 for p in CORPUS.rglob('*') if p.is_file())} files, {total // 1024} KiB")


if __name__ == "__main__":
    sys.exit(main())
