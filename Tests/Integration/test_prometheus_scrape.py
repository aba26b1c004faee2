"""A real Prometheus server scrapes the agent (negotiating OpenMetrics) and stores RED series and exemplars."""
import subprocess
import tempfile
import time
from pathlib import Path

import requests

from conftest import free_port, require_tool
from test_otlp_spans import run_order_service


def query(url: str, path: str, **params) -> list:
    response = requests.get(f"{url}{path}", params=params, timeout=5)
    response.raise_for_status()
    body = response.json()
    assert body["status"] == "success", body
    return body["data"]


def test_prometheus_scrapes_red_metrics_and_exemplars(agent):
    prometheus = require_tool("prometheus")
    trace_ids = run_order_service("http", agent.http_url, "gzip", "scraped", orders=2)
    port = free_port()
    with tempfile.TemporaryDirectory(prefix="prom-") as tmp:
        config = Path(tmp) / "prometheus.yml"
        config.write_text(f"""global:
  scrape_interval: 1s
scrape_configs:
  - job_name: tracelink
    static_configs:
      - targets: ["127.0.0.1:{agent.metrics_port}"]
""")
        process = subprocess.Popen(
            [prometheus, f"--config.file={config}", f"--storage.tsdb.path={tmp}/data",
             f"--web.listen-address=127.0.0.1:{port}", "--enable-feature=exemplar-storage"],
            stdout=subprocess.DEVNULL, stderr=open(Path(tmp) / "prometheus.log", "w"))
        url = f"http://127.0.0.1:{port}"
        try:
            deadline = time.time() + 60
            calls = []
            while time.time() < deadline:
                try:
                    calls = query(url, "/api/v1/query",
                                  query='traces_span_metrics_calls_total{service_name="scraped"}')["result"]
                    if len(calls) == 4:
                        break
                except requests.RequestException:
                    pass
                time.sleep(0.5)
            assert len(calls) == 4, (Path(tmp) / "prometheus.log").read_text()[-2000:]
            by_span = {series["metric"]["span_name"]: series for series in calls}
            assert float(by_span["create_order"]["value"][1]) == 2
            assert by_span["process_payment"]["metric"]["status_code"] == "STATUS_CODE_ERROR"

            targets = query(url, "/api/v1/targets")["activeTargets"]
            assert targets[0]["health"] == "up", targets
            assert targets[0]["lastError"] == ""

            now = time.time()
            exemplars = query(url, "/api/v1/query_exemplars",
                              query='traces_span_metrics_duration_milliseconds_bucket{service_name="scraped"}',
                              start=now - 300, end=now + 60)
            seen = {e["labels"]["trace_id"] for series in exemplars for e in series["exemplars"]}
            assert seen & set(trace_ids), (seen, trace_ids)
        finally:
            process.terminate()
            process.wait(timeout=15)
