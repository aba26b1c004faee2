/// Everything the store holds for one trace (keyed by the low 64 bits of its id), encoded compactly, with a
/// running summary so listing traces never decodes their items.
///
/// Items keep their own trace id: a 64-bit id joins the record of its low half, and in the rare case of two
/// 128-bit ids sharing a low half, queries by the full id filter out the other trace's items.
struct TraceRecord {
    // Fields are ordered so that the small ones fill the gaps beside the larger ones (the record is a store's
    // largest fixed cost per trace).

    /// The best id known: the first 128-bit id seen, else the 64-bit one.
    var id: TraceID
    /// True once an item of another 128-bit id with the same low half arrived (queries then filter by id).
    var mixesTraces = false
    var rootHasParent = false
    var errorSpans: Int32 = 0
    var errorLogs: Int32 = 0
    /// Index of the earliest span without a parent, else of the earliest span: what a trace list shows.
    var rootSlot: Int32 = -1
    /// Arrival sequence number of the first item: the eviction order across shards.
    let seq: UInt64
    /// The record's place in its shard's arrival order (0, 1, 2, …). Unlike `seq`, which a batch takes before it
    /// reaches the shard's lock, it grows with every trace the shard creates (lone logs too): what the `ItemArena` frees by.
    let ordinal: UInt64
    /// Arrival sequence number of the last item.
    var lastSeq: UInt64
    /// When the first item arrived, on the monotonic clock.
    let firstSeenNanos: UInt64

    /// Where each batch's spans of the trace sit in the shard's `ItemArena`, as a `SpanRun` each, in arrival order.
    var spanRuns = ItemList<UInt64>()
    var spanCount = 0
    /// Span id to index, built once the trace has more spans than a linear scan handles well.
    var spanSlots: [UInt64: Int32] = [:]
    /// The second half of a shared span (Zipkin's client and server halves carry one id), once indexed.
    var sharedHalfSlots: [UInt64: Int32] = [:]
    /// Where each log lives in the shard's `ItemArena`, in `CompactEncoding.log` encoding, in arrival order.
    var logItems = ItemList<UInt64>()
    /// Logs that carry a span id whose span has not arrived yet.
    var pending = PendingLogs()
    /// Encoded bytes of the logs and span runs (held by the arena, not counted in `footprint`): what evicting the
    /// record frees there, once the arena frees their chunks.
    var arenaBytes: UInt32 = 0

    /// Bytes last reported for this record (see `footprint`).
    var bytes = 0
    var minStartUnixNano: UInt64 = .max
    var maxEndUnixNano: UInt64 = 0
    var minLogTimeUnixNano: UInt64 = .max
    var maxLogTimeUnixNano: UInt64 = 0
    var rootStartUnixNano: UInt64 = 0
    /// Spans per service; a trace has few services.
    var spanServices = NameTally()
    /// Held logs per service (logs without a service are not counted); a trace has few.
    var logServices = NameTally()
    /// Held logs per source, to count them as joined when the first span arrives.
    var logSources = NameTally()

    static let linearScanLimit = 16

    init(id: TraceID, seq: UInt64, ordinal: UInt64, now: UInt64) {
        self.id = id
        self.seq = seq
        self.ordinal = ordinal
        self.lastSeq = seq
        self.firstSeenNanos = now
    }

    var logCount: Int { logItems.count }

    /// Approximate heap bytes: the items' addresses, the indexes, and the summary (the logs and spans themselves
    /// are counted by the shard's `ItemArena`).
    var footprint: Int {
        var total = StoreFootprint.recordOverhead
        total += spanRuns.heapBytes
        total += logItems.heapBytes
        if !spanSlots.isEmpty { total += StoreFootprint.allocationOverhead + 16 * spanSlots.capacity + 64 }
        total += pending.heapBytes
        total += spanServices.heapBytes + logServices.heapBytes + logSources.heapBytes
        return total
    }

    /// A reader at span `index` (in arrival order).
    func spanReader(_ index: Int, in arena: ItemArena) -> CompactReader {
        var first = 0
        for run in spanRuns.indices {
            let spans = SpanRun(arena.reader(at: spanRuns[run]))
            if index < first + spans.count { return spans.reader(at: index - first) }
            first += spans.count
        }
        preconditionFailure("span \(index) of \(spanCount)")
    }

    /// Calls `body` with each span's index and where it starts, in arrival order, until `body` returns true;
    /// returns whether it did.
    @discardableResult
    func firstSpan(in arena: ItemArena, where body: (Int, CompactReader) -> Bool) -> Bool {
        var index = 0
        for run in spanRuns.indices {
            let spans = SpanRun(arena.reader(at: spanRuns[run]))
            for offset in 0..<spans.count {
                if body(index, spans.reader(at: offset)) { return true }
                index += 1
            }
        }
        return false
    }

    func slot(of spanID: SpanID, in arena: ItemArena) -> Int? {
        if spanCount <= Self.linearScanLimit {
            var found: Int?
            firstSpan(in: arena) { index, reader in
                guard reader.spanID(at: reader.offset) == spanID.value else { return false }
                found = index
                return true
            }
            return found
        }
        return spanSlots[spanID.value].map(Int.init)
    }

    /// Whether the span with this id on this side is held: a client and a server span may share an id (Zipkin's
    /// shared spans), and each is kept; the same half again is a duplicate (a retried export).
    func holds(_ spanID: SpanID, kind: SpanKind, in arena: ItemArena) -> Bool {
        if spanCount <= Self.linearScanLimit {
            return firstSpan(in: arena) { _, reader in
                reader.spanID(at: reader.offset) == spanID.value
                    && reader.spanKind(at: reader.offset).isServerSide == kind.isServerSide
            }
        }
        func sameHalf(_ slot: Int32) -> Bool {
            let reader = spanReader(Int(slot), in: arena)
            return reader.spanKind(at: reader.offset).isServerSide == kind.isServerSide
        }
        if let slot = spanSlots[spanID.value], sameHalf(slot) { return true }
        return sharedHalfSlots[spanID.value].map(sameHalf) ?? false
    }

    /// Start the trace: its earliest span, or its earliest log when no span arrived.
    var startUnixNano: UInt64 {
        if spanCount > 0 { return minStartUnixNano }
        return logItems.isEmpty ? 0 : minLogTimeUnixNano
    }

    var durationNanos: UInt64 {
        if spanCount > 0 { return maxEndUnixNano >= minStartUnixNano ? maxEndUnixNano - minStartUnixNano : 0 }
        return logItems.isEmpty ? 0 : maxLogTimeUnixNano - minLogTimeUnixNano
    }

    mutating func adopt(_ traceID: TraceID, seq: UInt64) {
        lastSeq = max(lastSeq, seq)
        guard !traceID.isLow64Only else { return }
        if id.isLow64Only {
            id = traceID
        } else if traceID != id {
            mixesTraces = true
        }
    }

    // MARK: - Reading

    /// True when the trace holds a log of `service`.
    func hasLogs(of service: String) -> Bool { logServices.contains(service) }

    func span(at index: Int, scopeTable: ResourceScopeTable, arena: ItemArena) -> Span {
        var reader = spanReader(index, in: arena)
        var decoded: [ResourceScope: DecodedResourceScope] = [:]
        return reader.span(low: id.low, scopeTable: scopeTable, decoded: &decoded)
    }

    func spans(scopeTable: ResourceScopeTable, arena: ItemArena) -> [Span] {
        var spans: [Span] = []
        spans.reserveCapacity(spanCount)
        var decoded: [ResourceScope: DecodedResourceScope] = [:]
        firstSpan(in: arena) { _, reader in
            var reader = reader
            spans.append(reader.span(low: id.low, scopeTable: scopeTable, decoded: &decoded))
            return false
        }
        return spans
    }

    func logs(table: StringTable, arena: ItemArena) -> [StoredLog] {
        logItems.indices.map { index in
            var reader = arena.reader(at: logItems[index])
            return reader.log(low: id.low, baseSeq: seq, in: table)
        }
    }

    /// Calls `body` with each log's header; decodes the log only when `body` asks for it by returning true.
    func forEachLog(table: StringTable, arena: ItemArena, _ body: (LogHeader) -> Bool, decoded: (StoredLog) -> Void) {
        for index in logItems.indices {
            var reader = arena.reader(at: logItems[index])
            let start = reader.offset
            let (header, _) = reader.logHeader(low: id.low, baseSeq: seq)
            guard body(header) else { continue }
            reader.offset = start
            decoded(reader.log(low: id.low, baseSeq: seq, in: table))
        }
    }

    /// Service and name of the root span, read without decoding the rest.
    func rootNames(scopeTable: ResourceScopeTable, arena: ItemArena) -> (service: String, name: String)? {
        guard rootSlot >= 0 else { return nil }
        var reader = spanReader(Int(rootSlot), in: arena)
        let stored = reader.storedSpan(low: id.low, scopeTable: scopeTable)
        return (stored.service, stored.name)
    }

    /// True when `text`'s UTF-8 occurs somewhere in one of the stored spans' runs (a cheap test before decoding
    /// them).
    func spanBytesContain(_ text: String, arena: ItemArena) -> Bool {
        var text = text
        return text.withUTF8 { needle in
            spanRuns.indices.contains { run in
                let spans = SpanRun(arena.reader(at: spanRuns[run]))
                return ByteScanning.contains(UnsafeRawBufferPointer(needle), in: spans.spanBytes)
            }
        }
    }

    func hasSpan(named name: String, arena: ItemArena) -> Bool {
        firstSpan(in: arena) { _, reader in
            var reader = reader
            return reader.spanName() == name
        }
    }

    /// True when the record holds an item of `query`: the whole record for a 64-bit id, else items of that id
    /// or of a 64-bit id.
    func includes(_ itemID: TraceID?, for query: TraceID) -> Bool {
        guard mixesTraces, !query.isLow64Only, let itemID else { return true }
        return itemID.isLow64Only || itemID == query
    }

    /// True when the record answers `query` at all.
    func answers(_ query: TraceID, table: StringTable, arena: ItemArena) -> Bool {
        if query.isLow64Only || id == query { return true }
        if id.isLow64Only { return query.low == id.low }
        guard mixesTraces else { return false }
        return firstSpan(in: arena) { _, reader in reader.spanTraceID(low: id.low) == query }
            || logs(table: table, arena: arena).contains { $0.event.traceID == query }
    }
}
