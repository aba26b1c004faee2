import TraceLinkCore

/// The hot path for OTLP trace requests: walks the protobuf bytes of an `ExportTraceServiceRequest`
/// straight into spans, without swift-protobuf's intermediate messages. Its output is tested equal to
/// `OTLPTraceDecoder` (the reference). Strings with invalid UTF-8 are repaired, not refused.
public struct OTLPTraceReader {
    /// Attribute keys, span names and repeated values, made once per request.
    private var strings = StringCache()
    /// The previous span's attribute count: spans of one request tend to carry alike attributes.
    private var attributeCapacity = 0
    /// How deep the value being read nests (arrays and key-value lists), bounded by `maximumValueNesting`.
    private var valueNesting = 0

    public static func decode(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> DecodedSpans {
        var reader = OTLPTraceReader()
        return try reader.decode(bytes)
    }

    private mutating func decode(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> DecodedSpans {
        var result = DecodedSpans()
        result.spans.reserveCapacity(bytes.count / 256)
        var request = ProtobufCursor(bytes)
        while !request.isAtEnd {
            let (field, wireType) = try request.readTag()
            if field == 1 {
                try readResourceSpans(request.readLengthDelimited(expecting: wireType, field: "resource_spans"), into: &result)
            } else {
                try request.skip(wireType)
            }
        }
        return result
    }

    mutating func readResourceSpans(_ bytes: UnsafeRawBufferPointer, into result: inout DecodedSpans) throws(OTLPDecodingError) {
        // The resource may come after the scope spans on the wire: find it first.
        var service = "unknown_service"
        var scan = ProtobufCursor(bytes)
        while !scan.isAtEnd {
            let (field, wireType) = try scan.readTag()
            if field == 1 {
                service = try serviceName(inResource: scan.readLengthDelimited(expecting: wireType, field: "resource")) ?? service
            } else {
                try scan.skip(wireType)
            }
        }
        var cursor = ProtobufCursor(bytes)
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            if field == 2 {
                let scopeSpans = try cursor.readLengthDelimited(expecting: wireType, field: "scope_spans")
                var scope = ProtobufCursor(scopeSpans)
                while !scope.isAtEnd {
                    let (scopeField, scopeWireType) = try scope.readTag()
                    if scopeField == 2 {
                        try readSpan(scope.readLengthDelimited(expecting: scopeWireType, field: "spans"), service: service, into: &result)
                    } else {
                        try scope.skip(scopeWireType)
                    }
                }
            } else {
                try cursor.skip(wireType)
            }
        }
    }

    func serviceName(inResource bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> String? {
        var cursor = ProtobufCursor(bytes)
        var name: String?
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            if field == 1 {
                let keyValue = try cursor.readLengthDelimited(expecting: wireType, field: "attributes")
                if name == nil, let found = try stringValue(ofKey: "service.name", in: keyValue), !found.isEmpty { name = found }
            } else {
                try cursor.skip(wireType)
            }
        }
        return name
    }

    /// The string value of a KeyValue when its key is `key`.
    func stringValue(ofKey key: StaticString, in keyValue: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> String? {
        var cursor = ProtobufCursor(keyValue)
        var keyMatches = false
        var value: UnsafeRawBufferPointer?
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch field {
            case 1:
                let keyBytes = try cursor.readLengthDelimited(expecting: wireType, field: "key")
                keyMatches = keyBytes.elementsEqual(UnsafeRawBufferPointer(start: key.utf8Start, count: key.utf8CodeUnitCount))
            case 2: value = try cursor.readLengthDelimited(expecting: wireType, field: "value")
            default: try cursor.skip(wireType)
            }
        }
        guard keyMatches, let value else { return nil }
        var anyValue = ProtobufCursor(value)
        var text: String?
        while !anyValue.isAtEnd {
            let (field, wireType) = try anyValue.readTag()
            if field == 1 {
                text = ProtobufCursor.string(try anyValue.readLengthDelimited(expecting: wireType, field: "string_value"))
            } else {
                try anyValue.skip(wireType)
            }
        }
        return text
    }

    mutating func readSpan(_ bytes: UnsafeRawBufferPointer, service: String, into result: inout DecodedSpans) throws(OTLPDecodingError) {
        var cursor = ProtobufCursor(bytes)
        var traceIDBytes = UnsafeRawBufferPointer(start: nil, count: 0)
        var spanIDBytes = UnsafeRawBufferPointer(start: nil, count: 0)
        var parentBytes = UnsafeRawBufferPointer(start: nil, count: 0)
        var nameBytes = UnsafeRawBufferPointer(start: nil, count: 0)
        var kind: UInt64 = 0
        var start: UInt64 = 0
        var end: UInt64 = 0
        var status: SpanStatusCode = .unset
        var statusMessage = ""
        var attributes: [Attribute] = []
        attributes.reserveCapacity(attributeCapacity)
        var events: [SpanEvent] = []
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (1, .lengthDelimited): traceIDBytes = try cursor.readLengthDelimited()
            case (2, .lengthDelimited): spanIDBytes = try cursor.readLengthDelimited()
            case (4, .lengthDelimited): parentBytes = try cursor.readLengthDelimited()
            case (5, .lengthDelimited): nameBytes = try cursor.readLengthDelimited()
            case (6, .varint): kind = try cursor.readVarint()
            case (7, .fixed64): start = try cursor.readFixed64()
            case (8, .fixed64): end = try cursor.readFixed64()
            case (9, .lengthDelimited): attributes.append(try readAttribute(cursor.readLengthDelimited()))
            case (11, .lengthDelimited): events.append(try readEvent(cursor.readLengthDelimited()))
            case (15, .lengthDelimited): (status, statusMessage) = try readStatus(cursor.readLengthDelimited())
            case (1, _), (2, _), (4, _), (5, _), (6, _), (7, _), (8, _), (9, _), (11, _), (15, _):
                throw OTLPDecodingError("invalid protobuf: span field \(field) has wire type \(wireType.rawValue)")
            default: try cursor.skip(wireType)
            }
        }
        attributeCapacity = attributes.count
        let name = strings.string(nameBytes)
        guard let traceID = TraceID(bytes: traceIDBytes) else {
            result.reject("span \"\(name)\": trace_id must be 16 bytes, not all zero")
            return
        }
        guard let spanID = SpanID(bytes: spanIDBytes) else {
            result.reject("span \"\(name)\": span_id must be 8 bytes, not all zero")
            return
        }
        result.spans.append(
            Span(
                traceID: traceID, spanID: spanID, parentSpanID: SpanID(bytes: parentBytes), service: service, name: name,
                kind: SpanKind(otlpValue: Int(truncatingIfNeeded: kind)), startUnixNano: start, endUnixNano: end,
                status: status, statusMessage: statusMessage, attributes: attributes, events: events
            )
        )
    }

    mutating func readStatus(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> (SpanStatusCode, String) {
        var cursor = ProtobufCursor(bytes)
        var code: SpanStatusCode = .unset
        var message = ""
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (2, .lengthDelimited): message = ProtobufCursor.string(try cursor.readLengthDelimited())
            case (3, .varint): code = SpanStatusCode(otlpValue: Int(truncatingIfNeeded: try cursor.readVarint()))
            default: try cursor.skip(wireType)
            }
        }
        return (code, message)
    }

    mutating func readEvent(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> SpanEvent {
        var cursor = ProtobufCursor(bytes)
        var event = SpanEvent(name: "", timeUnixNano: 0)
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (1, .fixed64): event.timeUnixNano = try cursor.readFixed64()
            case (2, .lengthDelimited): event.name = strings.string(try cursor.readLengthDelimited())
            case (3, .lengthDelimited): event.attributes.append(try readAttribute(cursor.readLengthDelimited()))
            default: try cursor.skip(wireType)
            }
        }
        return event
    }

    mutating func readAttribute(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> Attribute {
        var cursor = ProtobufCursor(bytes)
        var key = ""
        var value = AttributeValue.other("")
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (1, .lengthDelimited): key = strings.string(try cursor.readLengthDelimited())
            case (2, .lengthDelimited): value = try readAnyValue(cursor.readLengthDelimited())
            default: try cursor.skip(wireType)
            }
        }
        return Attribute(key: key, value: value)
    }

    /// Array and key-value-list values nest at most this deep (swift-protobuf, the reference, allows 100 message
    /// levels): deeper input is refused instead of recursing until the stack overflows.
    static let maximumValueNesting = 64

    mutating func readAnyValue(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> AttributeValue {
        valueNesting += 1
        defer { valueNesting -= 1 }
        guard valueNesting <= Self.maximumValueNesting else {
            throw OTLPDecodingError("an attribute value nests deeper than \(Self.maximumValueNesting) levels")
        }
        var cursor = ProtobufCursor(bytes)
        var value = AttributeValue.other("")
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (1, .lengthDelimited): value = .string(strings.string(try cursor.readLengthDelimited()))
            case (2, .varint): value = .bool(try cursor.readVarint() != 0)
            case (3, .varint): value = .int(Int64(bitPattern: try cursor.readVarint()))
            case (4, .fixed64): value = .double(Double(bitPattern: try cursor.readFixed64()))
            case (5, .lengthDelimited):
                var array = ProtobufCursor(try cursor.readLengthDelimited())
                var texts: [String] = []
                while !array.isAtEnd {
                    let (arrayField, arrayWireType) = try array.readTag()
                    if arrayField == 1, arrayWireType == .lengthDelimited {
                        texts.append(try readAnyValue(array.readLengthDelimited()).text)
                    } else {
                        try array.skip(arrayWireType)
                    }
                }
                value = .other("[" + texts.joined(separator: ",") + "]")
            case (6, .lengthDelimited):
                var list = ProtobufCursor(try cursor.readLengthDelimited())
                var pairs: [String] = []
                while !list.isAtEnd {
                    let (listField, listWireType) = try list.readTag()
                    if listField == 1, listWireType == .lengthDelimited {
                        let pair = try readAttribute(list.readLengthDelimited())
                        pairs.append("\(pair.key)=\(pair.value.text)")
                    } else {
                        try list.skip(listWireType)
                    }
                }
                value = .other("{" + pairs.joined(separator: ",") + "}")
            case (7, .lengthDelimited): value = .other(Base64.encode(try cursor.readLengthDelimited()))
            case (8, .varint): value = .other("strindex:\(Int32(truncatingIfNeeded: try cursor.readVarint()))")
            default: try cursor.skip(wireType)
            }
        }
        return value
    }
}
