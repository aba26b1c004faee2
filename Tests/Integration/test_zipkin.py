"""Zipkin v2 in: the OpenTelemetry SDK's Zipkin exporter (v2 JSON) sends the order service to the agent's Zipkin
port; the RED series and the trace in the API match what the same service sends over OTLP. Payloads in Zipkin's
documented shape (a shared client/server span, 64-bit ids, gzip) are held as the OpenTelemetry Collector's Zipkin
receiver maps them."""
import gzip
import json

import requests

from metrics import value
from test_otlp_spans import EXPECTED, ORDERS, run_order_service


def trace(agent, trace_id: str) -> dict:
    response = requests.get(f"http://127.0.0.1:{agent.api_port}/api/v1/traces/{trace_id}", timeout=10)
    assert response.status_code == 200, response.text
    return response.json()


def zipkin_kind(kind: str) -> str:
    """Zipkin has no INTERNAL kind: the exporter leaves it out and the collector's mapping reads UNSPECIFIED."""
    return "SPAN_KIND_UNSPECIFIED" if kind == "SPAN_KIND_INTERNAL" else kind


def shape(document: dict) -> list:
    """What must agree between the Zipkin and the OTLP path: the tree of names and kinds, status, events."""
    by_id = {span["span_id"]: span for span in document["spans"]}
    return sorted(
        (span["name"], zipkin_kind(span["kind"]), span["status"]["code"],
         by_id.get(span.get("parent_span_id"), {}).get("name"),
         sorted(event["name"] for event in span["events"]))
        for span in document["spans"])


def test_the_zipkin_exporter_gives_the_same_red_and_trace_as_otlp(agent):
    zipkin_ids = run_order_service("zipkin", f"http://127.0.0.1:{agent.zipkin_port}", None, "zipkin-orders")
    otlp_ids = run_order_service("http", agent.http_url, None, "otlp-orders")
    text = agent.scrape()
    for span_name, kind, status in EXPECTED:
        for service in ("zipkin-orders", "otlp-orders"):
            span_kind = zipkin_kind(kind) if service == "zipkin-orders" else kind
            labels = dict(service_name=service, span_name=span_name, span_kind=span_kind, status_code=status)
            assert value(text, "traces_span_metrics_calls_total", **labels) == ORDERS, (service, span_name, text)
    assert value(text, "tracelink_spans_received_total", transport="zipkin") == ORDERS * 4
    zipkin_trace, otlp_trace = trace(agent, zipkin_ids[0]), trace(agent, otlp_ids[0])
    assert shape(zipkin_trace) == shape(otlp_trace)
    root = next(span for span in zipkin_trace["spans"] if span["name"] == "create_order")
    assert root["service"] == "zipkin-orders"
    assert root["attributes"]["order.id"] == "order-0"
    payment = next(span for span in zipkin_trace["spans"] if span["name"] == "process_payment")
    assert payment["status"]["code"] == "STATUS_CODE_ERROR"


# Zipkin's API documentation shape: a client span and the shared server span of the same call (same id), then a
# 64-bit trace id. Microsecond times.
SHARED = [
    {"traceId": "5af7183fb1d4cf5f5af7183fb1d4cf5f", "id": "352bff9a74ca9ad2", "parentId": "6b221d5bc9e6496c",
     "name": "get /api", "kind": "CLIENT", "timestamp": 1556604172355737, "duration": 1431,
     "localEndpoint": {"serviceName": "frontend", "ipv4": "192.168.99.1", "port": 3306},
     "remoteEndpoint": {"serviceName": "backend", "ipv4": "172.19.0.2", "port": 58648},
     "tags": {"http.method": "GET", "http.path": "/api"}},
    {"traceId": "5af7183fb1d4cf5f5af7183fb1d4cf5f", "id": "352bff9a74ca9ad2", "parentId": "6b221d5bc9e6496c",
     "name": "get /api", "kind": "SERVER", "shared": True, "timestamp": 1556604172355800, "duration": 1300,
     "localEndpoint": {"serviceName": "backend", "ipv4": "172.19.0.2", "port": 8080},
     "annotations": [{"timestamp": 1556604172356000, "value": "wr"}],
     "tags": {"error": "upstream timeout"}},
]
SIXTY_FOUR = [
    {"traceId": "463ac35c9f6413ad", "id": "72485a3953bb6124", "name": "poll", "kind": "CONSUMER",
     "timestamp": 1556604172355737, "duration": 10, "localEndpoint": {"serviceName": "worker"}},
]


def test_documented_payloads_shared_spans_and_64_bit_ids(agent):
    url = f"http://127.0.0.1:{agent.zipkin_port}/api/v2/spans"
    response = requests.post(url, data=json.dumps(SHARED), headers={"Content-Type": "application/json"}, timeout=10)
    assert response.status_code == 202, response.text
    response = requests.post(url, data=gzip.compress(json.dumps(SIXTY_FOUR).encode()),
                             headers={"Content-Type": "application/json", "Content-Encoding": "gzip"}, timeout=10)
    assert response.status_code == 202, response.text

    document = trace(agent, "5af7183fb1d4cf5f5af7183fb1d4cf5f")
    halves = sorted((span["kind"], span["service"]) for span in document["spans"] if span["span_id"] == "352bff9a74ca9ad2")
    assert halves == [("SPAN_KIND_CLIENT", "frontend"), ("SPAN_KIND_SERVER", "backend")], document["spans"]
    server = next(span for span in document["spans"] if span["kind"] == "SPAN_KIND_SERVER")
    assert server["status"]["code"] == "STATUS_CODE_ERROR"
    assert [event["name"] for event in server["events"]] == ["wr"]
    assert server["duration_ms"] == 1.3

    # A 64-bit Zipkin id is the low half of a 128-bit one, as the collector pads it.
    worker = trace(agent, "0000000000000000463ac35c9f6413ad")
    assert [span["name"] for span in worker["spans"]] == ["poll"]

    text = agent.scrape()
    assert value(text, "traces_span_metrics_calls_total", service_name="backend", span_name="get /api",
                 span_kind="SPAN_KIND_SERVER", status_code="STATUS_CODE_ERROR") == 1

    # A resend of the same payload (a retry) is not held twice (RED counts what was received, as the
    # spanmetrics connector does).
    requests.post(url, data=json.dumps(SHARED), headers={"Content-Type": "application/json"}, timeout=10)
    assert len([s for s in trace(agent, "5af7183fb1d4cf5f5af7183fb1d4cf5f")["spans"] if s["span_id"] == "352bff9a74ca9ad2"]) == 2


def test_bad_zipkin_payloads_are_refused_and_the_agent_serves_on(agent):
    url = f"http://127.0.0.1:{agent.zipkin_port}/api/v2/spans"
    for body in [b"{not json", b'{"traceId": "x"}', json.dumps([{"traceId": "zz", "id": "1"}]).encode()]:
        response = requests.post(url, data=body, headers={"Content-Type": "application/json"}, timeout=10)
        assert response.status_code == 400, (body, response.status_code, response.text)
        assert response.text.strip()
    response = requests.post(url, data=b"x", headers={"Content-Type": "application/x-thrift"}, timeout=10)
    assert response.status_code == 415
    response = requests.post(url, data=json.dumps(SIXTY_FOUR), headers={"Content-Type": "application/json"}, timeout=10)
    assert response.status_code == 202


def zipkin_protobuf_span(trace_id: str, span_id: str, name: str, service: str, kind: int) -> bytes:
    """One zipkin2 proto3 `Span`, encoded by hand (field numbers from Zipkin's zipkin.proto)."""
    def field(number: int, payload: bytes) -> bytes:
        return bytes([number << 3 | 2, len(payload)]) + payload
    endpoint = field(1, service.encode())
    span = (field(1, bytes.fromhex(trace_id)) + field(3, bytes.fromhex(span_id)) + bytes([4 << 3, kind])
            + field(5, name.encode()) + bytes([6 << 3 | 1]) + (1556604172355737).to_bytes(8, "little")
            + bytes([7 << 3, 100]) + field(8, endpoint))
    return field(1, span)


def test_zipkin_protobuf_is_accepted(agent):
    body = zipkin_protobuf_span("0af7651916cd43dd8448eb211c80319c", "b7ad6b7169203331", "GET /proto", "proto-svc", 2)
    response = requests.post(f"http://127.0.0.1:{agent.zipkin_port}/api/v2/spans", data=body,
                             headers={"Content-Type": "application/x-protobuf"}, timeout=10)
    assert response.status_code == 202, response.text
    spans = trace(agent, "0af7651916cd43dd8448eb211c80319c")["spans"]
    assert [(span["name"], span["service"], span["kind"]) for span in spans] == [("GET /proto", "proto-svc", "SPAN_KIND_SERVER")]
    bad = requests.post(f"http://127.0.0.1:{agent.zipkin_port}/api/v2/spans", data=b"\x0a\x05\x0a",
                        headers={"Content-Type": "application/x-protobuf"}, timeout=10)
    assert bad.status_code == 400 and bad.text.strip()
