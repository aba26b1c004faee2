import Foundation
public import SwiftProtobuf
public import TraceLinkCore

/// Turns OTLP trace export requests into tracelink spans.
///
/// This is the reference decoder: it materialises swift-protobuf's generated messages. The hot
/// path (`SpanBatch(request:)`, and `OTLPSpanBytes` when a query decodes what it stored) walks the bytes
/// without them and is tested against this one.
public enum OTLPTraceDecoder {
    /// Decodes a binary `ExportTraceServiceRequest`.
    public static func decode(protobuf bytes: some SwiftProtobufContiguousBytes) throws(OTLPDecodingError) -> DecodedSpans {
        let request: ExportTraceServiceRequest
        do {
            request = try ExportTraceServiceRequest(serializedBytes: bytes)
        } catch {
            throw OTLPDecodingError("invalid ExportTraceServiceRequest protobuf: \(error)")
        }
        return decode(request)
    }

    /// Converts a decoded request.
    public static func decode(_ request: ExportTraceServiceRequest) -> DecodedSpans {
        var result = DecodedSpans()
        for resourceSpans in request.resourceSpans {
            let service = serviceName(of: resourceSpans.resource.attributes)
            let resourceAttributes = resourceSpans.resource.attributes.map(attribute)
            for scopeSpans in resourceSpans.scopeSpans {
                let scope = scopeSpans.hasScope
                    ? InstrumentationScope(
                        name: scopeSpans.scope.name, version: scopeSpans.scope.version,
                        attributes: scopeSpans.scope.attributes.map(attribute))
                    : nil
                result.spans.reserveCapacity(result.spans.count + scopeSpans.spans.count)
                for otlpSpan in scopeSpans.spans {
                    guard let traceID = otlpSpan.traceID.withUnsafeBytes({ TraceID(bytes: $0) }) else {
                        result.reject("span \"\(otlpSpan.name)\": trace_id must be 16 bytes, not all zero")
                        continue
                    }
                    guard let spanID = otlpSpan.spanID.withUnsafeBytes({ SpanID(bytes: $0) }) else {
                        result.reject("span \"\(otlpSpan.name)\": span_id must be 8 bytes, not all zero")
                        continue
                    }
                    let parent = otlpSpan.parentSpanID.withUnsafeBytes { SpanID(bytes: $0) }
                    var span =
                        Span(
                            traceID: traceID,
                            spanID: spanID,
                            parentSpanID: parent,
                            service: service,
                            name: otlpSpan.name,
                            kind: SpanKind(otlpValue: otlpSpan.kind.rawValue),
                            startUnixNano: otlpSpan.startTimeUnixNano,
                            endUnixNano: otlpSpan.endTimeUnixNano,
                            status: SpanStatusCode(otlpValue: otlpSpan.status.code.rawValue),
                            statusMessage: otlpSpan.status.message,
                            attributes: otlpSpan.attributes.map(attribute),
                            events: otlpSpan.events.map {
                                SpanEvent(name: $0.name, timeUnixNano: $0.timeUnixNano, attributes: $0.attributes.map(attribute))
                            },
                            links: otlpSpan.links.map { link in
                                SpanLink(
                                    traceID: link.traceID.withUnsafeBytes { TraceID(bytes: $0) },
                                    spanID: link.spanID.withUnsafeBytes { SpanID(bytes: $0) }, traceState: link.traceState,
                                    attributes: link.attributes.map(attribute), flags: link.flags)
                            },
                            traceState: otlpSpan.traceState,
                            flags: otlpSpan.flags,
                            resourceAttributes: resourceAttributes,
                            scope: scope
                        )
                    span.droppedAttributesCount = otlpSpan.droppedAttributesCount
                    span.droppedEventsCount = otlpSpan.droppedEventsCount
                    span.droppedLinksCount = otlpSpan.droppedLinksCount
                    result.spans.append(span)
                }
            }
        }
        return result
    }

    /// `service.name` from resource attributes, or `unknown_service` as the SDKs default.
    public static func serviceName(of attributes: [OTLPKeyValue]) -> String {
        for keyValue in attributes where keyValue.key == "service.name" {
            if case .stringValue(let name)? = keyValue.value.value, !name.isEmpty { return name }
        }
        return Span.unknownService
    }

    static func attribute(_ keyValue: OTLPKeyValue) -> Attribute {
        Attribute(key: keyValue.key, value: value(keyValue.value))
    }

    static func value(_ anyValue: OTLPAnyValue) -> AttributeValue {
        switch anyValue.value {
        case .stringValue(let text): .string(text)
        case .boolValue(let flag): .bool(flag)
        case .intValue(let number): .int(number)
        case .doubleValue(let number): .double(number)
        case .bytesValue(let bytes): .bytes(Array(bytes))
        case .arrayValue(let array): .array(array.values.map(value))
        case .kvlistValue(let list): .map(list.values.map(attribute))
        case .stringValueStrindex(let index): .other("strindex:\(index)")
        case nil: .other("")
        }
    }
}
