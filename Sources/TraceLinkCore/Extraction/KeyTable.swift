/// The keys of a JSON or logfmt rule compiled for matching on raw bytes without allocation.
///
/// Keys are sorted by their bytes, so the keys sharing a prefix form one contiguous range: a JSON object
/// nested under `trace` only has to look at the range of keys starting with `trace.`.
struct KeyTable: Sendable {
    struct Entry: Sendable {
        var start: Int
        var count: Int
        var role: FieldRole
        /// The key's position within its role; lower wins.
        var rank: Int
    }

    /// All keys' bytes, concatenated.
    let bytes: [UInt8]
    /// Sorted by key bytes.
    let entries: [Entry]
    /// For each first byte, the range of `entries` starting with it (lower bound, upper bound).
    let firstByteLower: [Int32]
    let firstByteUpper: [Int32]

    init(_ keys: FieldKeys) {
        var seen = Set<String>()
        var unique: [(key: [UInt8], role: FieldRole, rank: Int)] = []
        var rankByRole: [FieldRole: Int] = [:]
        for (key, role) in keys.entries where !key.isEmpty && seen.insert(key).inserted {
            let rank = rankByRole[role, default: 0]
            rankByRole[role] = rank + 1
            unique.append((Array(key.utf8), role, rank))
        }
        unique.sort { $0.key.lexicographicallyPrecedes($1.key) }
        var bytes: [UInt8] = []
        var entries: [Entry] = []
        for item in unique {
            entries.append(Entry(start: bytes.count, count: item.key.count, role: item.role, rank: item.rank))
            bytes += item.key
        }
        var lower = [Int32](repeating: 0, count: 256)
        var upper = [Int32](repeating: 0, count: 256)
        for (index, entry) in entries.enumerated().reversed() {
            let first = Int(bytes[entry.start])
            if upper[first] == 0 { upper[first] = Int32(index + 1) }
            lower[first] = Int32(index)
        }
        self.bytes = bytes
        self.entries = entries
        self.firstByteLower = lower
        self.firstByteUpper = upper
    }

    var isEmpty: Bool { entries.isEmpty }

    /// The result of matching one key at one nesting level.
    struct Match {
        /// The entry equal to the whole path, if any.
        var exact: Int?
        /// The entries that continue the path with `.`: the candidates inside an object value.
        var childLower: Int
        var childUpper: Int
        /// How many bytes of those entries the path has consumed (the key plus its dot).
        var childOffset: Int
    }

    /// Matches `line[keyStart..<keyEnd]` against the entries in `lower..<upper`, all of which share their
    /// first `offset` bytes with the path to this key.
    @inline(__always)
    func match(
        _ line: UnsafeBufferPointer<UInt8>, keyStart: Int, keyEnd: Int, lower: Int, upper: Int, offset: Int
    ) -> Match {
        var result = Match(exact: nil, childLower: 0, childUpper: 0, childOffset: offset + (keyEnd - keyStart) + 1)
        let keyCount = keyEnd - keyStart
        guard keyCount > 0 else { return result }
        var lower = lower
        var upper = upper
        if offset == 0 {
            let first = Int(line[keyStart])
            lower = max(lower, Int(firstByteLower[first]))
            upper = min(upper, Int(firstByteUpper[first]))
        }
        guard lower < upper else { return result }
        bytes.withUnsafeBufferPointer { keys in
            entries.withUnsafeBufferPointer { entries in
                var childLower = -1
                var childUpper = -1
                for index in lower..<upper {
                    let entry = entries[index]
                    let remaining = entry.count - offset
                    guard remaining >= keyCount else { continue }
                    let base = entry.start + offset
                    var equal = true
                    for position in 0..<keyCount where keys[base + position] != line[keyStart + position] {
                        equal = false
                        break
                    }
                    guard equal else { continue }
                    if remaining == keyCount {
                        result.exact = index
                    } else if keys[base + keyCount] == UInt8(ascii: ".") {
                        if childLower < 0 { childLower = index }
                        childUpper = index + 1
                    }
                }
                if childLower >= 0 {
                    result.childLower = childLower
                    result.childUpper = childUpper
                }
            }
        }
        return result
    }

    /// The entry equal to `line[keyStart..<keyEnd]` as a whole (logfmt keys), if any.
    @inline(__always)
    func exactMatch(_ line: UnsafeBufferPointer<UInt8>, keyStart: Int, keyEnd: Int) -> Int? {
        match(line, keyStart: keyStart, keyEnd: keyEnd, lower: 0, upper: entries.count, offset: 0).exact
    }
}
