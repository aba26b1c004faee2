extension CompactReader {
    /// The span id of the span starting here (its first 8 bytes).
    @inline(__always)
    func spanID(at start: Int) -> UInt64 {
        UInt64(littleEndian: base.loadUnaligned(fromByteOffset: start, as: UInt64.self))
    }

    /// The kind of the span starting at `start`.
    func spanKind(at start: Int) -> SpanKind {
        let flags = base[start + 8]
        var offset = start + 9
        if flags & 2 == 0 { offset += 8 }
        if flags & 1 != 0 { offset += 8 }
        return SpanKind(rawValue: base[offset]) ?? .unspecified
    }

    /// The span starting here, decoded in full; `decoded` keeps the resources and scopes decoded so far, so the
    /// spans of one trace decode each of theirs once.
    mutating func span(
        low: UInt64, scopeTable: ResourceScopeTable, decoded: inout [ResourceScope: DecodedResourceScope]
    ) -> Span {
        let stored = storedSpan(low: low, scopeTable: scopeTable)
        let context: DecodedResourceScope
        if let known = decoded[stored.context] {
            context = known
        } else {
            context = DecodedResourceScope(attributes: stored.context.resourceAttributes, scope: stored.context.scope)
            decoded[stored.context] = context
        }
        return OTLPSpanBytes.span(
            stored.bytes, traceID: stored.traceID, spanID: stored.spanID, service: stored.service,
            resourceAttributes: context.attributes, scope: context.scope)
    }

    @inline(__always)
    mutating func blob() -> [UInt8] {
        let count = Int(varint())
        defer { offset += count }
        return Array(UnsafeRawBufferPointer(rebasing: base[offset..<offset + count]))
    }

    mutating func logHeader(low: UInt64, baseSeq: UInt64) -> (LogHeader, flags: UInt8) {
        let flags = byte()
        let time = fixed64()
        let seq = baseSeq &+ UInt64(bitPattern: signed())
        let severity = Severity(number: byte())
        var traceID: TraceID?
        if flags & 2 != 0 {
            traceID = flags & 4 != 0 ? TraceID(low64: low) : TraceID(high: fixed64(), low: low)
        }
        let spanID = flags & 1 != 0 ? SpanID(fixed64()) : nil
        return (LogHeader(timeUnixNano: time, seq: seq, severity: severity, traceID: traceID, spanID: spanID), flags)
    }

    mutating func log(low: UInt64, baseSeq: UInt64, in table: StringTable) -> StoredLog {
        let (header, flags) = logHeader(low: low, baseSeq: baseSeq)
        let observed = header.timeUnixNano &+ varint()
        let traceFlags = flags & 8 != 0 ? byte() : nil
        let service = flags & 16 != 0 ? reference(in: table) : nil
        let source = reference(in: table)
        let location: LogLocation
        let journalFields = flags & StoredLogLocation.mask == StoredLogLocation.journalFields
        if journalFields {
            let count = Int(varint())
            location = .journal(
                cursor: String(decoding: UnsafeRawBufferPointer(rebasing: base[offset..<offset + count]), as: UTF8.self))
            offset += count
        } else if flags & StoredLogLocation.mask == StoredLogLocation.journal {
            location = .journal(cursor: string())
        } else if flags & StoredLogLocation.mask == StoredLogLocation.otlp {
            location = .otlp
        } else {
            let path = reference(in: table)
            location = .file(path: path, offset: varint())
        }
        // The message is its bytes, or a place in the record that follows (see `CompactEncoding.messagePlace`).
        let tag = varint()
        var message = ""
        var place: Range<Int>?
        if tag & 1 == 0 {
            let count = Int(tag >> 1)
            message = String(decoding: UnsafeRawBufferPointer(rebasing: base[offset..<offset + count]), as: UTF8.self)
            offset += count
        } else {
            let start = Int(tag >> 1)
            place = start..<start + Int(varint())
        }
        var logAttributes: [Attribute] = []
        var record: String?
        if journalFields {
            // The entry's fields, which its attributes (and its message, when in place) are made of.
            let count = Int(varint())
            let fields = UnsafeRawBufferPointer(rebasing: base[offset..<offset + count])
            logAttributes = JournalEntryFields.attributes(of: fields)
            if let place { message = String(decoding: UnsafeRawBufferPointer(rebasing: fields[place]), as: UTF8.self) }
            offset += count
        } else {
            logAttributes = attributes(in: table)
            if flags & 128 != 0 {
                let count = Int(varint())
                let bytes = UnsafeRawBufferPointer(rebasing: base[offset..<offset + count])
                record = String(decoding: bytes, as: UTF8.self)
                if let place { message = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[place]), as: UTF8.self) }
                offset += count
            }
        }
        let event = LogEvent(
            timeUnixNano: header.timeUnixNano, observedUnixNano: observed, severity: header.severity, message: message,
            service: service, traceID: header.traceID, spanID: header.spanID, traceFlags: traceFlags, source: source,
            location: location, attributes: logAttributes, record: record)
        return StoredLog(event: event, seq: header.seq)
    }
}

/// A resource's attributes and a scope, decoded once for the spans that share them.
struct DecodedResourceScope {
    var attributes: [Attribute]
    var scope: InstrumentationScope?
}
