import Testing

@testable import TraceLinkCore

/// A batch takes its sequence numbers before it reaches a shard's lock, so two batches racing to one shard create
/// records out of sequence order; what the shard keeps must not depend on that order.
@Suite("CorrelationShard with records created out of sequence order")
struct CorrelationShardOrderTests {
    static let now: UInt64 = 1_000_000_000

    static func log(_ trace: UInt64, bytes: Int) -> LogEvent {
        CorrelationFixture.log(CorrelationFixture.traceID(trace), message: String(repeating: "m", count: bytes))
    }

    static func insert(_ logs: [LogEvent], firstSeq: UInt64, into shard: inout CorrelationShard) {
        var effects = ShardEffects(wantsEvents: false)
        shard.insert(
            logs: logs, indices: ArraySlice(logs.indices.map(Int32.init)), firstSeq: firstSeq, now: Self.now,
            effects: &effects)
    }

    static func insert(_ spans: [Span], firstSeq: UInt64, into shard: inout CorrelationShard) {
        let batch = SpanBatch(spans)
        let scopes = shard.scopeTable.intern(batch)
        var effects = ShardEffects(wantsEvents: false)
        batch.bytes.withUnsafeBytes { raw in
            shard.insert(
                spans: batch, in: raw, scopes: scopes, indices: ArraySlice(spans.indices.map(Int32.init)),
                firstSeq: firstSeq, now: Self.now, effects: &effects)
        }
    }

    @Test("a later batch with earlier sequence numbers keeps its logs when an earlier record is evicted")
    func logsOfARecordCreatedLaterSurviveEviction() throws {
        var shard = CorrelationShard(scopeTable: ResourceScopeTable(), arena: ItemArena(chunkSize: 4096))
        // W (seq 50) fills a chunk of its own; X (seq 200) arrives with a span only; Y's batch took its
        // sequence number (100) before X's but reached the shard after it, and its log fills the next chunk.
        Self.insert([Self.log(1, bytes: 3000)], firstSeq: 50, into: &shard)
        Self.insert([CorrelationFixture.span(CorrelationFixture.traceID(2), 1)], firstSeq: 200, into: &shard)
        Self.insert([Self.log(3, bytes: 3000)], firstSeq: 100, into: &shard)

        var effects = ShardEffects(wantsEvents: false)
        let evicted = shard.evictOldest(effects: &effects)  // W leaves; X and Y stay
        #expect(evicted)
        let y = try #require(shard.records.record(low: CorrelationFixture.traceID(3).low, table: shard.table))
        let logs = y.logs(table: shard.table, arena: shard.arena)
        #expect(logs.map(\.event.message) == [String(repeating: "m", count: 3000)])
    }

    @Test("eviction by count takes a shard's oldest records whatever their sequence numbers")
    func evictionCountsOutOfOrderRecords() {
        var shard = CorrelationShard(scopeTable: ResourceScopeTable(), arena: ItemArena(chunkSize: 4096))
        Self.insert([Self.log(1, bytes: 10)], firstSeq: 200, into: &shard)
        Self.insert([Self.log(2, bytes: 10)], firstSeq: 100, into: &shard)
        var scratch = EvictionScratch()
        scratch.prepare(shards: 1)
        shard.oldest(coveringBytes: .max, into: &scratch.oldest[0])
        #expect(scratch.oldest[0].map(\.seq) == [200, 100])
        scratch.count(covering: .max)
        var effects = ShardEffects(wantsEvents: false)
        let evicted = shard.evictOldest(scratch.counts[0], notAfter: 200, effects: &effects)
        #expect(evicted == 2)
        #expect(shard.records.count == 0)
    }

    @Test("once the string table is full, a one-log trace of a new service is held as a record, its bytes counted")
    func fullStringTable() throws {
        var shard = CorrelationShard(scopeTable: ResourceScopeTable(), arena: ItemArena(chunkSize: 4096))
        let count = StringTable.capacity + 100
        var bytes = 0
        for index in 0..<count {
            let log = CorrelationFixture.log(CorrelationFixture.traceID(UInt64(index + 1)), service: "service-\(index)")
            var effects = ShardEffects(wantsEvents: false)
            shard.insert(
                logs: [log], indices: [0], firstSeq: UInt64(index), now: Self.now, effects: &effects)
            bytes += effects.bytes
        }
        #expect(shard.records.count == count)
        #expect(shard.bytes == bytes)
        for index in [0, StringTable.capacity - 1, StringTable.capacity, count - 1] {
            let record = try #require(shard.record(answering: CorrelationFixture.traceID(UInt64(index + 1))))
            #expect(record.hasLogs(of: "service-\(index)"))
        }
        // Every trace leaves with what it counted.
        var effects = ShardEffects(wantsEvents: false)
        while shard.evictOldest(effects: &effects) {}
        #expect(shard.bytes == shard.arena.bytes + shard.table.bytes)
        #expect(shard.shares.entries.isEmpty)
    }

    @Test("a lone log's names fit its 16-bit ids")
    func stringTableBound() {
        #expect(StringTable.capacity < Int(LoneLog.noService))
    }
}
