"""What goes in comes out: a request carrying every OTLP field, sent over each transport and encoding, is held
byte for byte. `GET /api/v1/traces/{id}/otlp` returns the spans of a trace as an OTLP export request; it must equal
the Python protobuf library's re-encoding of the request that was sent, cut to that trace's spans."""
import gzip
import json
import os

import grpc
import pytest
import requests
from google.protobuf import json_format
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.proto.common.v1 import common_pb2
from opentelemetry.proto.trace.v1 import trace_pb2


def any_values():
    text = common_pb2.AnyValue(string_value="ünïcödé ✓")
    number = common_pb2.AnyValue(int_value=-(2 ** 63))
    return [
        common_pb2.KeyValue(key="s", value=common_pb2.AnyValue(string_value="GET /orders/{id}")),
        common_pb2.KeyValue(key="empty", value=common_pb2.AnyValue(string_value="")),
        common_pb2.KeyValue(key="b", value=common_pb2.AnyValue(bool_value=True)),
        common_pb2.KeyValue(key="i", value=common_pb2.AnyValue(int_value=-42)),
        common_pb2.KeyValue(key="d", value=common_pb2.AnyValue(double_value=2.5)),
        common_pb2.KeyValue(key="bytes", value=common_pb2.AnyValue(bytes_value=bytes([0, 1, 254, 255]))),
        common_pb2.KeyValue(key="array", value=common_pb2.AnyValue(array_value=common_pb2.ArrayValue(values=[text, number]))),
        common_pb2.KeyValue(key="map", value=common_pb2.AnyValue(kvlist_value=common_pb2.KeyValueList(values=[
            common_pb2.KeyValue(key="inner", value=common_pb2.AnyValue(array_value=common_pb2.ArrayValue(values=[text])))]))),
    ]


def every_field_request(seed: int):
    """Two resources with two scopes each; two traces spread over all four; every field of every message."""
    trace_a, trace_b = os.urandom(16), os.urandom(16)
    request = trace_service_pb2.ExportTraceServiceRequest()
    number = 0
    for resource_index in range(2):
        resource_spans = request.resource_spans.add()
        resource_spans.resource.attributes.append(
            common_pb2.KeyValue(key="service.name", value=common_pb2.AnyValue(string_value=f"fidelity-{seed}-{resource_index}")))
        resource_spans.resource.attributes.extend(any_values())
        resource_spans.resource.dropped_attributes_count = 3
        resource_spans.schema_url = "https://opentelemetry.io/schemas/1.26.0"
        for scope_index in range(2):
            scope_spans = resource_spans.scope_spans.add()
            scope_spans.scope.name = f"io.opentelemetry.lib-{scope_index}"
            scope_spans.scope.version = f"1.{scope_index}.0"
            scope_spans.scope.attributes.append(common_pb2.KeyValue(key="scope.attr", value=common_pb2.AnyValue(int_value=scope_index)))
            scope_spans.scope.dropped_attributes_count = 1
            scope_spans.schema_url = f"https://opentelemetry.io/schemas/1.{scope_index}.0"
            for trace in (trace_a, trace_b, trace_a):
                number += 1
                span = scope_spans.spans.add()
                span.trace_id = trace
                span.span_id = bytes([number, seed, 0, 0, 0, 0, 0, 1])
                if number > 2:
                    span.parent_span_id = bytes([1, seed, 0, 0, 0, 0, 0, 1])
                span.trace_state = f"vendor={number},other=x"
                span.name = f"op {number}"
                span.kind = trace_pb2.Span.SPAN_KIND_CLIENT
                span.start_time_unix_nano = 1_700_000_000_000_000_000 + number
                span.end_time_unix_nano = span.start_time_unix_nano + 1_234_567
                span.attributes.extend(any_values())
                span.dropped_attributes_count = 2
                event = span.events.add(time_unix_nano=span.start_time_unix_nano + 10, name="exception",
                                        dropped_attributes_count=1)
                event.attributes.append(common_pb2.KeyValue(key="exception.stacktrace",
                                                            value=common_pb2.AnyValue(string_value="line 1\nline 2")))
                span.dropped_events_count = 4
                link = span.links.add(trace_id=trace_b, span_id=bytes([9] * 8), trace_state="l=1",
                                      dropped_attributes_count=5, flags=0x301)
                link.attributes.append(common_pb2.KeyValue(key="link.kind", value=common_pb2.AnyValue(string_value="follows")))
                span.dropped_links_count = 6
                if number % 3 == 0:
                    span.status.code = trace_pb2.Status.STATUS_CODE_ERROR
                    span.status.message = "boom"
                else:
                    span.status.code = trace_pb2.Status.STATUS_CODE_OK
                span.flags = 0x301
    return request, (trace_a, trace_b)


def reference(request, trace_id: bytes) -> bytes:
    """The request with only `trace_id`'s spans, empty scopes and resources left out, re-encoded."""
    cut = trace_service_pb2.ExportTraceServiceRequest()
    cut.CopyFrom(request)
    del cut.resource_spans[:]
    for resource_spans in request.resource_spans:
        kept = trace_pb2.ResourceSpans()
        kept.CopyFrom(resource_spans)
        del kept.scope_spans[:]
        for scope_spans in resource_spans.scope_spans:
            spans = [span for span in scope_spans.spans if span.trace_id == trace_id]
            if spans:
                kept_scope = kept.scope_spans.add()
                kept_scope.CopyFrom(scope_spans)
                del kept_scope.spans[:]
                kept_scope.spans.extend(spans)
        if kept.scope_spans:
            cut.resource_spans.append(kept)
    return cut.SerializeToString()


def otlp_json(request) -> str:
    """OTLP/JSON as the SDKs write it: lowerCamelCase, ids in hex (the protobuf library writes bytes in base64)."""
    document = json_format.MessageToDict(request)
    def fix(node):
        if isinstance(node, dict):
            for key, value in node.items():
                if key in ("traceId", "spanId", "parentSpanId") and isinstance(value, str):
                    import base64
                    node[key] = base64.b64decode(value).hex()
                else:
                    fix(value)
        elif isinstance(node, list):
            for item in node:
                fix(item)
    fix(document)
    return json.dumps(document)


def send(agent, request, how: str):
    if how == "grpc":
        with grpc.insecure_channel(agent.grpc_endpoint) as channel:
            trace_service_pb2_grpc.TraceServiceStub(channel).Export(request, timeout=10)
        return
    if how == "http-json":
        body, headers = otlp_json(request).encode(), {"Content-Type": "application/json"}
    else:
        body, headers = request.SerializeToString(), {"Content-Type": "application/x-protobuf"}
    if how == "http-protobuf-gzip":
        body, headers = gzip.compress(body), {**headers, "Content-Encoding": "gzip"}
    response = requests.post(f"{agent.http_url}/v1/traces", data=body, headers=headers, timeout=10)
    assert response.status_code == 200, response.text


@pytest.mark.parametrize("how", ["http-protobuf", "http-protobuf-gzip", "http-json", "grpc"])
def test_every_field_is_held_byte_for_byte(agent, how):
    request, traces = every_field_request(seed=["http-protobuf", "http-protobuf-gzip", "http-json", "grpc"].index(how) + 1)
    send(agent, request, how)
    for trace_id in traces:
        response = requests.get(f"http://127.0.0.1:{agent.api_port}/api/v1/traces/{trace_id.hex()}/otlp", timeout=10)
        assert response.status_code == 200, response.text
        assert response.headers["Content-Type"] == "application/x-protobuf"
        held = response.content
        expected = reference(request, trace_id)
        if held != expected:
            got = trace_service_pb2.ExportTraceServiceRequest.FromString(held)
            want = trace_service_pb2.ExportTraceServiceRequest.FromString(expected)
            assert got == want, f"{how}: decoded messages differ"
        assert held == expected, f"{how}: equal messages, different bytes"


def test_the_trace_api_shows_what_otlp_carried(agent):
    request, (trace_a, _) = every_field_request(seed=9)
    send(agent, request, "http-protobuf")
    trace = requests.get(f"http://127.0.0.1:{agent.api_port}/api/v1/traces/{trace_a.hex()}", timeout=10).json()
    span = next(span for span in trace["spans"] if span["name"] == "op 1")
    # Typed values beside the text ones the API always had.
    assert span["attributes"]["i"] == "-42"
    assert span["fields"]["i"] == -42 and span["fields"]["b"] is True and span["fields"]["d"] == 2.5
    assert span["fields"]["array"] == ["ünïcödé ✓", -(2 ** 63)]
    assert span["fields"]["map"] == {"inner": ["ünïcödé ✓"]}
    assert span["fields"]["bytes"] == "AAH+/w=="
    assert span["resource"]["service.name"] == "fidelity-9-0"
    assert span["scope"] == {"name": "io.opentelemetry.lib-0", "version": "1.0.0", "attributes": {"scope.attr": 0}}
    assert span["links"][0]["span_id"] == "0909090909090909"
    assert span["links"][0]["attributes"] == {"link.kind": "follows"}
    assert span["trace_state"] == "vendor=1,other=x"
    assert span["flags"] == 0x301


def test_unknown_trace_has_no_otlp_export(agent):
    response = requests.get(f"http://127.0.0.1:{agent.api_port}/api/v1/traces/{'ab' * 16}/otlp", timeout=10)
    assert response.status_code == 404
