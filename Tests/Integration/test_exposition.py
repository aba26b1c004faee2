"""/metrics in both formats is valid for every family, whatever the label values: span names and services with
quotes, backslashes, newlines and invalid UTF-8, a file source with a quote in its name. Checked by `promtool check
metrics` (Prometheus text 0.0.4) and by the reference parsers of the Python client (text 0.0.4 and OpenMetrics 1.0,
`prometheus_client.openmetrics.parser`, the one that refused `# TYPE …_total counter`)."""
import os
import subprocess

import requests
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.common.v1 import common_pb2
from opentelemetry.proto.trace.v1 import trace_pb2
from prometheus_client.openmetrics.parser import text_string_to_metric_families as parse_openmetrics
from prometheus_client.parser import text_string_to_metric_families as parse_prometheus

from conftest import require_tool
from test_correlation import wait_for
from test_otlp_spans import ACCEPTED_LINT

HOSTILE_NAMES = ['say "hi"', "back\\slash", "new\nline", "tab\tand ünïcödé", "PLACEHOLDER-INVALID-UTF8"]


def hostile_request() -> bytes:
    request = trace_service_pb2.ExportTraceServiceRequest()
    for index, service in enumerate(HOSTILE_NAMES):
        resource_spans = request.resource_spans.add()
        resource_spans.resource.attributes.append(
            common_pb2.KeyValue(key="service.name", value=common_pb2.AnyValue(string_value=service)))
        span = resource_spans.scope_spans.add().spans.add()
        span.trace_id = os.urandom(16)
        span.span_id = os.urandom(8)
        span.name = HOSTILE_NAMES[-1 - index]
        span.kind = trace_pb2.Span.SPAN_KIND_SERVER
        span.start_time_unix_nano = 1_700_000_000_000_000_000
        span.end_time_unix_nano = span.start_time_unix_nano + 5_000_000
    body = request.SerializeToString()
    # Invalid UTF-8 (a lone continuation byte and a truncated sequence) where the placeholder was, same length.
    placeholder = b"PLACEHOLDER-INVALID-UTF8"
    invalid = b"bad\x80bytes\xe2\x82-"
    return body.replace(placeholder, invalid + b"x" * (len(placeholder) - len(invalid)))


def test_both_formats_are_valid_with_hostile_label_values(agent_factory, tmp_path):
    logs = tmp_path / "logs"
    logs.mkdir()
    (logs / "app.log").write_text('{"level":"error","msg":"x","trace_id":"5b8efff798038103d269b633813fc60c"}\n')
    agent = agent_factory(f"""span_metrics:
  naming: [otel, tempo]
  dimensions: [http.route, {{name: deployment.environment, default: "none"}}]
service_graph:
  enabled: true
sources:
  - type: file
    name: 'src "quoted" \\\\ name'
    include: ["{logs}/*.log"]
    start_at: beginning
""")
    response = requests.post(f"{agent.http_url}/v1/traces", data=hostile_request(),
                             headers={"Content-Type": "application/x-protobuf"}, timeout=10)
    assert response.status_code == 200, response.text
    wait_for(lambda: 'say \\"hi\\"' in agent.scrape() and "tracelink_log_records_total{" in agent.scrape())

    text = agent.scrape()
    promtool = require_tool("promtool")
    result = subprocess.run([promtool, "check", "metrics"], input=text, capture_output=True, text=True)
    findings = [line for line in (result.stdout + result.stderr).splitlines() if line.strip()]
    assert result.returncode in (0, 3), f"promtool: {result.stdout}{result.stderr}"
    assert findings == ([ACCEPTED_LINT] if result.returncode == 3 else []), findings
    families = {family.name: family for family in parse_prometheus(text)}
    services = {sample.labels["service_name"] for sample in families["traces_span_metrics_calls"].samples}
    assert {'say "hi"', "back\\slash", "new\nline", "tab\tand ünïcödé"} <= services
    assert any("\ufffd" in service for service in services), services

    openmetrics = agent.scrape(openmetrics=True)
    assert openmetrics.endswith("# EOF\n")
    parsed = {family.name: family for family in parse_openmetrics(openmetrics)}
    # Every family the 0.0.4 answer has is in the OpenMetrics one, counters named without `_total`.
    assert set(parsed) == set(families), set(parsed) ^ set(families)
    assert parsed["traces_span_metrics_calls"].type == "counter"
    assert parsed["tracelink_otlp_received_bytes"].type == "counter"
    assert parsed["traces_span_metrics_duration_milliseconds"].unit == "milliseconds"
    assert parsed["traces_spanmetrics_latency"].type == "histogram"
    # `_created` where a counter or histogram knows when it started from zero (OpenMetrics only).
    assert any(sample.name == "traces_span_metrics_calls_created" for sample in parsed["traces_span_metrics_calls"].samples)
    assert any(sample.name == "tracelink_otlp_received_bytes_created" for sample in parsed["tracelink_otlp_received_bytes"].samples)
    assert "_created" not in text
    assert "traces_service_graph_request" in parsed
    buckets = [sample for sample in parsed["traces_span_metrics_duration_milliseconds"].samples
               if sample.name.endswith("_bucket") and sample.exemplar]
    assert buckets and all(len(sample.exemplar.labels["trace_id"]) == 32 for sample in buckets)
    sources = {sample.labels.get("source") for sample in parsed["tracelink_log_records"].samples}
    assert 'src "quoted" \\\\ name' in sources, sources  # YAML single quotes keep both backslashes
