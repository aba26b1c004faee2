/// Writes the model back as OTLP protobuf, field by field in field-number order as swift-protobuf does: how a
/// span cut to the intake limits re-enters the canonical form, and how spans made in code (tests, benchmarks)
/// become a `SpanBatch`.
extension ProtobufWriter {
    /// The fields of a `Span` message.
    public mutating func span(_ span: Span) {
        bytesField(1, span.traceID.bytes)
        bytesField(2, span.spanID.bytes)
        stringField(3, span.traceState)
        if let parent = span.parentSpanID { bytesField(4, parent.bytes) }
        stringField(5, span.name)
        varintField(6, UInt64(span.kind.otlpValue))
        fixed64Field(7, span.startUnixNano)
        fixed64Field(8, span.endUnixNano)
        for attribute in span.attributes { messageField(9) { $0.keyValue(attribute) } }
        varintField(10, UInt64(span.droppedAttributesCount))
        for event in span.events {
            messageField(11) { writer in
                writer.fixed64Field(1, event.timeUnixNano)
                writer.stringField(2, event.name)
                for attribute in event.attributes { writer.messageField(3) { $0.keyValue(attribute) } }
            }
        }
        varintField(12, UInt64(span.droppedEventsCount))
        for link in span.links {
            messageField(13) { writer in
                if let traceID = link.traceID { writer.bytesField(1, traceID.bytes) }
                if let spanID = link.spanID { writer.bytesField(2, spanID.bytes) }
                writer.stringField(3, link.traceState)
                for attribute in link.attributes { writer.messageField(4) { $0.keyValue(attribute) } }
                writer.fixed32Field(6, link.flags)
            }
        }
        varintField(14, UInt64(span.droppedLinksCount))
        if span.status != .unset || !span.statusMessage.isEmpty {
            messageField(15) { writer in
                writer.stringField(2, span.statusMessage)
                writer.varintField(3, UInt64(span.status.otlpValue))
            }
        }
        fixed32Field(16, span.flags)
    }

    public mutating func keyValue(_ attribute: Attribute) {
        stringField(1, attribute.key)
        messageField(2) { $0.anyValue(attribute.value) }
    }

    public mutating func anyValue(_ value: AttributeValue) {
        switch value {
        case .string(let text), .other(let text):
            // An empty string is still a set string (the oneof case is written).
            tag(1, .lengthDelimited)
            varint(UInt64(text.utf8.count))
            bytes.append(contentsOf: text.utf8)
        case .bool(let flag):
            tag(2, .varint)
            varint(flag ? 1 : 0)
        case .int(let number):
            tag(3, .varint)
            varint(UInt64(bitPattern: number))
        case .double(let number):
            tag(4, .fixed64)
            withUnsafeBytes(of: number.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        case .array(let values):
            messageField(5) { writer in for element in values { writer.messageField(1) { $0.anyValue(element) } } }
        case .map(let pairs):
            messageField(6) { writer in for pair in pairs { writer.messageField(1) { $0.keyValue(pair) } } }
        case .bytes(let data):
            tag(7, .lengthDelimited)
            varint(UInt64(data.count))
            bytes.append(contentsOf: data)
        }
    }
}

extension SpanBatch {
    /// The canonical form of spans made in code: one `ResourceSpans` and `ScopeSpans` per run of spans that share
    /// resource attributes and scope.
    public init(_ spans: some Sequence<Span>) {
        var request = ProtobufWriter()
        var run: [Span] = []
        func flush() {
            guard let first = run.first else { return }
            request.messageField(1) { resourceSpans in
                resourceSpans.messageField(1) { resource in
                    for attribute in first.resourceAttributes { resource.messageField(1) { $0.keyValue(attribute) } }
                }
                resourceSpans.messageField(2) { scopeSpans in
                    if let scope = first.scope {
                        scopeSpans.messageField(1) { writer in
                            writer.stringField(1, scope.name)
                            writer.stringField(2, scope.version)
                            for attribute in scope.attributes { writer.messageField(3) { $0.keyValue(attribute) } }
                        }
                    }
                    for span in run { scopeSpans.messageField(2) { $0.span(span) } }
                }
            }
            run.removeAll()
        }
        for span in spans {
            if let first = run.first, first.resourceAttributes != span.resourceAttributes || first.scope != span.scope {
                flush()
            }
            run.append(span)
        }
        flush()
        // What was just written is well formed.
        self = request.bytes.withUnsafeBytes { try! SpanBatch(request: $0) }
    }
}

extension SpanKind {
    /// The OTLP enum value.
    public var otlpValue: Int { Int(rawValue) }
}

extension SpanStatusCode {
    /// The OTLP enum value.
    public var otlpValue: Int { Int(rawValue) }
}
