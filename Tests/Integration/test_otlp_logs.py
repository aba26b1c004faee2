"""Log records sent by the real OpenTelemetry Python SDK (logging handler) over OTLP/HTTP and gRPC join
their spans in the store like tailed lines."""
import subprocess
import sys
from pathlib import Path

import pytest
import requests

from metrics import value
from test_correlation import wait_for

HERE = Path(__file__).parent


@pytest.mark.parametrize("transport", ["http", "grpc"])
def test_sdk_log_records_join_their_span(agent, transport):
    endpoint = agent.http_url if transport == "http" else f"http://{agent.grpc_endpoint}"
    result = subprocess.run(
        [sys.executable, str(HERE / "order_service.py"), "--transport", transport, "--endpoint", endpoint,
         "--orders", "1", "--service", f"logs-{transport}", "--otlp-logs"],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    trace_id = result.stdout.split()[0]

    def payment_logs():
        response = requests.get(f"http://127.0.0.1:{agent.api_port}/api/v1/traces/{trace_id}", timeout=5)
        if response.status_code != 200:
            return None
        spans = {span["name"]: span for span in response.json()["spans"]}
        return spans.get("process_payment", {}).get("logs")

    logs = wait_for(payment_logs)
    assert [log["message"] for log in logs] == ["payment order-0 rejected by the card network"]
    record = logs[0]
    assert record["source"] == "otlp" and record["location"] == {"otlp": True}
    assert record["severity"] == "ERROR" and record["service"] == f"logs-{transport}"
    text = agent.scrape()
    assert value(text, "tracelink_log_records_received_total", transport=transport) == 1
    assert value(text, "tracelink_log_records_joined_total", source="otlp") == 1


def test_malformed_log_export_is_400_and_counted(agent):
    response = requests.post(f"{agent.http_url}/v1/logs", data=b"\x0a\xff\x01", timeout=5,
                             headers={"Content-Type": "application/x-protobuf"})
    assert response.status_code == 400
    assert value(agent.scrape(), "tracelink_otlp_requests_rejected_total", signal="logs", reason="invalid_protobuf") == 1
