"""Service graph from real calls: an `orders` service calls a `payments` service over HTTP, both instrumented with
the real OpenTelemetry Python SDK (W3C trace context propagated in the request headers, a CLIENT span in orders,
the SERVER span in payments), both exporting to the agent; the agent pairs the two halves into Tempo's service graph
series."""
import subprocess
import sys

from metrics import value
from test_correlation import wait_for

SERVICES = r'''
import sys, threading, urllib.request
from http.server import BaseHTTPRequestHandler, HTTPServer
from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter
from opentelemetry.propagate import extract, inject
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import SimpleSpanProcessor
from opentelemetry.trace import SpanKind, Status, StatusCode

endpoint, calls = sys.argv[1], int(sys.argv[2])

def provider(service):
    result = TracerProvider(resource=Resource.create({"service.name": service}))
    result.add_span_processor(SimpleSpanProcessor(OTLPSpanExporter(endpoint=endpoint + "/v1/traces")))
    return result

orders, payments = provider("orders"), provider("payments")
payments_tracer = payments.get_tracer("payments")

class Payments(BaseHTTPRequestHandler):
    def do_POST(self):
        with payments_tracer.start_as_current_span("POST /pay", context=extract({key.lower(): value for key, value in self.headers.items()}), kind=SpanKind.SERVER) as span:
            declined = self.path.endswith("declined")
            if declined:
                span.set_status(Status(StatusCode.ERROR, "card declined"))
            self.send_response(402 if declined else 200)
            self.end_headers()

    def log_message(self, *args):
        pass

server = HTTPServer(("127.0.0.1", 0), Payments)
threading.Thread(target=server.serve_forever, daemon=True).start()
orders_tracer = orders.get_tracer("orders")
for index in range(calls):
    with orders_tracer.start_as_current_span("checkout", kind=SpanKind.SERVER):
        with orders_tracer.start_as_current_span("POST payments", kind=SpanKind.CLIENT) as span:
            headers = {}
            inject(headers)
            path = "/pay/declined" if index == 0 else "/pay"
            request = urllib.request.Request(f"http://127.0.0.1:{server.server_port}{path}", method="POST", headers=headers)
            try:
                urllib.request.urlopen(request, timeout=5)
            except urllib.error.HTTPError:
                span.set_status(Status(StatusCode.ERROR, "payment refused"))
server.shutdown()
orders.shutdown()
payments.shutdown()
'''

CALLS = 5


def test_calls_between_two_instrumented_services_make_service_graph_edges(agent_factory):
    agent = agent_factory("service_graph:\n  enabled: true\n")
    result = subprocess.run([sys.executable, "-c", SERVICES, agent.http_url, str(CALLS)],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    edge = dict(client="orders", server="payments")
    wait_for(lambda: value(agent.scrape(), "traces_service_graph_request_total", **edge) == CALLS)
    text = agent.scrape()
    assert value(text, "traces_service_graph_request_failed_total", **edge) == 1
    assert value(text, "traces_service_graph_request_client_seconds_count", **edge) == CALLS
    assert value(text, "traces_service_graph_request_server_seconds_count", **edge) == CALLS
    assert value(text, "traces_service_graph_request_client_seconds_bucket", le="+Inf", **edge) == CALLS
    assert value(text, "traces_service_graph_request_server_seconds_sum", **edge) > 0
    # The orders root spans have no parent on this host: no edge into orders, nothing unpaired on the server side.
    assert value(text, "traces_service_graph_request_total", client="orders", server="orders") == 0
    assert value(text, "traces_service_graph_unpaired_spans_total", side="server") == 0
