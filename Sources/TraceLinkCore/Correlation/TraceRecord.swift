/// Everything the store holds for one trace (keyed by the low 64 bits of its id), with a running summary
/// so listing traces never walks their items.
///
/// Items keep their own trace id: a 64-bit id joins the record of its low half, and in the rare case of two
/// 128-bit ids sharing a low half, queries by the full id filter out the other trace's items.
struct TraceRecord {
    /// The best id known: the first 128-bit id seen, else the 64-bit one.
    var id: TraceID
    /// Arrival sequence number of the first item: the eviction order.
    let seq: UInt64
    /// Arrival sequence number of the last item.
    var lastSeq: UInt64
    /// When the first item arrived, on the monotonic clock.
    let firstSeenNanos: UInt64

    var spans: [Span] = []
    /// Span id to index in `spans`, built once the trace has more spans than a linear scan handles well.
    var spanSlots: [UInt64: Int32] = [:]
    var logs: [StoredLog] = []
    /// Logs that carry a span id whose span has not arrived yet, by that span id.
    var pendingBySpan: [UInt64: [Int32]] = [:]

    var bytes: Int
    /// True once an item of another 128-bit id with the same low half arrived (queries then filter by id).
    var mixesTraces = false
    var minStartUnixNano: UInt64 = .max
    var maxEndUnixNano: UInt64 = 0
    var minLogTimeUnixNano: UInt64 = .max
    var maxLogTimeUnixNano: UInt64 = 0
    var errorSpans = 0
    var errorLogs = 0
    /// Index in `spans` of the earliest span without a parent, else of the earliest span.
    var rootSlot: Int32 = -1
    /// Distinct services of the spans.
    var spanServices: [String] = []
    /// Held logs per service (logs without a service are not counted).
    var logServices: [String: Int] = [:]

    static let linearScanLimit = 16

    init(id: TraceID, seq: UInt64, now: UInt64) {
        self.id = id
        self.seq = seq
        self.lastSeq = seq
        self.firstSeenNanos = now
        self.bytes = StoreFootprint.recordOverhead
    }

    func slot(of spanID: SpanID) -> Int? {
        if spans.count <= Self.linearScanLimit {
            return spans.firstIndex { $0.spanID == spanID }
        }
        return spanSlots[spanID.value].map(Int.init)
    }

    /// Start of the trace: its earliest span, or its earliest log when no span arrived.
    var startUnixNano: UInt64 {
        if !spans.isEmpty { return minStartUnixNano }
        return logs.isEmpty ? 0 : minLogTimeUnixNano
    }

    var durationNanos: UInt64 {
        if !spans.isEmpty { return maxEndUnixNano >= minStartUnixNano ? maxEndUnixNano - minStartUnixNano : 0 }
        return logs.isEmpty ? 0 : maxLogTimeUnixNano - minLogTimeUnixNano
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

    /// Adds a span unless one with its id is already held (a retried export); attaches the logs waiting for it.
    mutating func add(_ span: Span, seq: UInt64, effects: inout ShardEffects) {
        guard slot(of: span.spanID) == nil else {
            effects.duplicateSpans += 1
            return
        }
        adopt(span.traceID, seq: seq)
        let wasWithoutSpans = spans.isEmpty
        let index = spans.count
        spans.append(span)
        if spans.count > Self.linearScanLimit {
            if spanSlots.isEmpty {
                spanSlots.reserveCapacity(spans.count * 2)
                for (slot, held) in spans.enumerated() { spanSlots[held.spanID.value] = Int32(slot) }
            } else {
                spanSlots[span.spanID.value] = Int32(index)
            }
        }
        let cost = StoreFootprint.bytes(of: span)
        bytes += cost
        effects.bytes += cost
        effects.spans += 1

        minStartUnixNano = min(minStartUnixNano, span.startUnixNano)
        maxEndUnixNano = max(maxEndUnixNano, span.endUnixNano)
        if span.status == .error { errorSpans += 1 }
        if !spanServices.contains(span.service) { spanServices.append(span.service) }
        updateRoot(with: index)

        if wasWithoutSpans {
            // The trace is now joined: every log held so far counts once, by its source.
            var lastSource: String?
            var run: UInt64 = 0
            for log in logs {
                if log.event.source == lastSource {
                    run += 1
                } else {
                    if let lastSource { effects.countJoined(source: lastSource, by: run) }
                    lastSource = log.event.source
                    run = 1
                }
            }
            if let lastSource { effects.countJoined(source: lastSource, by: run) }
        }

        let waiting = pendingBySpan.removeValue(forKey: span.spanID.value) ?? []
        if !waiting.isEmpty {
            let freed = waiting.count * StoreFootprint.pendingOverhead
            bytes -= freed
            effects.bytes -= freed
            for logIndex in waiting {
                attach(logs[Int(logIndex)].event, to: span, effects: &effects)
            }
        }
        if span.status == .error && effects.wantsEvents {
            let attached = waiting.map { logs[Int($0)] }.sorted { $0.key < $1.key }.map(\.event)
            effects.events.append(.errorSpan(traceID: id, span: span, logs: attached))
        }
    }

    /// Adds a log; attaches it to its span when that span is held, else keeps it waiting for the span.
    mutating func add(_ log: LogEvent, seq: UInt64, effects: inout ShardEffects) {
        if let traceID = log.traceID { adopt(traceID, seq: seq) }
        let index = Int32(logs.count)
        logs.append(StoredLog(event: log, seq: seq))
        var cost = StoreFootprint.bytes(of: log)
        minLogTimeUnixNano = min(minLogTimeUnixNano, log.timeUnixNano)
        maxLogTimeUnixNano = max(maxLogTimeUnixNano, log.timeUnixNano)
        if log.severity >= .error { errorLogs += 1 }
        if let service = log.service { logServices[service, default: 0] += 1 }
        if !spans.isEmpty { effects.countJoined(source: log.source) }
        if let spanID = log.spanID {
            if let slot = slot(of: spanID) {
                attach(log, to: spans[slot], effects: &effects)
            } else {
                pendingBySpan[spanID.value, default: []].append(index)
                cost += StoreFootprint.pendingOverhead
            }
        }
        bytes += cost
        effects.bytes += cost
        effects.logs += 1
    }

    private func attach(_ log: LogEvent, to span: Span, effects: inout ShardEffects) {
        if log.severity >= .error {
            effects.spanErrorLogs[ServiceSpanName(service: span.service, spanName: span.name), default: 0] += 1
        }
        if effects.wantsEvents {
            effects.events.append(.logJoined(traceID: id, span: span, log: log))
        }
    }

    private mutating func updateRoot(with index: Int) {
        let candidate = spans[index]
        guard rootSlot >= 0 else {
            rootSlot = Int32(index)
            return
        }
        let current = spans[Int(rootSlot)]
        let candidateIsRoot = candidate.parentSpanID == nil
        let currentIsRoot = current.parentSpanID == nil
        if candidateIsRoot != currentIsRoot {
            if candidateIsRoot { rootSlot = Int32(index) }
        } else if candidate.startUnixNano < current.startUnixNano {
            rootSlot = Int32(index)
        }
    }

    /// True when the record holds an item of `query`: the whole record for a 64-bit id, else items of that id
    /// or of a 64-bit id.
    func includes(_ itemID: TraceID?, for query: TraceID) -> Bool {
        guard mixesTraces, !query.isLow64Only, let itemID else { return true }
        return itemID.isLow64Only || itemID == query
    }

    /// True when the record answers `query` at all.
    func answers(_ query: TraceID) -> Bool {
        if query.isLow64Only || id == query { return true }
        if id.isLow64Only { return query.low == id.low }
        return spans.contains { $0.traceID == query } || logs.contains { $0.event.traceID == query }
    }
}
