/// A trace the store knows by one log only: where that log is in the shard's `ItemArena`, and what a record would
/// hold of it, in about a third of a `TraceRecord`'s size. A file's lines mostly come one per trace, so most traces
/// never need a record; the shard turns this into one when a second item of the trace arrives.
///
/// `record(table:)` is the record the store would have built for the log, so every reader (queries, shares, eviction)
/// sees the same trace whichever form holds it.
struct LoneLog {
    // Ordered so that the small fields share the last word.
    var id: TraceID
    /// The log's arrival sequence number, the trace's `seq`.
    var seq: UInt64
    /// The trace's place in its shard's creation order (`TraceRecord.ordinal`).
    var ordinal: UInt64
    var firstSeenNanos: UInt64
    /// The log in the arena, in `CompactEncoding.log` encoding.
    var address: UInt64
    var timeUnixNano: UInt64
    /// The span id, 0 when the log has none (no span has id 0).
    var spanID: UInt64
    var arenaBytes: UInt32
    /// The service's and the source's ids in the shard's `StringTable` (`noService` when the log names none): a
    /// lone log is held only when both are interned.
    var service: UInt16
    var source: UInt16
    var severity: Severity

    static let noService = UInt16.max

    /// What a free slot holds.
    static let vacant = LoneLog(
        id: TraceID(low64: 1)!, seq: 0, ordinal: 0, firstSeenNanos: 0, address: 0, timeUnixNano: 0, spanID: 0,
        arenaBytes: 0, service: noService, source: 0, severity: .unspecified)

    /// Bytes the store counts for it: the entry, its index entry and its entry in the arrival order (its log is
    /// counted in the arena).
    static let footprint = MemoryLayout<LoneLog>.stride + TraceTable.indexOverhead + ArrivalQueue.bytesPerEntry

    /// The service's name, if the log names one.
    func serviceName(in table: StringTable) -> String? {
        service == Self.noService ? nil : table.string(UInt32(service))
    }

    /// The record holding the same: what `TraceRecord.add(logs:)` makes of this log in a new record.
    func record(table: StringTable) -> TraceRecord {
        var record = TraceRecord(id: id, seq: seq, ordinal: ordinal, now: firstSeenNanos)
        record.logItems.append(address)
        record.arenaBytes = arenaBytes
        record.minLogTimeUnixNano = timeUnixNano
        record.maxLogTimeUnixNano = timeUnixNano
        if severity >= .error { record.errorLogs = 1 }
        if let service = serviceName(in: table) { record.logServices.add(service) }
        record.logSources.add(table.string(UInt32(source)))
        if spanID != 0 { record.pending.add(spanID, log: 0) }
        record.bytes = Self.footprint
        return record
    }
}
