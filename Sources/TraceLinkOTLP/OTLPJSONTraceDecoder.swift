public import TraceLinkCore

/// Decodes `POST /v1/traces` bodies in the OTLP/JSON encoding.
public enum OTLPJSONTraceDecoder {
    static let kindNames = [
        "SPAN_KIND_UNSPECIFIED", "SPAN_KIND_INTERNAL", "SPAN_KIND_SERVER", "SPAN_KIND_CLIENT",
        "SPAN_KIND_PRODUCER", "SPAN_KIND_CONSUMER",
    ]
    static let statusNames = ["STATUS_CODE_UNSET", "STATUS_CODE_OK", "STATUS_CODE_ERROR"]

    public static func decode(json bytes: [UInt8]) throws(OTLPDecodingError) -> DecodedSpans {
        let root = try OTLPJSON.object(from: bytes)
        var result = DecodedSpans()
        for resourceSpans in try OTLPJSON.objects(root, "resourceSpans", "resource_spans") {
            let resource = OTLPJSON.field(resourceSpans, "resource") as? OTLPJSON.Object ?? [:]
            let service = OTLPJSON.serviceName(try OTLPJSON.attributes(resource))
            for scopeSpans in try OTLPJSON.objects(resourceSpans, "scopeSpans", "scope_spans") {
                for object in try OTLPJSON.objects(scopeSpans, "spans") {
                    let name = OTLPJSON.string(object, "name")
                    guard let traceID = TraceID(hex: OTLPJSON.string(object, "traceId", "trace_id")), !traceID.isLow64Only
                    else {
                        result.reject("span \"\(name)\": traceId must be 32 hex digits, not all zero")
                        continue
                    }
                    guard let spanID = SpanID(hex: OTLPJSON.string(object, "spanId", "span_id")) else {
                        result.reject("span \"\(name)\": spanId must be 16 hex digits, not all zero")
                        continue
                    }
                    let status = OTLPJSON.field(object, "status") as? OTLPJSON.Object ?? [:]
                    var events: [SpanEvent] = []
                    for event in try OTLPJSON.objects(object, "events") {
                        events.append(
                            SpanEvent(
                                name: OTLPJSON.string(event, "name"),
                                timeUnixNano: OTLPJSON.unsigned(event, "timeUnixNano", "time_unix_nano"),
                                attributes: try OTLPJSON.attributes(event)
                            )
                        )
                    }
                    result.spans.append(
                        Span(
                            traceID: traceID,
                            spanID: spanID,
                            parentSpanID: SpanID(hex: OTLPJSON.string(object, "parentSpanId", "parent_span_id")),
                            service: service,
                            name: name,
                            kind: SpanKind(otlpValue: OTLPJSON.enumValue(object, "kind", names: kindNames)),
                            startUnixNano: OTLPJSON.unsigned(object, "startTimeUnixNano", "start_time_unix_nano"),
                            endUnixNano: OTLPJSON.unsigned(object, "endTimeUnixNano", "end_time_unix_nano"),
                            status: SpanStatusCode(otlpValue: OTLPJSON.enumValue(status, "code", names: statusNames)),
                            statusMessage: OTLPJSON.string(status, "message"),
                            attributes: try OTLPJSON.attributes(object),
                            events: events
                        )
                    )
                }
            }
        }
        return result
    }
}
