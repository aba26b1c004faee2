"""GET /api/v1/events streams correlations as they happen: a log line joined to its span, an error span."""
import json
import threading

import requests

from test_bad_input import export_request, PROTOBUF


def test_server_sent_events_report_joins_and_error_spans(agent):
    events = []
    connected = threading.Event()

    def listen():
        with requests.get(f"http://127.0.0.1:{agent.api_port}/api/v1/events", stream=True, timeout=20) as response:
            assert response.headers["Content-Type"].startswith("text/event-stream")
            connected.set()
            name = None
            for raw in response.iter_lines(decode_unicode=True):
                if raw.startswith("event: "):
                    name = raw[len("event: "):]
                elif raw.startswith("data: "):
                    events.append((name, json.loads(raw[len("data: "):])))
                    if {n for n, _ in events} >= {"log_joined", "error_span"}:
                        return

    listener = threading.Thread(target=listen, daemon=True)
    listener.start()
    assert connected.wait(10)

    request = export_request(service="sse", name="charge")
    span = request.resource_spans[0].scope_spans[0].spans[0]
    span.status.code = 2  # STATUS_CODE_ERROR
    trace_id, span_id = span.trace_id.hex(), span.span_id.hex()
    assert requests.post(f"{agent.http_url}/v1/traces", data=request.SerializeToString(), headers=PROTOBUF,
                         timeout=10).status_code == 200
    log = {"resourceLogs": [{"resource": {"attributes": [{"key": "service.name", "value": {"stringValue": "sse"}}]},
                             "scopeLogs": [{"logRecords": [{"timeUnixNano": "1700000000001000000", "severityNumber": 17,
                                                            "body": {"stringValue": "card declined"},
                                                            "traceId": trace_id, "spanId": span_id}]}]}]}
    assert requests.post(f"{agent.http_url}/v1/logs", json=log, timeout=10).status_code == 200
    listener.join(15)

    names = [name for name, _ in events]
    assert "error_span" in names and "log_joined" in names, events
    joined = next(data for name, data in events if name == "log_joined")
    assert joined["trace_id"] == trace_id and joined["span"]["span_id"] == span_id
    assert joined["logs"][0]["message"] == "card declined"
    error = next(data for name, data in events if name == "error_span")
    assert error["span"]["status"] == "STATUS_CODE_ERROR" and error["span"]["name"] == "charge"
