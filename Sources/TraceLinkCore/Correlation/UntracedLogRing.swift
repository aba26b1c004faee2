import DequeModule

/// Logs without a trace id, kept per service in arrival order so context logs can join them to a trace by
/// time. Encoded compactly in chunks; bounded by bytes and age, the oldest going first whatever their service.
struct UntracedLogRing {
    /// Consecutive logs of one service; freed when its last log is dropped.
    struct Chunk {
        var data = CompactWriter(bytes: [])
        var ends: [UInt32] = []
        var arrivals: [UInt64] = []
        /// Index of the oldest log still held.
        var head = 0
        let baseSeq: UInt64

        init(baseSeq: UInt64) {
            self.baseSeq = baseSeq
        }

        var footprint: Int { 96 + data.bytes.capacity + 4 * ends.capacity + 8 * arrivals.capacity }

        func start(_ index: Int) -> Int { index == 0 ? 0 : Int(ends[index - 1]) }
    }

    /// The logs of one service (lane 0: logs without a service, and services beyond `laneLimit`).
    struct Lane {
        var service: String
        var chunks: Deque<Chunk> = []
        var count = 0
    }

    static let chunkBytes = 32 << 10
    static let laneLimit = 4096

    var table = StringTable()
    var lanes: [Lane] = [Lane(service: "")]
    var laneIndex: [String: Int] = ["": 0]
    /// The lane of every held log, oldest first.
    var arrival: Deque<UInt16> = []
    private var chunkBytes = 0
    var count = 0

    /// Approximate heap bytes held.
    var bytes: Int { chunkBytes + 2 * arrival.count + table.bytes + 96 * (lanes.count - 1) }

    /// Appends the record at `index` of `batch`.
    mutating func append<Items: LogItems>(_ index: Int, of batch: Items, seq: UInt64, now: UInt64) {
        let lane = self.lane(for: batch.service(at: index) ?? "")
        if lanes[lane].chunks.last.map({ $0.data.bytes.count >= Self.chunkBytes }) ?? true {
            lanes[lane].chunks.append(Chunk(baseSeq: seq))
            chunkBytes += Chunk(baseSeq: seq).footprint
        }
        let last = lanes[lane].chunks.count - 1
        let before = lanes[lane].chunks[last].footprint
        // Encoded straight into the chunk: no scratch copy of the log (grown by the chunk's rule, not doubled).
        let baseSeq = lanes[lane].chunks[last].baseSeq
        lanes[lane].chunks[last].data.reserve(another: batch.encodedSizeEstimate(at: index))
        batch.write(index, seq: seq, baseSeq: baseSeq, to: &lanes[lane].chunks[last].data, table: &table)
        lanes[lane].chunks[last].ends.append(UInt32(lanes[lane].chunks[last].data.bytes.count))
        lanes[lane].chunks[last].arrivals.append(now)
        chunkBytes += lanes[lane].chunks[last].footprint - before
        lanes[lane].count += 1
        arrival.append(UInt16(lane))
        count += 1
    }

    private mutating func lane(for service: String) -> Int {
        if let lane = laneIndex[service] { return lane }
        guard lanes.count < Self.laneLimit else { return 0 }
        lanes.append(Lane(service: service))
        laneIndex[service] = lanes.count - 1
        return lanes.count - 1
    }

    /// Removes the oldest log; returns false when empty.
    mutating func removeOldest() -> Bool {
        guard let lane = arrival.popFirst().map(Int.init), !lanes[lane].chunks.isEmpty else { return false }
        lanes[lane].chunks[0].head += 1
        lanes[lane].count -= 1
        count -= 1
        if lanes[lane].chunks[0].head == lanes[lane].chunks[0].ends.count {
            chunkBytes -= lanes[lane].chunks[0].footprint
            lanes[lane].chunks.removeFirst()
        }
        return true
    }

    /// Drops the oldest logs until the ring holds at most `budget` bytes; returns how many went.
    mutating func trim(toBytes budget: Int) -> Int {
        var removed = 0
        while bytes > budget, removeOldest() { removed += 1 }
        return removed
    }

    /// Drops logs that arrived before `cutoff`; returns how many went.
    mutating func expire(arrivedBefore cutoff: UInt64) -> Int {
        var removed = 0
        while let lane = arrival.first.map(Int.init), let chunk = lanes[lane].chunks.first,
            chunk.arrivals[chunk.head] < cutoff, removeOldest()
        {
            removed += 1
        }
        return removed
    }

    /// Calls `decoded` with each held log of `service` (every log when nil) whose header `admits` accepts.
    func forEachLog(service: String?, _ admits: (LogHeader) -> Bool, decoded: (StoredLog) -> Void) {
        let chosen: [Int]
        var filterByService = false
        if let service {
            if let lane = laneIndex[service], lane != 0 {
                chosen = [lane]
            } else {
                chosen = [0]
                filterByService = true
            }
        } else {
            chosen = Array(lanes.indices)
        }
        for lane in chosen {
            for chunk in lanes[lane].chunks {
                chunk.data.bytes.withUnsafeBytes { raw in
                    for index in chunk.head..<chunk.ends.count {
                        var reader = CompactReader(base: raw, offset: chunk.start(index))
                        let (header, _) = reader.logHeader(low: 0, baseSeq: chunk.baseSeq)
                        guard admits(header) else { continue }
                        reader.offset = chunk.start(index)
                        let log = reader.log(low: 0, baseSeq: chunk.baseSeq, in: table)
                        if filterByService && log.event.service != service { continue }
                        decoded(log)
                    }
                }
            }
        }
    }

    /// Held logs per service with a lane of its own.
    var serviceCounts: [(service: String, count: Int)] {
        lanes.dropFirst().filter { $0.count > 0 }.map { ($0.service, $0.count) }
    }
}
