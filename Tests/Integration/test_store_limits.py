"""The correlation store stays within its memory budget whatever arrives, evicting the oldest traces and
counting them; the API needs its bearer token when one is configured."""
import sys
from pathlib import Path

import requests

from metrics import value

sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "Benchmarks" / "load"))
from requests_body import export_request  # noqa: E402

BUDGET_MIB = 8


def rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    raise AssertionError("no VmRSS")


def test_feeding_four_times_the_budget_keeps_memory_bounded(agent_factory):
    agent = agent_factory(f"store:\n  max_memory: {BUDGET_MIB}MiB\n")
    url = f"{agent.http_url}/v1/traces"
    headers = {"Content-Type": "application/x-protobuf"}
    first = export_request(seed=1)
    raw_per_request = len(first)
    requests_per_budget = (BUDGET_MIB << 20) // raw_per_request + 1
    rss = {}
    for index in range(4 * requests_per_budget):
        body = first if index == 0 else export_request(seed=index + 1)
        assert requests.post(url, data=body, headers=headers, timeout=30).status_code == 200
        if index + 1 == 2 * requests_per_budget:
            rss["2x"] = rss_kib(agent.process.pid)
    rss["4x"] = rss_kib(agent.process.pid)

    text = agent.scrape()
    held = value(text, "tracelink_store_bytes")
    assert 0 < held <= BUDGET_MIB << 20, held
    assert value(text, "tracelink_store_evicted_traces_total", reason="memory") > 0
    # The plateau: feeding the second two budgets' worth grows RSS by less than one budget.
    assert rss["4x"] - rss["2x"] < BUDGET_MIB * 1024, rss
    # The first trace sent is gone (oldest first); RED metrics still counted every span.
    from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
    request = trace_service_pb2.ExportTraceServiceRequest()
    request.ParseFromString(first)
    oldest = request.resource_spans[0].scope_spans[0].spans[0].trace_id.hex()
    assert requests.get(f"http://127.0.0.1:{agent.api_port}/api/v1/traces/{oldest}", timeout=5).status_code == 404
    calls = sum(v for (name, _), v in __import__("metrics").samples(text).items() if name == "traces_span_metrics_calls_total")
    assert calls == 4 * requests_per_budget * 1000


def test_bearer_token_is_required_when_configured(agent_factory):
    agent = agent_factory("api:\n  endpoint: 127.0.0.1:{api_port}\n  bearer_token: s3cret\n")
    url = f"http://127.0.0.1:{agent.api_port}/api/v1/traces"
    refused = requests.get(url, timeout=5)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "unauthorized"
    assert requests.get(url, headers={"Authorization": "Bearer wrong"}, timeout=5).status_code == 401
    assert requests.get(url, headers={"Authorization": "Bearer s3cret"}, timeout=5).status_code == 200
    # No CORS headers unless configured.
    assert "Access-Control-Allow-Origin" not in requests.get(url, headers={"Authorization": "Bearer s3cret",
                                                                           "Origin": "http://evil.example"}).headers
