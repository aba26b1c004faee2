"""A real Prometheus scrapes the agent in OpenMetrics while the real OpenTelemetry Python SDK sends spans with
known durations; the queries Jaeger v2's Monitor tab sends (the default `otel` names) and the equivalent queries on
Tempo's names (`tempo`) return the expected calls, error ratio and quantiles; an exemplar's trace id resolves in the
API. Spans come in two phases so every series exists before the counted spans arrive (a counter first seen at its
final value has no rate)."""
import subprocess
import sys
import time

import pytest
import requests

from prometheus import prometheus_scraping

SENDER = r'''
import sys, time
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.trace import SpanKind, Status, StatusCode

endpoint, count = sys.argv[1], int(sys.argv[2])
provider = TracerProvider(resource=Resource.create({"service.name": "checkout"}))
provider.add_span_processor(SimpleSpanProcessor(OTLPSpanExporter(endpoint=endpoint + "/v1/traces")))
tracer = provider.get_tracer("monitor-test")
now = time.time_ns()
for index in range(count):
    # Half 3 ms, half 30 ms; every fourth an error.
    duration = 3_000_000 if index % 2 == 0 else 30_000_000
    span = tracer.start_span("GET /cart", kind=SpanKind.SERVER, start_time=now)
    if index % 4 == 0:
        span.set_status(Status(StatusCode.ERROR, "boom"))
    span.end(end_time=now + duration)
    print(format(span.get_span_context().trace_id, "032x"))
provider.shutdown()
'''


def send(agent, count: int) -> list[str]:
    result = subprocess.run([sys.executable, "-c", SENDER, agent.http_url, str(count)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def query(url: str, expression: str) -> list:
    response = requests.get(f"{url}/api/v1/query", params={"query": expression}, timeout=5)
    response.raise_for_status()
    return response.json()["data"]["result"]


def scraped(url: str, expression: str, predicate, timeout: float = 60):
    deadline = time.time() + timeout
    result = []
    while time.time() < deadline:
        try:
            result = query(url, expression)
            if predicate(result):
                return result
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise AssertionError(f"{expression}: {result}")


@pytest.mark.parametrize("naming", ["otel", "tempo"])
def test_monitor_queries_return_the_expected_values(agent_factory, naming):
    agent = agent_factory(f"span_metrics:\n  naming: [{naming}]\n")
    if naming == "otel":
        calls, latency, service = "traces_span_metrics_calls_total", "traces_span_metrics_duration_milliseconds", "service_name"
        exemplar_label = "trace_id"
    else:
        calls, latency, service = "traces_spanmetrics_calls_total", "traces_spanmetrics_latency", "service"
        exemplar_label = "traceID"
    selector = f'{service}=~"checkout", span_kind=~"SPAN_KIND_SERVER"'
    with prometheus_scraping(agent) as (url, _):
        # Phase 1: every series (ok and error, both durations' buckets) exists and is scraped.
        send(agent, 4)
        scraped(url, f'sum({calls}{{{selector}}})', lambda r: r and float(r[0]["value"][1]) == 4)
        # Phase 2: the counted spans.
        trace_ids = send(agent, 40)
        # Every series' first sample is the phase-1 value and its last the phase-2 one: the rates below are over
        # exactly the 40 counted spans.
        scraped(url, f'sum({calls}{{{selector}}})', lambda r: r and float(r[0]["value"][1]) == 44)

        # Jaeger's Monitor tab: call rate per operation, over 10 minutes.
        rates = query(url, f'sum(rate({calls}{{{selector}}}[10m])) by ({service},span_name)')
        assert [series["metric"]["span_name"] for series in rates] == ["GET /cart"]
        assert float(rates[0]["value"][1]) > 0
        # Error ratio: 10 of the 40 counted spans.
        errors = query(url, f'sum(rate({calls}{{{selector}, status_code="STATUS_CODE_ERROR"}}[10m])) by ({service})'
                            f' / sum(rate({calls}{{{selector}}}[10m])) by ({service})')
        assert float(errors[0]["value"][1]) == pytest.approx(0.25)
        # Quantiles, interpolated in the buckets as histogram_quantile does: 20 spans of 3 ms, 20 of 30 ms.
        expected = {
            "otel": {0.5: 4.0, 0.75: 30.0, 0.95: 46.0},  # buckets (2, 4] and (10, 50] ms
            "tempo": {0.5: 0.004, 0.75: 0.024, 0.95: 0.0304},  # buckets (0.002, 0.004] and (0.016, 0.032] s
        }[naming]
        for quantile, value in expected.items():
            result = query(url, f'histogram_quantile({quantile}, sum(rate({latency}_bucket{{{selector}}}[10m])) by ({service},le))')
            assert float(result[0]["value"][1]) == pytest.approx(value, rel=1e-6), (quantile, result)

        # An exemplar's trace id resolves in the API.
        now = time.time()
        response = requests.get(f"{url}/api/v1/query_exemplars",
                                params={"query": f'{latency}_bucket{{{selector}}}', "start": now - 300, "end": now + 60},
                                timeout=5).json()
        seen = {e["labels"][exemplar_label] for series in response["data"] for e in series["exemplars"]}
        assert seen & set(trace_ids), (seen, trace_ids)
        held = requests.get(f"http://127.0.0.1:{agent.api_port}/api/v1/traces/{sorted(seen & set(trace_ids))[0]}",
                            timeout=5)
        assert held.status_code == 200 and held.json()["spans"][0]["name"] == "GET /cart"
