"""A small order service instrumented with the real OpenTelemetry Python SDK.

Each order is a `create_order` SERVER span with three children: `validate_inventory`,
`process_payment` (status ERROR, with a recorded exception) and `send_confirmation`.
Run: python order_service.py --transport http|grpc|zipkin --endpoint URL --orders N [--log-file PATH]
Compression follows OTEL_EXPORTER_OTLP_COMPRESSION (e.g. gzip), as the SDK reads it.
Prints the trace id of each order, one per line.
"""
import argparse
import json
import logging
import time

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor
from opentelemetry.trace import SpanKind, Status, StatusCode


def make_log_exporter(transport: str, endpoint: str):
    if transport == "http":
        from opentelemetry.exporter.otlp.proto.http._log_exporter import OTLPLogExporter

        return OTLPLogExporter(endpoint=endpoint.rstrip("/") + "/v1/logs")
    from opentelemetry.exporter.otlp.proto.grpc._log_exporter import OTLPLogExporter

    return OTLPLogExporter(endpoint=endpoint, insecure=True)


def make_exporter(transport: str, endpoint: str):
    if transport == "zipkin":
        # Zipkin v2 JSON, as the OpenTelemetry SDK's Zipkin exporter sends it.
        from opentelemetry.exporter.zipkin.json import ZipkinExporter

        return ZipkinExporter(endpoint=endpoint.rstrip("/") + "/api/v2/spans")
    if transport == "http":
        from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

        return OTLPSpanExporter(endpoint=endpoint.rstrip("/") + "/v1/traces")
    from opentelemetry.exporter.otlp.proto.grpc.trace_exporter import OTLPSpanExporter

    return OTLPSpanExporter(endpoint=endpoint, insecure=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--transport", choices=["http", "grpc", "zipkin"], required=True)
    parser.add_argument("--endpoint", required=True)
    parser.add_argument("--orders", type=int, default=1)
    parser.add_argument("--service", default="order-service")
    parser.add_argument("--log-file")
    parser.add_argument("--journal-export", help="also write journal export format entries (TRACE_ID/SPAN_ID fields)")
    parser.add_argument("--otlp-logs", action="store_true", help="also send Python logging records over OTLP")
    args = parser.parse_args()

    provider = TracerProvider(resource=Resource.create({"service.name": args.service}))
    exporter = make_exporter(args.transport, args.endpoint)
    provider.add_span_processor(BatchSpanProcessor(exporter))
    tracer = provider.get_tracer("order-service")
    logger_provider = None
    otel_log = logging.getLogger("order-service")
    if args.otlp_logs:
        from opentelemetry.sdk._logs import LoggerProvider, LoggingHandler
        from opentelemetry.sdk._logs.export import BatchLogRecordProcessor

        logger_provider = LoggerProvider(resource=Resource.create({"service.name": args.service}))
        logger_provider.add_log_record_processor(BatchLogRecordProcessor(make_log_exporter(args.transport, args.endpoint)))
        otel_log.addHandler(LoggingHandler(level=logging.INFO, logger_provider=logger_provider))
        otel_log.setLevel(logging.INFO)
    log = open(args.log_file, "a") if args.log_file else None
    journal = open(args.journal_export, "ab") if args.journal_export else None

    def write_journal(priority: int, message: str, **extra: str) -> None:
        """One entry in journal export format, as systemd-journal-remote reads it."""
        if journal is None:
            return
        context = trace.get_current_span().get_span_context()
        fields = {
            "__REALTIME_TIMESTAMP": str(time.time_ns() // 1000), "MESSAGE": message, "PRIORITY": str(priority),
            "SYSLOG_IDENTIFIER": args.service, "_SYSTEMD_UNIT": f"{args.service}.service",
            "TRACE_ID": format(context.trace_id, "032x"), "SPAN_ID": format(context.span_id, "016x"), **extra,
        }
        journal.write(b"".join(f"{key}={value}\n".encode() for key, value in fields.items()) + b"\n")
        journal.flush()

    def write_log(level: str, message: str, **extra) -> None:
        if log is None:
            return
        context = trace.get_current_span().get_span_context()
        log.write(json.dumps({
            "ts": time.time(), "level": level, "msg": message, "service": args.service,
            "trace_id": format(context.trace_id, "032x"), "span_id": format(context.span_id, "016x"), **extra,
        }) + "\n")
        log.flush()

    for order in range(args.orders):
        with tracer.start_as_current_span("create_order", kind=SpanKind.SERVER) as root:
            root.set_attribute("order.id", f"order-{order}")
            root.set_attribute("http.route", "/orders")
            write_log("info", f"creating order order-{order}")
            with tracer.start_as_current_span("validate_inventory"):
                write_log("debug", "inventory ok")
                time.sleep(0.003)
            with tracer.start_as_current_span("process_payment") as payment:
                try:
                    raise RuntimeError("card declined")
                except RuntimeError as error:
                    payment.record_exception(error)
                    payment.set_status(Status(StatusCode.ERROR, "card declined"))
                    # Fields beyond the ids, as applications add them: typed in JSON and OTLP, text in the journal.
                    write_log("error", "payment failed: card declined", order_id=f"ord-{order}",
                              payment={"attempt": order + 1, "retryable": False})
                    write_journal(3, "payment gateway declined the card", PAYMENT_REF=f"pay-{order}")
                    otel_log.error("payment %s rejected by the card network", f"order-{order}",
                                   extra={"card_network": "visa", "order_number": order})
            with tracer.start_as_current_span("send_confirmation", kind=SpanKind.CLIENT):
                write_log("info", "confirmation sent")
            print(format(root.get_span_context().trace_id, "032x"), flush=True)

    provider.force_flush()
    provider.shutdown()
    if logger_provider is not None:
        logger_provider.force_flush()
        logger_provider.shutdown()


if __name__ == "__main__":
    main()
