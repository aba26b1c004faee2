extension CompactWriter {
    /// A span from a batch: its fixed fields for the store's own use, its resource and scope by id (or inline
    /// when the table had no room; its service is the resource's), its name, and the `Span` message's bytes as
    /// received. Its trace's low 64 bits are the record's key and not written. Nothing is looked up by string:
    /// the name is copied, not interned.
    mutating func span(_ entry: SpanEntry, in raw: UnsafeRawBufferPointer, context: ScopeReference) {
        fixed64(entry.spanID.value)
        var flags: UInt8 = 0
        if entry.parentSpanID != 0 { flags |= 1 }
        if entry.traceID.isLow64Only { flags |= 2 }
        if case .inline = context { flags |= 4 }
        byte(flags)
        if !entry.traceID.isLow64Only { fixed64(entry.traceID.high) }
        if entry.parentSpanID != 0 { fixed64(entry.parentSpanID) }
        byte(entry.kind.rawValue)
        byte(entry.status.rawValue)
        fixed64(entry.startUnixNano)
        varint(entry.endUnixNano &- entry.startUnixNano)
        switch context {
        case .id(let id): varint(UInt64(id))
        case .inline(let scope):
            blob(UnsafeRawBufferPointer(rebasing: raw[scope.resourceField.range]))
            blob(UnsafeRawBufferPointer(rebasing: raw[scope.resourceSchemaField.range]))
            blob(UnsafeRawBufferPointer(rebasing: raw[scope.scopeField.range]))
            blob(UnsafeRawBufferPointer(rebasing: raw[scope.scopeSchemaField.range]))
        }
        blob(UnsafeRawBufferPointer(rebasing: raw[entry.name.range]))
        blob(UnsafeRawBufferPointer(rebasing: raw[entry.span.range]))
    }

    /// A log with a trace id; `baseSeq` is the record's, so the sequence number costs a byte or two.
    mutating func log(_ log: LogEvent, seq: UInt64, baseSeq: UInt64, in table: inout StringTable) {
        var flags: UInt8 = 0
        if log.spanID != nil { flags |= 1 }
        if let traceID = log.traceID {
            flags |= 2
            if traceID.isLow64Only { flags |= 4 }
        }
        if log.traceFlags != nil { flags |= 8 }
        if log.service != nil { flags |= 16 }
        switch log.location {
        case .file: break
        case .journal: flags |= 32
        case .otlp: flags |= 64
        }
        if log.record != nil { flags |= 128 }
        byte(flags)
        fixed64(log.timeUnixNano)
        signed(Int64(bitPattern: seq &- baseSeq))
        byte(log.severity.number)
        if let traceID = log.traceID, !traceID.isLow64Only { fixed64(traceID.high) }
        if let spanID = log.spanID { fixed64(spanID.value) }
        varint(log.observedUnixNano &- log.timeUnixNano)
        if let traceFlags = log.traceFlags { byte(traceFlags) }
        if let service = log.service { reference(service, in: &table) }
        reference(log.source, in: &table)
        switch log.location {
        case .file(let path, let offset):
            reference(path, in: &table)
            varint(offset)
        case .journal(let cursor):
            string(cursor)
        case .otlp:
            break
        }
        string(log.message)
        attributes(log.attributes, in: &table)
        if let record = log.record { string(record) }
    }
}

/// How a stored span names its resource and scope.
enum ScopeReference {
    /// An entry of the store's `ResourceScopeTable`.
    case id(UInt32)
    /// Written with the span (the table was full).
    case inline(ScopeEntry)
}
