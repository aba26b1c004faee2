"""Pre-encoded OTLP export requests for load tests: 1000 spans of ~350 bytes, with HTTP and DB attributes."""
import random

from opentelemetry.proto.collector.trace.v1 import trace_service_pb2
from opentelemetry.proto.common.v1 import common_pb2
from opentelemetry.proto.resource.v1 import resource_pb2
from opentelemetry.proto.trace.v1 import trace_pb2

SPAN_NAMES = ["GET /api/orders", "POST /api/orders", "SELECT orders", "INSERT payments", "GET /api/users/{id}",
              "redis GET", "kafka publish", "grpc Checkout/Place"]


def kv(key, value):
    if isinstance(value, bool):
        return common_pb2.KeyValue(key=key, value=common_pb2.AnyValue(bool_value=value))
    if isinstance(value, int):
        return common_pb2.KeyValue(key=key, value=common_pb2.AnyValue(int_value=value))
    return common_pb2.KeyValue(key=key, value=common_pb2.AnyValue(string_value=value))


def export_request(spans: int = 1000, services: int = 4, seed: int = 1) -> bytes:
    rng = random.Random(seed)
    request = trace_service_pb2.ExportTraceServiceRequest()
    per_service = spans // services
    for service_index in range(services):
        resource = resource_pb2.Resource(attributes=[kv("service.name", f"service-{service_index}"),
                                                     kv("host.name", "bench-host")])
        scope = trace_pb2.ScopeSpans(scope=common_pb2.InstrumentationScope(name="bench", version="1.0"))
        trace_id = rng.randbytes(16)
        for index in range(per_service):
            if index % 10 == 0:
                trace_id = rng.randbytes(16)
            start = 1_700_000_000_000_000_000 + index * 1_000_000
            name = SPAN_NAMES[index % len(SPAN_NAMES)]
            span = trace_pb2.Span(
                trace_id=trace_id, span_id=rng.randbytes(8), parent_span_id=rng.randbytes(8) if index % 10 else b"",
                name=name, kind=trace_pb2.Span.SPAN_KIND_SERVER if index % 10 == 0 else trace_pb2.Span.SPAN_KIND_CLIENT,
                start_time_unix_nano=start, end_time_unix_nano=start + rng.randint(100_000, 900_000_000),
                attributes=[
                    kv("http.request.method", "GET"), kv("http.route", "/api/orders/{id}"),
                    kv("http.response.status_code", 200 if index % 17 else 500),
                    kv("url.full", f"https://shop.example.com/api/orders/{rng.randint(1, 10**9)}"),
                    kv("db.system", "postgresql"), kv("db.statement", "SELECT * FROM orders WHERE id = $1"),
                    kv("server.address", "orders-db.internal"), kv("network.peer.port", 5432),
                ],
                status=trace_pb2.Status(code=trace_pb2.Status.STATUS_CODE_ERROR if index % 17 == 0 else
                                        trace_pb2.Status.STATUS_CODE_UNSET),
            )
            scope.spans.append(span)
        request.resource_spans.append(trace_pb2.ResourceSpans(resource=resource, scope_spans=[scope]))
    return request.SerializeToString()


if __name__ == "__main__":
    import sys
    body = export_request()
    sys.stdout.buffer.write(body)
    print(f"{len(body)} bytes, {len(body) / 1000:.0f} bytes per span", file=sys.stderr)
