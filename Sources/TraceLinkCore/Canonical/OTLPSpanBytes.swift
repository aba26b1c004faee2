/// Decodes stored OTLP bytes into the model a query shows: a `Span` with typed attribute values, its events,
/// links, resource and scope. Runs only when a query asks; the bytes were checked on intake, so a malformed
/// part (which cannot occur) ends its decoding quietly instead of failing the query. Invalid UTF-8 is repaired.
public enum OTLPSpanBytes {
    /// Array and key-value-list values nest at most this deep (the intake walk refuses deeper ones).
    public static let maximumValueNesting = 64

    /// The `Span` message in `bytes`; ids were read on intake.
    public static func span(
        _ bytes: UnsafeRawBufferPointer, traceID: TraceID, spanID: SpanID, context: ResourceScope, service: String? = nil
    ) -> Span {
        span(
            bytes, traceID: traceID, spanID: spanID, service: service ?? context.service,
            resourceAttributes: context.resourceAttributes, scope: context.scope)
    }

    /// The same with the resource and scope already decoded (spans of one trace share a few).
    static func span(
        _ bytes: UnsafeRawBufferPointer, traceID: TraceID, spanID: SpanID, service: String,
        resourceAttributes: [Attribute], scope: InstrumentationScope?
    ) -> Span {
        var span = Span(
            traceID: traceID, spanID: spanID, service: service, name: "", kind: .unspecified,
            startUnixNano: 0, endUnixNano: 0, status: .unset, resourceAttributes: resourceAttributes, scope: scope)
        var cursor = ProtobufCursor(bytes)
        do {
            while !cursor.isAtEnd {
                let (field, wireType) = try cursor.readTag()
                switch (field, wireType) {
                case (3, .lengthDelimited): span.traceState = ProtobufCursor.string(try cursor.readLengthDelimited())
                case (4, .lengthDelimited): span.parentSpanID = SpanID(bytes: try cursor.readLengthDelimited())
                case (5, .lengthDelimited): span.name = ProtobufCursor.string(try cursor.readLengthDelimited())
                case (6, .varint): span.kind = SpanKind(otlpValue: Int(truncatingIfNeeded: try cursor.readVarint()))
                case (7, .fixed64): span.startUnixNano = try cursor.readFixed64()
                case (8, .fixed64): span.endUnixNano = try cursor.readFixed64()
                case (9, .lengthDelimited): span.attributes.append(keyValue(try cursor.readLengthDelimited(), nesting: 0))
                case (10, .varint): span.droppedAttributesCount = UInt32(truncatingIfNeeded: try cursor.readVarint())
                case (11, .lengthDelimited): span.events.append(event(try cursor.readLengthDelimited()))
                case (12, .varint): span.droppedEventsCount = UInt32(truncatingIfNeeded: try cursor.readVarint())
                case (13, .lengthDelimited): span.links.append(link(try cursor.readLengthDelimited()))
                case (14, .varint): span.droppedLinksCount = UInt32(truncatingIfNeeded: try cursor.readVarint())
                case (15, .lengthDelimited): (span.status, span.statusMessage) = status(try cursor.readLengthDelimited())
                case (16, .fixed32): span.flags = try cursor.readFixed32()
                default: try cursor.skip(wireType)
                }
            }
        } catch {}
        return span
    }

    static func event(_ bytes: UnsafeRawBufferPointer) -> SpanEvent {
        var event = SpanEvent(name: "", timeUnixNano: 0)
        var cursor = ProtobufCursor(bytes)
        do {
            while !cursor.isAtEnd {
                let (field, wireType) = try cursor.readTag()
                switch (field, wireType) {
                case (1, .fixed64): event.timeUnixNano = try cursor.readFixed64()
                case (2, .lengthDelimited): event.name = ProtobufCursor.string(try cursor.readLengthDelimited())
                case (3, .lengthDelimited): event.attributes.append(keyValue(try cursor.readLengthDelimited(), nesting: 0))
                default: try cursor.skip(wireType)
                }
            }
        } catch {}
        return event
    }

    static func link(_ bytes: UnsafeRawBufferPointer) -> SpanLink {
        var link = SpanLink(traceID: nil, spanID: nil)
        var cursor = ProtobufCursor(bytes)
        do {
            while !cursor.isAtEnd {
                let (field, wireType) = try cursor.readTag()
                switch (field, wireType) {
                case (1, .lengthDelimited): link.traceID = TraceID(bytes: try cursor.readLengthDelimited())
                case (2, .lengthDelimited): link.spanID = SpanID(bytes: try cursor.readLengthDelimited())
                case (3, .lengthDelimited): link.traceState = ProtobufCursor.string(try cursor.readLengthDelimited())
                case (4, .lengthDelimited): link.attributes.append(keyValue(try cursor.readLengthDelimited(), nesting: 0))
                case (6, .fixed32): link.flags = try cursor.readFixed32()
                default: try cursor.skip(wireType)
                }
            }
        } catch {}
        return link
    }

    static func status(_ bytes: UnsafeRawBufferPointer) -> (SpanStatusCode, String) {
        var code = SpanStatusCode.unset
        var message = ""
        var cursor = ProtobufCursor(bytes)
        do {
            while !cursor.isAtEnd {
                let (field, wireType) = try cursor.readTag()
                switch (field, wireType) {
                case (2, .lengthDelimited): message = ProtobufCursor.string(try cursor.readLengthDelimited())
                case (3, .varint): code = SpanStatusCode(otlpValue: Int(truncatingIfNeeded: try cursor.readVarint()))
                default: try cursor.skip(wireType)
                }
            }
        } catch {}
        return (code, message)
    }

    /// A `KeyValue` message.
    public static func keyValue(_ bytes: UnsafeRawBufferPointer, nesting: Int) -> Attribute {
        var key = ""
        var value = AttributeValue.other("")
        var cursor = ProtobufCursor(bytes)
        do {
            while !cursor.isAtEnd {
                let (field, wireType) = try cursor.readTag()
                switch (field, wireType) {
                case (1, .lengthDelimited): key = ProtobufCursor.string(try cursor.readLengthDelimited())
                case (2, .lengthDelimited): value = anyValue(try cursor.readLengthDelimited(), nesting: nesting)
                default: try cursor.skip(wireType)
                }
            }
        } catch {}
        return Attribute(key: key, value: value)
    }

    /// An `AnyValue` message; an empty one (no value set) reads as empty text.
    public static func anyValue(_ bytes: UnsafeRawBufferPointer, nesting: Int) -> AttributeValue {
        var value = AttributeValue.other("")
        guard nesting < maximumValueNesting else { return value }
        var cursor = ProtobufCursor(bytes)
        do {
            while !cursor.isAtEnd {
                let (field, wireType) = try cursor.readTag()
                switch (field, wireType) {
                case (1, .lengthDelimited): value = .string(ProtobufCursor.string(try cursor.readLengthDelimited()))
                case (2, .varint): value = .bool(try cursor.readVarint() != 0)
                case (3, .varint): value = .int(Int64(bitPattern: try cursor.readVarint()))
                case (4, .fixed64): value = .double(Double(bitPattern: try cursor.readFixed64()))
                case (5, .lengthDelimited):
                    var values: [AttributeValue] = []
                    var array = ProtobufCursor(try cursor.readLengthDelimited())
                    while !array.isAtEnd {
                        let (arrayField, arrayWireType) = try array.readTag()
                        if arrayField == 1, arrayWireType == .lengthDelimited {
                            values.append(anyValue(try array.readLengthDelimited(), nesting: nesting + 1))
                        } else {
                            try array.skip(arrayWireType)
                        }
                    }
                    value = .array(values)
                case (6, .lengthDelimited):
                    var pairs: [Attribute] = []
                    var list = ProtobufCursor(try cursor.readLengthDelimited())
                    while !list.isAtEnd {
                        let (listField, listWireType) = try list.readTag()
                        if listField == 1, listWireType == .lengthDelimited {
                            pairs.append(keyValue(try list.readLengthDelimited(), nesting: nesting + 1))
                        } else {
                            try list.skip(listWireType)
                        }
                    }
                    value = .map(pairs)
                case (7, .lengthDelimited): value = .bytes(Array(try cursor.readLengthDelimited()))
                case (8, .varint): value = .other("strindex:\(Int32(truncatingIfNeeded: try cursor.readVarint()))")
                default: try cursor.skip(wireType)
                }
            }
        } catch {}
        return value
    }

    /// The content of a length-delimited field written with its tag (`ScopeEntry`'s fields); empty when absent.
    static func content(ofField field: [UInt8], _ body: (UnsafeRawBufferPointer) -> Void) {
        field.withUnsafeBytes { raw in
            if let content = content(ofField: raw) { body(content) }
        }
    }

    /// The same over borrowed bytes; nil when the field is absent.
    static func content(ofField field: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer? {
        var cursor = ProtobufCursor(field)
        guard !cursor.isAtEnd, let (_, wireType) = try? cursor.readTag(), wireType == .lengthDelimited else { return nil }
        return try? cursor.readLengthDelimited()
    }

    /// The repeated `KeyValue` field `attributesField` of the message in `field`.
    static func messageAttributes(inField field: [UInt8], attributesField: UInt64) -> [Attribute] {
        var attributes: [Attribute] = []
        content(ofField: field) { message in
            var cursor = ProtobufCursor(message)
            while !cursor.isAtEnd, let (number, wireType) = try? cursor.readTag() {
                if number == attributesField, wireType == .lengthDelimited,
                    let keyValue = try? cursor.readLengthDelimited()
                {
                    attributes.append(Self.keyValue(keyValue, nesting: 0))
                } else if (try? cursor.skip(wireType)) == nil {
                    break
                }
            }
        }
        return attributes
    }

    /// The `InstrumentationScope` message in `field`.
    static func scope(inField field: [UInt8]) -> InstrumentationScope {
        var scope = InstrumentationScope(name: "")
        content(ofField: field) { message in
            var cursor = ProtobufCursor(message)
            while !cursor.isAtEnd, let (number, wireType) = try? cursor.readTag() {
                guard wireType == .lengthDelimited else {
                    if (try? cursor.skip(wireType)) == nil { break }
                    continue
                }
                guard let bytes = try? cursor.readLengthDelimited() else { break }
                switch number {
                case 1: scope.name = ProtobufCursor.string(bytes)
                case 2: scope.version = ProtobufCursor.string(bytes)
                case 3: scope.attributes.append(keyValue(bytes, nesting: 0))
                default: break
                }
            }
        }
        return scope
    }

    /// The string in a string field written with its tag.
    static func stringInField(_ field: [UInt8]) -> String {
        var text = ""
        content(ofField: field) { text = ProtobufCursor.string($0) }
        return text
    }
}
