import Testing

@testable import TraceLinkCore

/// The arena reuses a freed chunk only when no copy of it (a query reading outside the shard's lock) holds it, and
/// the shards of a store reuse each other's.
@Suite struct ItemArenaTests {
    /// Appends `count` items of 100 bytes of `byte`, owned by `owner`; returns their addresses.
    static func fill(_ arena: inout ItemArena, owner: UInt64, byte: UInt8, count: Int) -> [UInt64] {
        let item = [UInt8](repeating: byte, count: 100)
        return (0..<count).map { _ in
            item.withUnsafeBytes { bytes in arena.append(owner: owner, estimate: 100) { $0.append(bytes) }.address }
        }
    }

    static func read(_ arena: ItemArena, _ address: UInt64) -> [UInt8] {
        let reader = arena.reader(at: address)
        return Array(reader.base[reader.offset..<reader.offset + 100])
    }

    @Test func aCopyKeepsReadingFreedChunksWhileTheArenaGoesOn() {
        var arena = ItemArena(chunkSize: 4096)
        let old = Self.fill(&arena, owner: 0, byte: 1, count: 100)  // several chunks
        let copy = arena
        arena.release(before: 1)
        _ = Self.fill(&arena, owner: 1, byte: 2, count: 200)
        #expect(old.allSatisfy { Self.read(copy, $0) == [UInt8](repeating: 1, count: 100) })
    }

    @Test func aFreedChunkNoCopyHoldsIsReusedAndReadsAsNew() {
        var arena = ItemArena(chunkSize: 4096)
        let old = Self.fill(&arena, owner: 0, byte: 1, count: 100)
        let oldChunks = Set(old.map { arena.reader(at: $0).base.baseAddress })
        arena.release(before: 1)
        #expect(arena.bytes == 0)
        let new = Self.fill(&arena, owner: 1, byte: 2, count: 100)
        #expect(oldChunks.contains(arena.reader(at: new[0]).base.baseAddress))
        #expect(new.allSatisfy { Self.read(arena, $0) == [UInt8](repeating: 2, count: 100) })
    }

    @Test func oneShardTakesTheChunksAnotherFreed() {
        let pool = ChunkPool(chunkSize: 4096, limit: 8)
        var first = ItemArena(pool: pool)
        var second = ItemArena(pool: pool)
        let old = Self.fill(&first, owner: 0, byte: 1, count: 100)
        let oldChunks = Set(old.map { first.reader(at: $0).base.baseAddress })
        first.release(before: 1)
        #expect(pool.count == oldChunks.count)
        let new = Self.fill(&second, owner: 0, byte: 2, count: 100)
        #expect(Set(new.map { second.reader(at: $0).base.baseAddress }) == oldChunks)
        #expect(pool.count == 0)
        #expect(new.allSatisfy { Self.read(second, $0) == [UInt8](repeating: 2, count: 100) })
    }

    @Test func thePoolKeepsNoMoreThanItsLimit() {
        let pool = ChunkPool(chunkSize: 4096, limit: 2)
        var arena = ItemArena(pool: pool)
        let old = Self.fill(&arena, owner: 0, byte: 1, count: 100)
        #expect(Set(old.map { arena.reader(at: $0).base.baseAddress }).count > 2)
        arena.release(before: 1)
        #expect(pool.count == 2)
    }

    @Test func anEvictionPassKeepsWhatItFreesUpToItsLimitTillTheTrim() {
        let pool = ChunkPool(chunkSize: 4096, limit: 1, passLimit: 100)
        var arena = ItemArena(pool: pool)
        let old = Self.fill(&arena, owner: 0, byte: 1, count: 200)
        let chunks = Set(old.map { arena.reader(at: $0).base.baseAddress }).count
        pool.keepingMore { arena.release(before: 1) }
        #expect(pool.count == chunks)
        pool.trim()
        #expect(pool.count == 1)
        let capped = ChunkPool(chunkSize: 4096, limit: 1, passLimit: 2)
        var second = ItemArena(pool: capped)
        _ = Self.fill(&second, owner: 0, byte: 1, count: 200)
        capped.keepingMore { second.release(before: 1) }
        #expect(capped.count == 2)
        // Past the pass, the pool is back to its own limit: it keeps no more.
        let more = Self.fill(&arena, owner: 1, byte: 2, count: 200)
        #expect(pool.count == 0)
        #expect(Set(more.map { arena.reader(at: $0).base.baseAddress }).count > 1)
        _ = Self.fill(&arena, owner: 2, byte: 3, count: 100)
        arena.release(before: 2)
        #expect(pool.count == 1)
    }
}
