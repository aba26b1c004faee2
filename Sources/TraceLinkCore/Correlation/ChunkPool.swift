import Synchronization

/// Freed arena chunks of a store's usual size, kept for the next chunk any shard starts: a full store that evicts
/// as it inserts then allocates no chunks. Shared by the shards because one eviction pass frees chunks in some
/// shards and the next batch needs them in others (per shard, pools of the same total size overflowed half the
/// time).
///
/// A pool keeps up to a 16th of the budget, and during an eviction pass up to a quarter of it: a full store frees a
/// batch or two's worth each time, which the next batches take back (a pool of a fixed 16th overflowed on every
/// pass of a store small beside its batches). The store's periodic expiry trims it back to its 16th, so an idle
/// store does not keep what its last pass freed. The spares are not in the store's bytes. A leaf lock: taken under a
/// shard's lock, never the other way round.
final class ChunkPool: Sendable {
    let chunkSize: Int
    /// How many chunks the pool keeps outside an eviction pass.
    let baseLimit: Int
    /// How many it keeps during one.
    let passLimit: Int
    private let state: Mutex<(spares: [ItemArena.Chunk], limit: Int)>

    init(chunkSize: Int, limit: Int = 1, passLimit: Int? = nil) {
        self.chunkSize = chunkSize
        baseLimit = max(limit, 1)
        self.passLimit = max(passLimit ?? 4 * baseLimit, baseLimit)
        var spares: [ItemArena.Chunk] = []
        spares.reserveCapacity(baseLimit)
        state = Mutex((spares, baseLimit))
    }

    /// The pool of a store of `budget` bytes in `shards` shards: chunks of a 64th of a shard's share of the
    /// budget, so that the partly filled chunk of every shard and the chunks not yet free stay a small share of it;
    /// at least 16 KiB, room for a few requests' spans of a trace (a smaller chunk would mostly hold one run and be
    /// sized to it), and at most 1 MiB.
    convenience init(budget: Int, shards: Int) {
        let chunkSize = min(max(budget / (shards * 64), 16 << 10), 1 << 20)
        self.init(chunkSize: chunkSize, limit: budget / 16 / chunkSize, passLimit: budget / 4 / chunkSize)
    }

    /// A spare chunk, if any.
    func take() -> ItemArena.Chunk? {
        state.withLock { $0.spares.popLast() }
    }

    /// Keeps `chunk` (of `chunkSize` bytes, held by no one else) for reuse, unless the pool is full.
    func give(_ chunk: ItemArena.Chunk) {
        state.withLock { state in
            if state.spares.count < state.limit { state.spares.append(chunk) }
        }
    }

    /// Runs an eviction pass, keeping what it frees up to `passLimit` (the chunks the next batches need).
    func keepingMore<Result>(during pass: () -> Result) -> Result {
        state.withLock { $0.limit = passLimit }
        defer { state.withLock { $0.limit = baseLimit } }
        return pass()
    }

    /// Frees the spares past `baseLimit`.
    func trim() {
        state.withLock { state in
            if state.spares.count > baseLimit { state.spares.removeLast(state.spares.count - baseLimit) }
        }
    }

    var count: Int { state.withLock { $0.spares.count } }

    /// Bytes of the spares.
    var bytes: Int { count * chunkSize }
}
