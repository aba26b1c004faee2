import Foundation
public import SwiftProtobuf
import TraceLinkCore

/// Turns OTLP trace export requests into tracelink spans.
///
/// This is the reference decoder: it materialises swift-protobuf's generated messages. The hot
/// path (`OTLPTraceReader`) walks the bytes without them and is tested against this one.
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
            for scopeSpans in resourceSpans.scopeSpans {
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
                    result.spans.append(
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
                            }
                        )
                    )
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
        return "unknown_service"
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
        case .bytesValue(let bytes): .other(bytes.base64EncodedString())
        case .arrayValue(let array): .other("[" + array.values.map { value($0).text }.joined(separator: ",") + "]")
        case .kvlistValue(let list):
            .other("{" + list.values.map { "\($0.key)=\(value($0.value).text)" }.joined(separator: ",") + "}")
        case .stringValueStrindex(let index): .other("strindex:\(index)")
        case nil: .other("")
        }
    }
}
