"""Bad requests get the protocol's error, are counted, and the agent keeps serving."""
import gzip
import zlib

import grpc
import requests
from opentelemetry.proto.collector.trace.v1 import trace_service_pb2, trace_service_pb2_grpc
from opentelemetry.proto.trace.v1 import trace_pb2
from opentelemetry.proto.common.v1 import common_pb2
from opentelemetry.proto.resource.v1 import resource_pb2

from metrics import value

PROTOBUF = {"Content-Type": "application/x-protobuf"}


def export_request(service="bad-input", trace_id=bytes(range(1, 17)), name="good") -> trace_service_pb2.ExportTraceServiceRequest:
    span = trace_pb2.Span(
        trace_id=trace_id, span_id=bytes(range(1, 9)), name=name, kind=trace_pb2.Span.SPAN_KIND_SERVER,
        start_time_unix_nano=1_700_000_000_000_000_000, end_time_unix_nano=1_700_000_000_005_000_000,
    )
    resource = resource_pb2.Resource(attributes=[
        common_pb2.KeyValue(key="service.name", value=common_pb2.AnyValue(string_value=service))])
    return trace_service_pb2.ExportTraceServiceRequest(resource_spans=[
        trace_pb2.ResourceSpans(resource=resource, scope_spans=[trace_pb2.ScopeSpans(spans=[span])])])


def post(agent, body: bytes, headers: dict) -> requests.Response:
    return requests.post(f"{agent.http_url}/v1/traces", data=body, headers=headers, timeout=10)


def assert_good_request_still_works(agent, name: str):
    response = post(agent, export_request(name=name).SerializeToString(), PROTOBUF)
    assert response.status_code == 200, response.text
    assert value(agent.scrape(), "traces_span_metrics_calls_total", service_name="bad-input", span_name=name) == 1


def rpc_status(response: requests.Response):
    from google.rpc import status_pb2
    status = status_pb2.Status()
    status.ParseFromString(response.content)
    return status


def test_truncated_protobuf_is_400_and_counted(agent):
    body = export_request().SerializeToString()
    response = post(agent, body[: len(body) // 2], PROTOBUF)
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/x-protobuf"
    status = rpc_status(response)
    assert status.code == 3 and "protobuf" in status.message
    assert value(agent.scrape(), "tracelink_otlp_requests_rejected_total", transport="http", reason="invalid_protobuf") == 1
    assert_good_request_still_works(agent, "after-truncated")


def test_wrong_content_type_is_415(agent):
    response = post(agent, b"hello", {"Content-Type": "text/plain"})
    assert response.status_code == 415
    assert "Content-Type" in rpc_status(response).message
    assert value(agent.scrape(), "tracelink_otlp_requests_rejected_total", reason="unsupported_media_type") == 1
    assert_good_request_still_works(agent, "after-415")


def test_invalid_json_is_400_with_json_status(agent):
    response = post(agent, b'{"resourceSpans": [', {"Content-Type": "application/json"})
    assert response.status_code == 400
    assert response.headers["Content-Type"] == "application/json"
    assert response.json()["code"] == 3 and "JSON" in response.json()["message"]
    assert value(agent.scrape(), "tracelink_otlp_requests_rejected_total", reason="invalid_json") == 1
    assert_good_request_still_works(agent, "after-json")


def test_oversized_body_is_413(agent):
    # The test agent's limit is 1 MiB on the wire.
    response = post(agent, b"\x0a" * ((1 << 20) + 1) + b"\x00" * 1024, PROTOBUF)
    assert response.status_code == 413
    assert value(agent.scrape(), "tracelink_otlp_requests_rejected_total", reason="body_too_large") == 1
    assert_good_request_still_works(agent, "after-413")


def test_gzip_bomb_is_413_while_inflating(agent):
    # 64 MiB of zeros compress to ~64 KiB: small on the wire, far past the 2 MiB decompressed limit.
    bomb = gzip.compress(b"\x00" * (64 << 20), compresslevel=9)
    assert len(bomb) < (1 << 20)
    response = post(agent, bomb, {**PROTOBUF, "Content-Encoding": "gzip"})
    assert response.status_code == 413
    assert "decompressed" in rpc_status(response).message
    assert value(agent.scrape(), "tracelink_otlp_requests_rejected_total", reason="decompressed_too_large") == 1
    assert_good_request_still_works(agent, "after-bomb")


def test_deflate_and_json_bodies_are_accepted(agent):
    body = zlib.compress(export_request(name="deflated").SerializeToString())
    assert post(agent, body, {**PROTOBUF, "Content-Encoding": "deflate"}).status_code == 200
    json_body = """{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"bad-input"}}]},
      "scopeSpans":[{"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","name":"from-json",
      "kind":2,"startTimeUnixNano":"1544712660000000000","endTimeUnixNano":"1544712661000000000","status":{"code":2}}]}]}]}"""
    response = post(agent, json_body.encode(), {"Content-Type": "application/json"})
    assert response.status_code == 200, response.text
    assert response.json() == {} or "partialSuccess" not in response.json()
    text = agent.scrape()
    assert value(text, "traces_span_metrics_calls_total", span_name="deflated") == 1
    assert value(text, "traces_span_metrics_calls_total", span_name="from-json", span_kind="SPAN_KIND_SERVER",
                 status_code="STATUS_CODE_ERROR") == 1
    assert value(text, "traces_span_metrics_duration_milliseconds_bucket", span_name="from-json", le="1000") == 1
    assert value(text, "traces_span_metrics_duration_milliseconds_bucket", span_name="from-json", le="800") == 0


def test_invalid_trace_id_is_partial_success(agent):
    request = export_request(name="good-one")
    bad = export_request(name="zero-id", trace_id=bytes(16)).resource_spans[0].scope_spans[0].spans[0]
    request.resource_spans[0].scope_spans[0].spans.append(bad)
    response = post(agent, request.SerializeToString(), PROTOBUF)
    assert response.status_code == 200
    answer = trace_service_pb2.ExportTraceServiceResponse()
    answer.ParseFromString(response.content)
    assert answer.partial_success.rejected_spans == 1
    assert "trace_id" in answer.partial_success.error_message
    text = agent.scrape()
    assert value(text, "traces_span_metrics_calls_total", span_name="good-one") == 1
    assert value(text, "traces_span_metrics_calls_total", span_name="zero-id") == 0
    assert value(text, "tracelink_spans_rejected_total", transport="http", reason="invalid_span") == 1


def test_grpc_truncated_message_is_invalid_argument(agent):
    with grpc.insecure_channel(agent.grpc_endpoint) as channel:
        export = channel.unary_unary(
            "/opentelemetry.proto.collector.trace.v1.TraceService/Export",
            request_serializer=lambda body: body,
            response_deserializer=trace_service_pb2.ExportTraceServiceResponse.FromString,
        )
        body = export_request().SerializeToString()
        try:
            export(body[:7], timeout=10)
            raise AssertionError("a truncated message was accepted")
        except grpc.RpcError as error:
            assert error.code() == grpc.StatusCode.INVALID_ARGUMENT, error
            assert "protobuf" in error.details()
        stub = trace_service_pb2_grpc.TraceServiceStub(channel)
        answer = stub.Export(export_request(name="grpc-after-bad"), timeout=10)
        assert answer.partial_success.rejected_spans == 0
    text = agent.scrape()
    assert value(text, "tracelink_otlp_requests_rejected_total", transport="grpc", reason="invalid_protobuf") == 1
    assert value(text, "traces_span_metrics_calls_total", span_name="grpc-after-bad") == 1


def test_grpc_oversized_message_is_resource_exhausted(agent):
    request = export_request(name="huge")
    request.resource_spans[0].scope_spans[0].spans[0].attributes.append(
        common_pb2.KeyValue(key="blob", value=common_pb2.AnyValue(string_value="x" * (3 << 20))))
    with grpc.insecure_channel(agent.grpc_endpoint, options=[("grpc.max_send_message_length", 64 << 20)]) as channel:
        stub = trace_service_pb2_grpc.TraceServiceStub(channel)
        try:
            stub.Export(request, timeout=10)
            raise AssertionError("an oversized message was accepted")
        except grpc.RpcError as error:
            assert error.code() == grpc.StatusCode.RESOURCE_EXHAUSTED, error
        assert stub.Export(export_request(name="grpc-after-huge"), timeout=10) is not None
    assert value(agent.scrape(), "traces_span_metrics_calls_total", span_name="grpc-after-huge") == 1
