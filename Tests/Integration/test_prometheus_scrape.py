"""A real Prometheus server scrapes the agent (negotiating OpenMetrics) and stores RED series and exemplars."""
import time

import requests

from prometheus import prometheus_scraping
from test_otlp_spans import run_order_service


def query(url: str, path: str, **params) -> list:
    response = requests.get(f"{url}{path}", params=params, timeout=5)
    response.raise_for_status()
    body = response.json()
    assert body["status"] == "success", body
    return body["data"]


def test_prometheus_scrapes_red_metrics_and_exemplars(agent):
    trace_ids = run_order_service("http", agent.http_url, "gzip", "scraped", orders=2)
    with prometheus_scraping(agent) as (url, log):
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
        assert len(calls) == 4, log.read_text()[-2000:]
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
