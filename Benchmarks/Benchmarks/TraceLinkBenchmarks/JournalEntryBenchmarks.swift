import Benchmark
import TraceLinkCore

/// Journal entries from the journal's field pointers to a full store, as the journal source hands them over:
/// each entry's cursor and fields appended to a new `JournalBatch` (the reader sends each batch away), the
/// extraction run on its fields, and the batch inserted, every entry of a new trace. 1000 entries per
/// iteration; allocations per entry are the figure.
func journalEntryBenchmarks() {
    let rounds = RoundCounter()
    let store = CorrelationStore(configuration: .init(memoryBudgetBytes: 16 << 20))
    let entries = NewTraceJournalEntries()
    for _ in 0..<200 { store.insert(journal: entries.batch(round: rounds.next())) }
    Benchmark(
        "JournalEntries.1000EntriesOfNewTraces", configuration: .hotPath(scalingFactor: .kilo, mallocTolerance: 8)
    ) { benchmark in
        let round = rounds.next()
        benchmark.startMeasurement()
        store.insert(journal: entries.batch(round: round))
        benchmark.stopMeasurement()
    }
}

/// A journald service's entries as `sd_journal_enumerate_available_data` gives them (`NAME=value`, trusted fields
/// included), a JSON message with the trace context in each; the round is written into every trace id in place.
final class NewTraceJournalEntries: @unchecked Sendable {
    private var fields: [[UInt8]] = []
    /// Per entry: the range of its fields in `fields`, and where its message's trace id starts.
    private var entries: [(fields: Range<Int>, traceID: Int)] = []
    private let cursor = Array(
        "s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece7;b=6c7c6013a8b34d9fbe6f4b1ee8b8b9c7;m=9b2a;t=5f1a;x=1".utf8)

    init() {
        for index in 0..<1000 {
            let start = fields.count
            for field in [
                "_TRANSPORT=stdout", "_SYSTEMD_UNIT=orders.service", "SYSLOG_IDENTIFIER=orders",
                "_PID=\(4000 + index % 7)", "_UID=998", "_COMM=orders", "_HOSTNAME=node-07", "_BOOT_ID=6c7c6013a8b34d9fbe6f4b1ee8b8b9c7",
                "_SYSTEMD_CGROUP=/system.slice/orders.service", "PRIORITY=6", "CODE_FILE=orders.py",
            ] {
                fields.append(Array(field.utf8))
            }
            let message = #"MESSAGE={"level":"info","trace_id":""#
            entries.append((start..<fields.count + 1, message.utf8.count))
            fields.append(
                Array(
                    (message + String(repeating: "0", count: 32)
                        + #"","span_id":"00f067aa0ba902b7","msg":"order \#(index) processed"}"#).utf8))
        }
    }

    func batch(round: UInt64) -> JournalBatch {
        func hex(_ value: UInt64) -> UInt8 {
            let digit = UInt8(value & 0xF)
            return digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
        }
        var batch = JournalBatch(source: "journal")
        for (index, entry) in entries.enumerated() {
            // The round in the first half of the id and in the first twelve digits of the second (the store keys
            // a trace by it), the entry in its last four.
            fields[entry.fields.upperBound - 1].withUnsafeMutableBufferPointer { message in
                let id = entry.traceID
                for position in 0..<16 { message[id + position] = hex(round >> (60 - 4 * UInt64(position))) }
                for position in 0..<12 { message[id + 16 + position] = hex(round >> (44 - 4 * UInt64(position))) }
                for position in 0..<4 { message[id + 28 + position] = hex(UInt64(index) >> (12 - 4 * UInt64(position))) }
            }
            cursor.withUnsafeBytes { batch.beginEntry(cursor: $0) }
            for field in fields[entry.fields] { field.withUnsafeBytes { batch.appendField($0) } }
            batch.endEntry(
                realtime: 1_764_633_600_000_000, observed: 1_764_633_600_000_000_000, extractor: .default,
                unitServices: [:])
        }
        return batch
    }
}
