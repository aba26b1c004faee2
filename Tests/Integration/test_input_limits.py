"""Every input limit with a small value: what passes it is refused or cut, counted, and the agent keeps serving.
(Body size, decompressed size, line length and series limits have their own tests: test_bad_input,
test_store_limits, the file source's Swift tests and SpanMetricsTests.)"""
import json

import requests

from metrics import value
from test_correlation import api, wait_for

TRACE = "5b8efff798038103d269b633813fc60c"
LIMITS = """receivers_limits:
    max_request_bytes: 1MiB
    max_spans_per_request: 6
    max_attributes: 3
    max_attribute_value_bytes: 10
    max_events_per_span: 1
store:
  max_spans_per_trace: 4
  max_logs_per_trace: 2
"""


def attribute(key, text):
    return {"key": key, "value": {"stringValue": text}}


def span(n, trace=TRACE):
    return {
        "traceId": trace, "spanId": f"{n:016x}", "name": f"span-{n}", "kind": 2,
        "startTimeUnixNano": "1700000000000000000", "endTimeUnixNano": "1700000000005000000",
        "attributes": [attribute(f"k{i}", "v") for i in range(5)] + [attribute("long", "ü" * 20)],
        "events": [{"name": f"event-{e}", "timeUnixNano": "1700000000001000000"} for e in range(3)],
    }


def export(agent, spans, path="/v1/traces", key="resourceSpans", inner="scopeSpans", items="spans"):
    body = {key: [{"resource": {"attributes": [attribute("service.name", "limits")]},
                   inner: [{items: spans}]}]}
    return requests.post(f"{agent.http_url}{path}", data=json.dumps(body),
                         headers={"Content-Type": "application/json"}, timeout=10)


def test_every_item_limit_cuts_or_refuses_counts_and_keeps_serving(agent_factory):
    agent = agent_factory(LIMITS)

    # 8 spans in one request, 6 allowed: partial success names the refusal.
    response = export(agent, [span(n) for n in range(1, 9)])
    assert response.status_code == 200
    partial = response.json()["partialSuccess"]
    assert int(partial["rejectedSpans"]) == 2 and "max_spans_per_request" in partial["errorMessage"]

    # The trace holds 4 of the 6 (max_spans_per_trace), each cut to 3 attributes and 1 event.
    trace = wait_for(lambda: api(agent, f"/api/v1/traces/{TRACE}").json() if
                     api(agent, f"/api/v1/traces/{TRACE}").status_code == 200 else None)
    assert len(trace["spans"]) == 4
    for held in trace["spans"]:
        assert list(held["attributes"]) == ["k0", "k1", "k2"]
        assert [event["name"] for event in held["events"]] == ["event-0"]

    # A value past max_attribute_value_bytes is cut on a character boundary (ü is 2 bytes: 5 of them fit).
    short = export(agent, [dict(span(20, trace="0af7651916cd43dd8448eb211c80319c"),
                                attributes=[attribute("long", "ü" * 20)])])
    assert short.status_code == 200
    cut = wait_for(lambda: api(agent, "/api/v1/traces/0af7651916cd43dd8448eb211c80319c").json()
                   if api(agent, "/api/v1/traces/0af7651916cd43dd8448eb211c80319c").status_code == 200 else None)
    assert cut["spans"][0]["attributes"]["long"] == "ü" * 5

    # Log records: 3 of a trace, 2 held; each cut to 3 attributes.
    records = [{"timeUnixNano": f"17000000000{n:08d}", "body": {"stringValue": f"log {n}"}, "traceId": TRACE,
                "spanId": f"{1:016x}", "attributes": [attribute(f"a{i}", "x") for i in range(6)]} for n in range(3)]
    assert export(agent, records, "/v1/logs", "resourceLogs", "scopeLogs", "logRecords").status_code == 200
    logs = wait_for(lambda: api(agent, "/api/v1/logs", trace_id=TRACE).json()["logs"] or None)
    assert len(logs) == 2 and all(len(log["attributes"]) == 3 for log in logs)

    text = agent.scrape()
    assert value(text, "tracelink_spans_rejected_total", reason="spans_per_request") == 2
    assert value(text, "tracelink_limit_cuts_total", signal="spans", limit="spans_per_request") == 2
    assert value(text, "tracelink_limit_cuts_total", signal="spans", limit="attributes") == 6 * 3
    assert value(text, "tracelink_limit_cuts_total", signal="spans", limit="events_per_span") == 7 * 2  # 6 spans, then the one with a long value
    assert value(text, "tracelink_limit_cuts_total", signal="spans", limit="attribute_value_bytes") == 1
    assert value(text, "tracelink_limit_cuts_total", signal="log_records", limit="attributes") == 3 * 3
    assert value(text, "tracelink_store_items_refused_total", kind="span", reason="per_trace_limit") == 2
    assert value(text, "tracelink_store_items_refused_total", kind="log", reason="per_trace_limit") == 1
    assert export(agent, [span(99, trace="1" * 32)]).status_code == 200, "the agent keeps serving"


def test_a_big_trace_answers_in_pages(agent_factory):
    agent = agent_factory("receivers_limits:\n  max_request_bytes: 8MiB\n  max_decompressed_bytes: 8MiB\n")
    spans = [dict(span(n), attributes=[], events=[]) for n in range(1, 12_001)]
    for start in range(0, len(spans), 4000):
        assert export(agent, spans[start:start + 4000]).status_code == 200
    first = wait_for(lambda: (body := api(agent, f"/api/v1/traces/{TRACE}").json()) and
                     body.get("span_total") == 12_000 and body)
    assert len(first["spans"]) == 10_000 and first["next_span_offset"] == 10_000
    rest = api(agent, f"/api/v1/traces/{TRACE}", span_offset=first["next_span_offset"]).json()
    assert len(rest["spans"]) == 2_000 and rest.get("next_span_offset") is None
    ids = {s["span_id"] for s in first["spans"]} | {s["span_id"] for s in rest["spans"]}
    assert len(ids) == 12_000
    assert api(agent, f"/api/v1/traces/{TRACE}", span_limit=20_000).status_code == 400
