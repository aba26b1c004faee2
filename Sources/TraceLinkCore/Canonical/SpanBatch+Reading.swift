/// The intake walk: an `ExportTraceServiceRequest`'s bytes checked and indexed in one pass, without decoding
/// strings or attributes. Its result is tested equal to swift-protobuf's decoding (the reference).
extension SpanBatch {
    /// Indexes `request` (copied once into the batch). Spans whose trace or span id is invalid are left out and
    /// counted in `refused`; a request that is not a well-formed message throws. Spans past one of `limits`
    /// are marked `overLimits` for `ItemLimits.apply`.
    public init(request: UnsafeRawBufferPointer, limits: ItemLimits = .default) throws(OTLPDecodingError) {
        self.init(bytes: Array(request))
        var walk = SpanBatchWalk(limits: limits)
        // The same storage (not a copy): the walk fills `spans` and `scopes` while it reads `bytes`.
        let request = bytes
        var failure: OTLPDecodingError?
        request.withUnsafeBytes { raw in
            do throws(OTLPDecodingError) { try walk.read(request: raw, into: &self) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}

/// A span that cannot be stored: counted, and the first reason kept (OTLP `partial_success`).
extension SpanBatch {
    mutating func refuse(_ message: @autoclosure () -> String) {
        if refused == 0 { refusalMessage = message() }
        refused += 1
    }
}

struct SpanBatchWalk {
    let limits: ItemLimits
    /// How deep the value being read nests (arrays and key-value lists).
    private var valueNesting = 0
    /// The longest string value seen in the span being read.
    private var longestValue = 0

    init(limits: ItemLimits) { self.limits = limits }

    /// Array and key-value-list values nest at most this deep (swift-protobuf, the reference, allows 100 message
    /// levels): deeper input is refused instead of recursing until the stack overflows.
    static let maximumValueNesting = OTLPSpanBytes.maximumValueNesting

    mutating func read(request raw: UnsafeRawBufferPointer, into batch: inout SpanBatch) throws(OTLPDecodingError) {
        batch.spans.reserveCapacity(raw.count / 256)
        // Room for the resource/scope groups of most requests at once (grown one at a time, a request of ten
        // services reallocated four times).
        batch.scopes.reserveCapacity(16)
        var request = ProtobufCursor(raw)
        while !request.isAtEnd {
            let (field, wireType) = try request.readTag()
            if field == 1 {
                let resourceSpans = try request.readLengthDelimited(expecting: wireType, field: "resource_spans")
                try readResourceSpans(resourceSpans, base: raw, into: &batch)
            } else {
                try request.skip(wireType)
            }
        }
    }

    /// The range in the request of `part`, a buffer inside it.
    @inline(__always)
    static func range(of part: UnsafeRawBufferPointer, in base: UnsafeRawBufferPointer) -> ByteRange {
        guard let start = part.baseAddress, let origin = base.baseAddress else { return .empty }
        return ByteRange(start: start - origin, count: part.count)
    }

    mutating func readResourceSpans(
        _ bytes: UnsafeRawBufferPointer, base: UnsafeRawBufferPointer, into batch: inout SpanBatch
    ) throws(OTLPDecodingError) {
        // The resource and schema URL may come after the scope spans on the wire: find them first.
        var context = ScopeEntry()
        var scan = ProtobufCursor(bytes)
        while !scan.isAtEnd {
            let fieldStart = scan.offset
            let (field, wireType) = try scan.readTag()
            switch field {
            case 1:
                let resource = try scan.readLengthDelimited(expecting: wireType, field: "resource")
                context.resourceField = Self.range(of: UnsafeRawBufferPointer(rebasing: bytes[fieldStart..<scan.offset]), in: base)
                if context.service.isEmpty { context.service = try serviceName(inResource: resource, base: base) }
            case 3:
                _ = try scan.readLengthDelimited(expecting: wireType, field: "schema_url")
                context.resourceSchemaField = Self.range(
                    of: UnsafeRawBufferPointer(rebasing: bytes[fieldStart..<scan.offset]), in: base)
            default:
                try scan.skip(wireType)
            }
        }
        var cursor = ProtobufCursor(bytes)
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            guard field == 2 else {
                try cursor.skip(wireType)
                continue
            }
            let scopeSpans = try cursor.readLengthDelimited(expecting: wireType, field: "scope_spans")
            var scope = context
            scope.scopeField = .empty
            scope.scopeSchemaField = .empty
            var scopeScan = ProtobufCursor(scopeSpans)
            while !scopeScan.isAtEnd {
                let fieldStart = scopeScan.offset
                let (scopeField, scopeWireType) = try scopeScan.readTag()
                switch scopeField {
                case 1, 3:
                    let content = try scopeScan.readLengthDelimited(expecting: scopeWireType, field: "scope")
                    if scopeField == 1 { try checkScope(content) }
                    let range = Self.range(of: UnsafeRawBufferPointer(rebasing: scopeSpans[fieldStart..<scopeScan.offset]), in: base)
                    if scopeField == 1 { scope.scopeField = range } else { scope.scopeSchemaField = range }
                default:
                    try scopeScan.skip(scopeWireType)
                }
            }
            let scopeIndex = Int32(batch.scopes.count)
            batch.scopes.append(scope)
            var spans = ProtobufCursor(scopeSpans)
            while !spans.isAtEnd {
                let (scopeField, scopeWireType) = try spans.readTag()
                if scopeField == 2 {
                    let span = try spans.readLengthDelimited(expecting: scopeWireType, field: "spans")
                    try readSpan(span, base: base, scope: scopeIndex, into: &batch)
                } else {
                    try spans.skip(scopeWireType)
                }
            }
        }
    }

    /// The range of the `service.name` string value among the resource's attributes; empty when absent.
    mutating func serviceName(inResource bytes: UnsafeRawBufferPointer, base: UnsafeRawBufferPointer) throws(OTLPDecodingError)
        -> ByteRange
    {
        var cursor = ProtobufCursor(bytes)
        var name = ByteRange.empty
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            if field == 1 {
                let keyValue = try cursor.readLengthDelimited(expecting: wireType, field: "attributes")
                let value = try checkKeyValue(keyValue, wantKey: "service.name")
                if name.isEmpty, let value { name = Self.range(of: value, in: base) }
            } else {
                try cursor.skip(wireType)
            }
        }
        return name
    }

    mutating func checkScope(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) {
        var cursor = ProtobufCursor(bytes)
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            if field == 3 {
                _ = try checkKeyValue(cursor.readLengthDelimited(expecting: wireType, field: "attributes"), wantKey: nil)
            } else {
                try cursor.skip(wireType)
            }
        }
    }

    mutating func readSpan(
        _ bytes: UnsafeRawBufferPointer, base: UnsafeRawBufferPointer, scope: Int32, into batch: inout SpanBatch
    ) throws(OTLPDecodingError) {
        var cursor = ProtobufCursor(bytes)
        var traceIDBytes = UnsafeRawBufferPointer(start: nil, count: 0)
        var spanIDBytes = UnsafeRawBufferPointer(start: nil, count: 0)
        var parent: UInt64 = 0
        var name = ByteRange.empty
        var kind: UInt64 = 0
        var start: UInt64 = 0
        var end: UInt64 = 0
        var status: SpanStatusCode = .unset
        var attributeCount = 0
        var eventCount = 0
        var eventOverLimit = false
        longestValue = 0
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (1, .lengthDelimited): traceIDBytes = try cursor.readLengthDelimited()
            case (2, .lengthDelimited): spanIDBytes = try cursor.readLengthDelimited()
            case (3, .lengthDelimited): _ = try cursor.readLengthDelimited()
            case (4, .lengthDelimited): parent = SpanID(bytes: try cursor.readLengthDelimited())?.value ?? 0
            case (5, .lengthDelimited): name = Self.range(of: try cursor.readLengthDelimited(), in: base)
            case (6, .varint): kind = try cursor.readVarint()
            case (7, .fixed64): start = try cursor.readFixed64()
            case (8, .fixed64): end = try cursor.readFixed64()
            case (9, .lengthDelimited):
                _ = try checkKeyValue(cursor.readLengthDelimited(), wantKey: nil)
                attributeCount += 1
            case (11, .lengthDelimited):
                if try checkEvent(cursor.readLengthDelimited()) > limits.maxAttributes { eventOverLimit = true }
                eventCount += 1
            case (13, .lengthDelimited): try checkLink(cursor.readLengthDelimited())
            case (15, .lengthDelimited): status = try readStatus(cursor.readLengthDelimited())
            case (10, .varint), (12, .varint), (14, .varint): _ = try cursor.readVarint()
            case (16, .fixed32): _ = try cursor.readFixed32()
            case (1...16, _):
                throw OTLPDecodingError("invalid protobuf: span field \(field) has wire type \(wireType.rawValue)")
            default: try cursor.skip(wireType)
            }
        }
        guard let traceID = TraceID(bytes: traceIDBytes) else {
            let text = batch.text(name)
            batch.refuse("span \"\(text)\": trace_id must be 16 bytes, not all zero")
            return
        }
        guard let spanID = SpanID(bytes: spanIDBytes) else {
            let text = batch.text(name)
            batch.refuse("span \"\(text)\": span_id must be 8 bytes, not all zero")
            return
        }
        var entry = SpanEntry(
            traceID: traceID, spanID: spanID, parentSpanID: parent, startUnixNano: start, endUnixNano: end,
            kind: SpanKind(otlpValue: Int(truncatingIfNeeded: kind)), status: status, name: name,
            span: Self.range(of: bytes, in: base), scope: scope)
        entry.overLimits = attributeCount > limits.maxAttributes || eventCount > limits.maxEventsPerSpan
            || eventOverLimit || longestValue > limits.maxAttributeValueBytes
        batch.spans.append(entry)
    }

    /// Checks a `KeyValue`; returns the string value's bytes when the key is `wantKey`.
    mutating func checkKeyValue(_ bytes: UnsafeRawBufferPointer, wantKey: StaticString?) throws(OTLPDecodingError)
        -> UnsafeRawBufferPointer?
    {
        // The short form holds no nested value; the walk's nesting limit still applies to it.
        if valueNesting < Self.maximumValueNesting, let (key, value) = shortKeyValue(bytes) {
            let keyMatches = wantKey.map { key.elementsEqual(UnsafeRawBufferPointer(start: $0.utf8Start, count: $0.utf8CodeUnitCount)) }
            return keyMatches == true ? value : nil
        }
        var cursor = ProtobufCursor(bytes)
        var keyMatches = false
        var text: UnsafeRawBufferPointer?
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (1, .lengthDelimited):
                let key = try cursor.readLengthDelimited()
                if let wantKey {
                    keyMatches = key.elementsEqual(UnsafeRawBufferPointer(start: wantKey.utf8Start, count: wantKey.utf8CodeUnitCount))
                }
            case (2, .lengthDelimited): text = try checkAnyValue(cursor.readLengthDelimited())
            case (1, _), (2, _): throw OTLPDecodingError("invalid protobuf: key-value field \(field) has wire type \(wireType.rawValue)")
            default: try cursor.skip(wireType)
            }
        }
        return keyMatches ? text : nil
    }

    /// The common `KeyValue` read without the general walk: a key and a scalar value, each under 128 bytes, in
    /// field order (`0A len key 12 len value`), the value a string, bool, int or double. Returns the key, and the
    /// string's bytes when the value is one; nil when the attribute has another shape (the general walk reads it).
    /// Keeps `longestValue` as the walk does.
    @inline(__always)
    private mutating func shortKeyValue(
        _ bytes: UnsafeRawBufferPointer
    ) -> (key: UnsafeRawBufferPointer, text: UnsafeRawBufferPointer?)? {
        guard let key = Self.shortField(bytes, at: 0, tag: 0x0A),
            let value = Self.shortField(bytes, at: key.upperBound, tag: 0x12), value.upperBound == bytes.count
        else { return nil }
        let valueBytes = UnsafeRawBufferPointer(rebasing: bytes[value])
        guard let first = valueBytes.first else { return nil }
        var text: UnsafeRawBufferPointer?
        switch first {
        case 0x0A:  // string_value
            guard let string = Self.shortField(valueBytes, at: 0, tag: 0x0A), string.upperBound == valueBytes.count
            else { return nil }
            if string.count > longestValue { longestValue = string.count }
            text = UnsafeRawBufferPointer(rebasing: valueBytes[string])
        case 0x10, 0x18:  // bool_value, int_value: one varint of at most ten bytes that ends the value
            guard valueBytes.count >= 2, valueBytes.count <= 11, valueBytes[valueBytes.count - 1] < 0x80,
                valueBytes.dropFirst().dropLast().allSatisfy({ $0 >= 0x80 })
            else { return nil }
        case 0x21:  // double_value
            guard valueBytes.count == 9 else { return nil }
        default:
            return nil
        }
        return (UnsafeRawBufferPointer(rebasing: bytes[key]), text)
    }

    /// The content of a length-delimited field with a one-byte `tag` and a one-byte length at `offset`, when it is
    /// one and lies within `bytes`.
    @inline(__always)
    private static func shortField(_ bytes: UnsafeRawBufferPointer, at offset: Int, tag: UInt8) -> Range<Int>? {
        guard offset + 2 <= bytes.count, bytes[offset] == tag, bytes[offset + 1] < 0x80 else { return nil }
        let end = offset + 2 + Int(bytes[offset + 1])
        return end <= bytes.count ? (offset + 2)..<end : nil
    }

    /// Checks an `AnyValue`; returns its string value's bytes when it holds one.
    mutating func checkAnyValue(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> UnsafeRawBufferPointer? {
        valueNesting += 1
        defer { valueNesting -= 1 }
        guard valueNesting <= Self.maximumValueNesting else {
            throw OTLPDecodingError("an attribute value nests deeper than \(Self.maximumValueNesting) levels")
        }
        var cursor = ProtobufCursor(bytes)
        var text: UnsafeRawBufferPointer?
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (1, .lengthDelimited):
                let value = try cursor.readLengthDelimited()
                if value.count > longestValue { longestValue = value.count }
                text = value
            case (2, .varint), (3, .varint), (8, .varint): _ = try cursor.readVarint()
            case (4, .fixed64): _ = try cursor.readFixed64()
            case (7, .lengthDelimited): _ = try cursor.readLengthDelimited()
            case (5, .lengthDelimited), (6, .lengthDelimited):
                var list = ProtobufCursor(try cursor.readLengthDelimited())
                while !list.isAtEnd {
                    let (listField, listWireType) = try list.readTag()
                    if listField == 1, listWireType == .lengthDelimited {
                        let element = try list.readLengthDelimited()
                        if field == 5 { _ = try checkAnyValue(element) } else { _ = try checkKeyValue(element, wantKey: nil) }
                    } else {
                        try list.skip(listWireType)
                    }
                }
            case (1...8, _): throw OTLPDecodingError("invalid protobuf: value field \(field) has wire type \(wireType.rawValue)")
            default: try cursor.skip(wireType)
            }
        }
        return text
    }

    /// Checks an `Event`; returns its attribute count.
    mutating func checkEvent(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> Int {
        var cursor = ProtobufCursor(bytes)
        var attributes = 0
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (1, .fixed64): _ = try cursor.readFixed64()
            case (2, .lengthDelimited): _ = try cursor.readLengthDelimited()
            case (3, .lengthDelimited):
                _ = try checkKeyValue(cursor.readLengthDelimited(), wantKey: nil)
                attributes += 1
            case (1...3, _): throw OTLPDecodingError("invalid protobuf: event field \(field) has wire type \(wireType.rawValue)")
            default: try cursor.skip(wireType)
            }
        }
        return attributes
    }

    mutating func checkLink(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) {
        var cursor = ProtobufCursor(bytes)
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (1, .lengthDelimited), (2, .lengthDelimited), (3, .lengthDelimited): _ = try cursor.readLengthDelimited()
            case (4, .lengthDelimited): _ = try checkKeyValue(cursor.readLengthDelimited(), wantKey: nil)
            case (1...4, _): throw OTLPDecodingError("invalid protobuf: link field \(field) has wire type \(wireType.rawValue)")
            default: try cursor.skip(wireType)
            }
        }
    }

    mutating func readStatus(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> SpanStatusCode {
        var cursor = ProtobufCursor(bytes)
        var code: SpanStatusCode = .unset
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (2, .lengthDelimited):
                let message = try cursor.readLengthDelimited()
                if message.count > longestValue { longestValue = message.count }
            case (3, .varint): code = SpanStatusCode(otlpValue: Int(truncatingIfNeeded: try cursor.readVarint()))
            default: try cursor.skip(wireType)
            }
        }
        return code
    }
}

extension SpanBatch {
    /// The bytes of `range` as text (invalid UTF-8 repaired).
    func text(_ range: ByteRange) -> String {
        withBytes(range) { String(decoding: $0, as: UTF8.self) }
    }
}
