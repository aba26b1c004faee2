"""End to end: the order service's spans (OTLP), JSON log lines (a tailed file) and journal entries (a journal
directory) join in the store; the API answers with the trace and every log line in place, and jump resolves
a pasted line, a file offset and a journal cursor to the trace."""
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from conftest import require_tool
from metrics import value

HERE = Path(__file__).parent
JOURNAL_REMOTE = "/lib/systemd/systemd-journal-remote"


def api(agent, path, **params):
    return requests.get(f"http://127.0.0.1:{agent.api_port}{path}", params=params, timeout=10)


def wait_for(predicate, timeout=30.0, interval=0.1):
    deadline = time.time() + timeout
    last = None
    while time.time() < deadline:
        last = predicate()
        if last:
            return last
        time.sleep(interval)
    raise AssertionError(f"condition not met within {timeout}s; last value: {last!r}")


@pytest.fixture
def correlated(agent_factory, tmp_path):
    if not Path(JOURNAL_REMOTE).exists():
        require_tool("systemd-journal-remote")  # fails under CI=true, skips otherwise
    logs = tmp_path / "app"
    logs.mkdir()
    journal_dir = tmp_path / "journal"
    journal_dir.mkdir()
    agent = agent_factory(f"""api:
  endpoint: 127.0.0.1:{{api_port}}
  links:
    jaeger: http://jaeger.example:16686/trace/{{trace_id}}
sources:
  - type: file
    name: app-logs
    include: ["{logs}/*.log"]
    start_at: beginning
    poll_interval: 100ms
  - type: journald
    name: journal
    directory: {journal_dir}
    start_at: head
""")
    return agent, logs, journal_dir, tmp_path


def run_orders(agent, log_file: Path, export_file: Path, orders: int) -> list:
    result = subprocess.run(
        [sys.executable, str(HERE / "order_service.py"), "--transport", "http", "--endpoint", agent.http_url,
         "--orders", str(orders), "--log-file", str(log_file), "--journal-export", str(export_file)],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def write_journal(export_file: Path, journal_dir: Path) -> None:
    with open(export_file, "rb") as entries:
        subprocess.run([JOURNAL_REMOTE, "-o", str(journal_dir / "orders.journal"), "-"], stdin=entries,
                       check=True, capture_output=True, timeout=30)


def test_trace_has_four_spans_and_every_log_in_place(correlated):
    agent, logs, journal_dir, tmp = correlated
    trace_ids = run_orders(agent, logs / "orders.log", tmp / "orders.export", orders=2)
    write_journal(tmp / "orders.export", journal_dir)

    for trace_id in trace_ids:
        def complete():
            response = api(agent, f"/api/v1/traces/{trace_id}")
            if response.status_code != 200:
                return None
            body = response.json()
            held = sum(len(span["logs"]) for span in body["spans"]) + len(body["logs"])
            return body if len(body["spans"]) == 4 and held == 5 else None

        trace = wait_for(complete)
        spans = {span["name"]: span for span in trace["spans"]}
        assert set(spans) == {"create_order", "validate_inventory", "process_payment", "send_confirmation"}
        root = spans["create_order"]
        assert root["depth"] == 0 and root.get("parent_span_id") is None
        assert {spans[name]["parent_span_id"] for name in ("validate_inventory", "process_payment",
                                                          "send_confirmation")} == {root["span_id"]}
        assert [m["message"] for m in root["logs"]] == ["creating order order-0" if trace_id == trace_ids[0]
                                                        else "creating order order-1"]
        assert [m["message"] for m in spans["validate_inventory"]["logs"]] == ["inventory ok"]
        payment_logs = spans["process_payment"]["logs"]
        assert sorted(m["source"] for m in payment_logs) == ["app-logs", "journal"]
        assert {m["message"] for m in payment_logs} == {"payment failed: card declined",
                                                       "payment gateway declined the card"}
        assert all(m["severity"] == "ERROR" for m in payment_logs)
        times = [m["time_unix_nano"] for m in payment_logs]
        assert times == sorted(times)
        assert [m["message"] for m in spans["send_confirmation"]["logs"]] == ["confirmation sent"]
        assert spans["process_payment"]["status"]["code"] == "STATUS_CODE_ERROR"
        exception = spans["process_payment"]["events"][0]
        assert exception["name"] == "exception" and "card declined" in exception["attributes"]["exception.message"]
        assert "exception.stacktrace" in exception["attributes"]
        assert trace["links"]["jaeger"] == f"http://jaeger.example:16686/trace/{trace_id}"
        file_log = root["logs"][0]
        assert file_log["location"]["file"] == str(logs / "orders.log")

    # Correlation metrics: every line carried a trace id and joined spans that arrived.
    text = agent.scrape()
    assert value(text, "tracelink_log_records_with_trace_total", source="app-logs") == 8
    assert value(text, "tracelink_log_records_joined_total", source="app-logs") == 8
    assert value(text, "tracelink_log_records_joined_total", source="journal") == 2


def test_jump_from_line_offset_and_cursor(correlated):
    agent, logs, journal_dir, tmp = correlated
    trace_id = run_orders(agent, logs / "orders.log", tmp / "orders.export", orders=1)[0]
    write_journal(tmp / "orders.export", journal_dir)
    wait_for(lambda: api(agent, f"/api/v1/traces/{trace_id}").status_code == 200)

    pasted = (logs / "orders.log").read_text().splitlines()[2]
    jump = api(agent, "/api/v1/jump", line=pasted).json()
    assert jump["trace_id"] == trace_id and jump["found"] and jump["span_count"] == 4

    # A file line by its offset, as /api/v1/logs reports it.
    found = wait_for(lambda: api(agent, "/api/v1/logs", trace_id=trace_id, source="app-logs", contains="inventory").json()["logs"])
    location = found[0]["location"]
    jump = api(agent, "/api/v1/jump", file=location["file"], offset=location["offset"]).json()
    assert jump["trace_id"] == trace_id and jump["span_id"] == found[0]["span_id"]

    # A journal entry by its cursor.
    entry = wait_for(lambda: api(agent, "/api/v1/logs", trace_id=trace_id, source="journal").json()["logs"])[0]
    jump = api(agent, "/api/v1/jump", journal_cursor=entry["location"]["journal_cursor"]).json()
    assert jump["trace_id"] == trace_id

    # A browser lands on the configured tracing UI.
    redirect = requests.get(f"http://127.0.0.1:{agent.api_port}/api/v1/jump", params={"line": pasted},
                            headers={"Accept": "text/html"}, allow_redirects=False, timeout=10)
    assert redirect.status_code == 302
    assert redirect.headers["Location"] == f"http://jaeger.example:16686/trace/{trace_id}"

    # The CLI: paste the line, get the trace with its logs in place.
    binary = agent.binary
    cli = subprocess.run([str(binary), "jump", "--api", f"http://127.0.0.1:{agent.api_port}", pasted + "\n"],
                         capture_output=True, text=True, timeout=30)
    assert cli.returncode == 0, cli.stderr
    assert f"trace {trace_id}" in cli.stdout
    assert "jaeger: http://jaeger.example:16686/trace/" + trace_id in cli.stdout
    assert "order-service process_payment" in cli.stdout and "ERROR" in cli.stdout
    assert "| " in cli.stdout and "payment failed: card declined" in cli.stdout
    tree = subprocess.run([str(binary), "trace", "--api", f"http://127.0.0.1:{agent.api_port}", trace_id],
                          capture_output=True, text=True, timeout=30)
    assert tree.returncode == 0 and "inventory ok" in tree.stdout, tree.stderr
    unknown = subprocess.run([str(binary), "jump", "--api", f"http://127.0.0.1:{agent.api_port}", "nothing here"],
                             capture_output=True, text=True, timeout=30)
    assert unknown.returncode != 0 and "no trace id found" in unknown.stderr

    missing = api(agent, "/api/v1/jump", line="no trace context here")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"


def test_datadog_decimal_line_joins_its_trace(correlated):
    agent, logs, journal_dir, tmp = correlated
    trace_id = run_orders(agent, logs / "orders.log", tmp / "orders.export", orders=1)[0]
    low = int(trace_id[16:], 16)
    with open(logs / "datadog.log", "w") as out:
        out.write(json.dumps({"message": "charged via legacy gateway", "status": "info",
                              "dd.trace_id": str(low), "dd.span_id": "12345", "dd.service": "legacy-billing"}) + "\n")

    def joined():
        body = api(agent, f"/api/v1/traces/{trace_id}").json()
        return [m for m in body.get("logs", []) if m["message"] == "charged via legacy gateway"]

    log = wait_for(joined)[0]
    assert log["trace_id"] == trace_id[16:]
    assert log["service"] == "legacy-billing"
    jump = api(agent, "/api/v1/jump", line=(logs / "datadog.log").read_text().strip()).json()
    assert jump["trace_id"] == trace_id


def test_api_errors_are_json(correlated):
    agent, *_ = correlated
    bad = api(agent, "/api/v1/traces/not-hex")
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_trace_id"
    missing = api(agent, "/api/v1/traces/" + "ab" * 16)
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "not_found"
    assert api(agent, "/api/v1/logs", limit="0").status_code == 400
    assert api(agent, "/api/v1/search", attr="novalue").status_code == 400
