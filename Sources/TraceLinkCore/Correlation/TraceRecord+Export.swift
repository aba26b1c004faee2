/// A held trace's spans sent on as OTLP: the bytes of each span exactly as received, under the resource and scope
/// they came with. What a forwarder sends, and what the fidelity tests compare with a reference re-encoding.
extension TraceRecord {
    /// The spans of `query` held in this record as the protobuf bytes of an `ExportTraceServiceRequest`: spans
    /// in arrival order, one `ScopeSpans` per run of spans that came under the same scope, and one
    /// `ResourceSpans` per run of those that came under the same resource.
    func exportRequest(for query: TraceID, scopeTable: ResourceScopeTable, arena: ItemArena) -> [UInt8] {
        var request = ProtobufWriter()
        var resource: ResourceScope?
        var resourceSpans = ProtobufWriter()
        var scopeSpans = ProtobufWriter()
        var scope: ResourceScope?

        func closeScope() {
            guard let current = scope else { return }
            scopeSpans.bytes.append(contentsOf: current.scopeSchemaField)
            resourceSpans.messageField(2, encoded: scopeSpans.bytes)
            scopeSpans = ProtobufWriter()
            scope = nil
        }
        func closeResource() {
            closeScope()
            guard let current = resource else { return }
            resourceSpans.bytes.append(contentsOf: current.resourceSchemaField)
            request.messageField(1, encoded: resourceSpans.bytes)
            resourceSpans = ProtobufWriter()
            resource = nil
        }

        firstSpan(in: arena) { _, reader in
            var reader = reader
            let stored = reader.storedSpan(low: id.low, scopeTable: scopeTable)
            guard includes(stored.traceID, for: query) else { return false }
            if let current = resource,
                current.resourceField != stored.context.resourceField
                    || current.resourceSchemaField != stored.context.resourceSchemaField
            {
                closeResource()
            }
            if resource == nil {
                resource = stored.context
                resourceSpans.bytes.append(contentsOf: stored.context.resourceField)
            }
            if let current = scope, current != stored.context { closeScope() }
            if scope == nil {
                scope = stored.context
                scopeSpans.bytes.append(contentsOf: stored.context.scopeField)
            }
            scopeSpans.messageField(2, encoded: stored.bytes)
            return false
        }
        closeResource()
        return request.bytes
    }
}

extension CompactReader {
    /// The span starting here as stored: its ids, service, name, resource and scope, and its bytes as received.
    mutating func storedSpan(low: UInt64, scopeTable: ResourceScopeTable) -> StoredSpanBytes {
        let spanID = SpanID(fixed64())!  // stored spans always had valid ids
        let flags = byte()
        let traceID = (flags & 2 != 0 ? TraceID(low64: low) : TraceID(high: fixed64(), low: low))!
        if flags & 1 != 0 { offset += 8 }
        offset += 2
        _ = fixed64()
        _ = varint()
        let context: ResourceScope
        let service: String
        if flags & 4 != 0 {
            context = ResourceScope(resourceField: blob(), resourceSchemaField: blob(), scopeField: blob(), scopeSchemaField: blob())
            service = context.service
        } else {
            let entry = scopeTable.entry(UInt32(varint()))
            context = entry.context
            service = entry.service
        }
        let name = string()
        let count = Int(varint())
        defer { offset += count }
        return StoredSpanBytes(
            traceID: traceID, spanID: spanID, service: service, name: name, context: context,
            bytes: UnsafeRawBufferPointer(rebasing: base[offset..<offset + count]))
    }

    /// The trace id of the span starting here, from its header alone.
    func spanTraceID(low: UInt64) -> TraceID? {
        let flags = base[offset + 8]
        return flags & 2 != 0
            ? TraceID(low64: low)
            : TraceID(high: UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset + 9, as: UInt64.self)), low: low)
    }

    /// The name of the span starting here, without decoding the rest.
    mutating func spanName() -> String {
        offset += 8
        let flags = byte()
        if flags & 2 == 0 { offset += 8 }
        if flags & 1 != 0 { offset += 8 }
        offset += 10
        _ = varint()
        if flags & 4 != 0 {
            for _ in 0..<4 { offset += Int(varint()) }
        } else {
            _ = varint()
        }
        return string()
    }
}

/// A stored span before its bytes are decoded; `bytes` points into the record and lives as long as the read.
struct StoredSpanBytes {
    var traceID: TraceID
    var spanID: SpanID
    var service: String
    var name: String
    var context: ResourceScope
    var bytes: UnsafeRawBufferPointer
}
