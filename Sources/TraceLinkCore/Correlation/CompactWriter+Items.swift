extension CompactWriter {
    /// A span; its trace's low 64 bits are the record's key and not written.
    mutating func span(_ span: Span, in table: inout StringTable) {
        fixed64(span.spanID.value)
        var flags: UInt8 = 0
        if span.parentSpanID != nil { flags |= 1 }
        if span.traceID.isLow64Only { flags |= 2 }
        byte(flags)
        if !span.traceID.isLow64Only { fixed64(span.traceID.high) }
        if let parent = span.parentSpanID { fixed64(parent.value) }
        reference(span.service, in: &table)
        reference(span.name, in: &table)
        byte(span.kind.rawValue)
        byte(span.status.rawValue)
        string(span.statusMessage)
        fixed64(span.startUnixNano)
        varint(span.endUnixNano &- span.startUnixNano)
        attributes(span.attributes, in: &table)
        varint(UInt64(span.events.count))
        for event in span.events {
            reference(event.name, in: &table)
            varint(event.timeUnixNano &- span.startUnixNano)
            attributes(event.attributes, in: &table)
        }
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
