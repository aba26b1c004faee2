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
}

extension CompactEncoding {
    /// A log; `baseSeq` is the record's (or the chunk's), so the sequence number costs a byte or two.
    mutating func log(_ log: LogEvent, seq: UInt64, baseSeq: UInt64, in table: inout StringTable) {
        var location = StoredLogLocation.file
        switch log.location {
        case .file: break
        case .journal: location = StoredLogLocation.journal
        case .otlp: location = StoredLogLocation.otlp
        }
        logHeader(
            time: log.timeUnixNano, observed: log.observedUnixNano, seq: seq, baseSeq: baseSeq, severity: log.severity,
            traceID: log.traceID, spanID: log.spanID, traceFlags: log.traceFlags, service: log.service,
            hasRecord: log.record != nil, location: location, source: log.source, in: &table)
        switch log.location {
        case .file(let path, let offset):
            reference(path, in: &table)
            varint(offset)
        case .journal(let cursor):
            string(cursor)
        case .otlp:
            break
        }
        var message = log.message
        message.withUTF8 { self.message(UnsafeRawBufferPointer($0)) }
        attributes(log.attributes, in: &table)
        if let record = log.record { string(record) }
    }

    /// The line at `index` of `batch`, in the same encoding as a `LogEvent` of it: its message and record are
    /// copied from the line's bytes.
    mutating func line(_ index: Int, of batch: LineBatch, seq: UInt64, baseSeq: UInt64, in table: inout StringTable) {
        let entry = batch.entries[index]
        logHeader(
            time: entry.timeUnixNano, observed: entry.observedUnixNano, seq: seq, baseSeq: baseSeq,
            severity: entry.severity, traceID: entry.traceID, spanID: entry.spanID, traceFlags: entry.traceFlags,
            service: batch.service(of: entry), hasRecord: entry.hasMessageField, location: StoredLogLocation.file,
            source: batch.source, in: &table)
        reference(batch.path, in: &table)
        varint(entry.offset)
        if case .place(let start, let end) = entry.message {
            // A message field of the line stored below: its place there, not its bytes a second time.
            messagePlace(offset: Int(start - entry.start), count: Int(end - start))
        } else {
            batch.withMessage(entry) { message($0) }
        }
        if entry.truncated { attributes([LineBatch.truncatedAttribute], in: &table) } else { varint(0) }
        if entry.hasMessageField { batch.withLine(entry) { blob($0) } }
    }

    /// The entry at `index` of `batch`: its cursor, its message (as its place in the fields when it stands there as
    /// it is), then its fields as read. Its attributes are made of the fields when it is read.
    mutating func journalEntry(
        _ index: Int, of batch: JournalBatch, seq: UInt64, baseSeq: UInt64, in table: inout StringTable
    ) {
        let entry = batch.entries[index]
        logHeader(
            time: entry.timeUnixNano, observed: entry.observedUnixNano, seq: seq, baseSeq: baseSeq,
            severity: entry.severity, traceID: entry.traceID, spanID: entry.spanID, traceFlags: entry.traceFlags,
            service: batch.service(of: entry), hasRecord: true, location: StoredLogLocation.journalFields,
            source: batch.source, in: &table)
        batch.withCursor(entry) { blob($0) }
        if case .place(let start, let end) = entry.message {
            messagePlace(offset: Int(start) - entry.fields.lowerBound, count: Int(end - start))
        } else {
            batch.withMessage(entry) { message($0) }
        }
        batch.withFields(entry) { blob($0) }
    }

    /// A log's message as its bytes: their count shifted left once (the low bit clear), then the bytes.
    @inline(__always)
    private mutating func message(_ bytes: UnsafeRawBufferPointer) {
        varint(UInt64(bytes.count) << 1)
        append(bytes)
    }

    /// A log's message as a place in its record (the line it was found in, written last): the offset shifted left
    /// once with the low bit set, then the count.
    @inline(__always)
    private mutating func messagePlace(offset: Int, count: Int) {
        varint(UInt64(offset) << 1 | 1)
        varint(UInt64(count))
    }

    /// What every stored log starts with, up to its location: `location` is the flag of its kind (0 for a file).
    @inline(__always)
    private mutating func logHeader(
        time: UInt64, observed: UInt64, seq: UInt64, baseSeq: UInt64, severity: Severity, traceID: TraceID?,
        spanID: SpanID?, traceFlags: UInt8?, service: String?, hasRecord: Bool, location: UInt8, source: String,
        in table: inout StringTable
    ) {
        var flags: UInt8 = location
        if spanID != nil { flags |= 1 }
        if let traceID {
            flags |= 2
            if traceID.isLow64Only { flags |= 4 }
        }
        if traceFlags != nil { flags |= 8 }
        if service != nil { flags |= 16 }
        if hasRecord { flags |= 128 }
        byte(flags)
        fixed64(time)
        signed(Int64(bitPattern: seq &- baseSeq))
        byte(severity.number)
        if let traceID, !traceID.isLow64Only { fixed64(traceID.high) }
        if let spanID { fixed64(spanID.value) }
        varint(observed &- time)
        if let traceFlags { byte(traceFlags) }
        if let service { reference(service, in: &table) }
        reference(source, in: &table)
    }
}

/// Where a stored log comes from, in bits 5 and 6 of its flags: this decides what follows its header.
enum StoredLogLocation {
    static let mask: UInt8 = 32 | 64
    /// A file's path and the offset of the line.
    static let file: UInt8 = 0
    /// A journal cursor, its attributes written like any log's (a `LogEvent` of a journal entry).
    static let journal: UInt8 = 32
    /// Nothing.
    static let otlp: UInt8 = 64
    /// A journal cursor, and the entry's fields last, in place of attributes and record (`journalEntry`).
    static let journalFields: UInt8 = 32 | 64
}

/// How a stored span names its resource and scope.
enum ScopeReference {
    /// An entry of the store's `ResourceScopeTable`.
    case id(UInt32)
    /// Written with the span (the table was full).
    case inline(ScopeEntry)
}
