import Benchmark
import Synchronization
import TraceLinkCore

/// The correlation store in the state a busy agent keeps it in: full to its memory budget, so that every
/// insert of new traces also evicts the oldest. Each measured iteration inserts traces never seen before.
func storeBenchmarks(batch spanBatch: SpanBatch) {
    let spans = spanBatch.decodedSpans
    let rounds = RoundCounter()
    let fullStore = { CorrelationStore(configuration: .init(memoryBudgetBytes: 16 << 20)) }

    let spanStore = fullStore()
    for _ in 0..<200 { spanStore.insert(spans: renewingTraceIDs(of: spanBatch, round: rounds.next())) }
    Benchmark("StoreInsert.FullStore.1000Spans", configuration: .hotPath(mallocTolerance: 8)) {
        benchmark in
        let batch = renewingTraceIDs(of: spanBatch, round: rounds.next())
        benchmark.startMeasurement()
        spanStore.insert(spans: batch)
        benchmark.stopMeasurement()
    }

    // 1000 lines of 250 traces, as a file tail delivers them, before any span of those traces arrived.
    let logs: [LogEvent] = (0..<1000).map { index in
        LogEvent(
            timeUnixNano: 1_700_000_000_000_000_000 + UInt64(index), observedUnixNano: 1_700_000_000_000_000_000,
            severity: .info, message: "order \(index) created with 3 items, total 129.95 EUR, payment pending",
            service: "checkout", traceID: TraceID(high: 0x5b8e_fff7_9803_8103, low: UInt64(index % 250) + 1),
            spanID: SpanID(UInt64(index) + 1), source: "app-logs",
            location: .file(path: "/var/log/checkout/app.log", offset: UInt64(index) * 300)
        )
    }
    let logStore = fullStore()
    for _ in 0..<200 { logStore.insert(logs: renewingTraceIDs(of: logs, round: rounds.next())) }
    Benchmark("StoreInsert.FullStore.1000LogLinesOf250Traces", configuration: .hotPath(mallocTolerance: 8)) {
        benchmark in
        let batch = renewingTraceIDs(of: logs, round: rounds.next())
        benchmark.startMeasurement()
        logStore.insert(logs: batch)
        benchmark.stopMeasurement()
    }

    // A store holding 100 requests' traces, each span with one log line of its own; the queries the API and UI make.
    let spanLogs: [LogEvent] = spans.enumerated().map { index, span in
        LogEvent(
            timeUnixNano: span.startUnixNano + 1000, observedUnixNano: span.startUnixNano + 2000,
            severity: index % 17 == 0 ? .error : .info, message: "handled \(span.name) for order \(index)",
            service: span.service, traceID: span.traceID, spanID: span.spanID, source: "app-logs",
            location: .file(path: "/var/log/\(span.service)/app.log", offset: UInt64(index) * 300)
        )
    }
    let queryStore = CorrelationStore()
    var traceIDs: [TraceID] = []
    for _ in 0..<100 {
        let round = rounds.next()
        let batch = renewingTraceIDs(of: spans, round: round)
        queryStore.insert(spans: batch)
        queryStore.insert(logs: renewingTraceIDs(of: spanLogs, round: round))
        traceIDs.append(contentsOf: Set(batch.map(\.traceID)).sorted())
    }
    let queried = traceIDs
    let sample = queryStore.trace(queried[0])
    precondition(sample.map { $0.summary.spanCount == 10 && $0.summary.logCount == 10 } == true, "unexpected trace")
    Benchmark("StoreQuery.OneTrace.10Spans10Logs", configuration: .hotPath(scalingFactor: .kilo)) {
        benchmark in
        for index in benchmark.scaledIterations { blackHole(queryStore.trace(queried[index % queried.count])) }
    }
    Benchmark("StoreQuery.Recent20Of10000Traces", configuration: .hotPath(mallocTolerance: 6)) { benchmark in
        for _ in benchmark.scaledIterations { blackHole(queryStore.traces()) }
    }
}

/// Counts measured iterations across calls of a benchmark closure (the runner calls them one at a time).
final class RoundCounter: Sendable {
    private let round = Mutex<UInt64>(0)

    func next() -> UInt64 {
        round.withLock { value in
            value &+= 1
            return value
        }
    }
}

/// The batch with every span's trace id moved to an id of this round (in the index entries, which is what the
/// store keys by; the span bytes keep the old id, which no query here reads).
func renewingTraceIDs(of batch: SpanBatch, round: UInt64) -> SpanBatch {
    var copy = batch
    for index in copy.spans.indices { copy.spans[index].traceID = renewed(copy.spans[index].traceID, round: round) }
    return copy
}

/// Moves every trace id to ids of this round: both halves change, so the store sees new traces (it keys
/// traces by the low half).
func renewingTraceIDs(of spans: [Span], round: UInt64) -> [Span] {
    spans.map { span in
        var copy = span
        copy.traceID = renewed(span.traceID, round: round)
        return copy
    }
}

func renewingTraceIDs(of logs: [LogEvent], round: UInt64) -> [LogEvent] {
    logs.map { log in
        var copy = log
        copy.traceID = log.traceID.map { renewed($0, round: round) }
        return copy
    }
}

private func renewed(_ id: TraceID, round: UInt64) -> TraceID {
    let salt = round &* 0x9E37_79B9_7F4A_7C15
    return TraceID(high: id.high ^ salt, low: id.low ^ salt) ?? id
}
