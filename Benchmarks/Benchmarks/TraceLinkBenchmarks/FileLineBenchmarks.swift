import Benchmark
import TraceLinkCore

/// A file's JSON lines from the read buffer to a full store, as the file source hands them over: each line
/// appended to a `LineBatch` (extraction on its bytes) and the batch inserted, every line of a new trace (the
/// shared `lines-side-by-side` load). 1000 lines per iteration; allocations per line are the figure.
func fileLineBenchmarks() {
    let rounds = RoundCounter()
    let store = CorrelationStore(configuration: .init(memoryBudgetBytes: 16 << 20))
    let lines = NewTraceLines()
    let delivery = LineDelivery(store: store)
    for _ in 0..<200 { delivery.deliver(lines.next(round: rounds.next())) }
    Benchmark(
        "FileLines.1000JSONLinesOfNewTraces", configuration: .hotPath(scalingFactor: .kilo, mallocTolerance: 8)
    ) { benchmark in
        // Made before the measurement and in place: the counts are the agent's, not the input's.
        let bytes = lines.next(round: rounds.next())
        benchmark.startMeasurement()
        delivery.deliver(bytes)
        benchmark.stopMeasurement()
    }
}

/// One read buffer's worth of JSON lines, their trace ids new in each round: the round's hex digits are written
/// into the first half of every line's trace id and into the second half's first twelve digits (the store keys a
/// trace by its second half; the last four are the line's), in place (making new text each round would allocate
/// per line).
final class NewTraceLines: @unchecked Sendable {
    private var bytes: [UInt8]
    /// Where each line's trace id starts.
    private let traceIDOffsets: [Int]

    init() {
        let services = ["checkout", "frontend", "cart", "payment", "search", "auth", "inventory"]
        var text = ""
        var offsets: [Int] = []
        for index in 0..<1000 {
            let line =
                #"{"time":"2026-11-25T06:10:00.123456Z","level":"info","service":"\#(services[index % 7])","#
                + #""host":"node-07","logger":"http.server","trace_id":""#
            offsets.append(text.utf8.count + line.utf8.count)
            text += line + String(repeating: "0", count: 16) + String(index, radix: 16).leftPadded(to: 16)
                + #"","span_id":"00f067aa0ba902b7","method":"GET","path":"/api/v1/orders/8123","status":200,"#
                + #""duration_ms":12.431,"user_id":"u-48213","msg":"request completed"}"# + "\n"
        }
        bytes = Array(text.utf8)
        traceIDOffsets = offsets
    }

    func next(round: UInt64) -> [UInt8] {
        bytes.withUnsafeMutableBufferPointer { bytes in
            func hex(_ value: UInt64) -> UInt8 {
                let digit = UInt8(value & 0xF)
                return digit < 10 ? UInt8(ascii: "0") + digit : UInt8(ascii: "a") + digit - 10
            }
            for offset in traceIDOffsets {
                for position in 0..<16 { bytes[offset + position] = hex(round >> (60 - 4 * UInt64(position))) }
                for position in 0..<12 { bytes[offset + 16 + position] = hex(round >> (44 - 4 * UInt64(position))) }
            }
        }
        return bytes
    }
}

/// The file source's part: lines split at newlines into one reused batch, the batch handed to the store.
final class LineDelivery: @unchecked Sendable {
    let store: CorrelationStore
    var batch = LineBatch(source: "app", path: "/var/log/app.log")

    init(store: CorrelationStore) { self.store = store }

    func deliver(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { raw in
            var start = 0
            for end in raw.indices where raw[end] == 0x0A {
                batch.append(
                    UnsafeRawBufferPointer(rebasing: raw[start..<end]), offset: UInt64(start), truncated: false,
                    observed: 1_700_000_000_000_000_000, service: nil, extractor: .default)
                start = end + 1
            }
        }
        store.insert(lines: batch)
        batch.removeAll()
    }
}

extension String {
    fileprivate func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
