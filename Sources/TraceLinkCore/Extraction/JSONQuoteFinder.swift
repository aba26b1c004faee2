internal import CIntrinsics

/// Finds the quotes of a JSON line that delimit strings: the `"`s not escaped by a backslash.
///
/// The line is classified 64 bytes at a time (`tracelink_quote_masks`, SSE2) as the scan moves forward: one bit per
/// quote, escaped ones cleared with simdjson's carry trick, so that finding a string's end is a bit search instead
/// of a byte search and a look back over backslashes. Each block is classified once, in order (a run of
/// backslashes can escape the first byte of the next block); positions asked for must not go backwards.
struct JSONQuoteFinder {
    private let line: UnsafeBufferPointer<UInt8>
    /// Where the classified block starts (-64 before the first).
    private var blockStart = -64
    /// The block's unescaped quotes.
    private var quotes: UInt64 = 0
    /// 1 when the block ended in an odd run of backslashes: the next block's first byte is escaped.
    private var nextEscaped: UInt64 = 0
    /// Whether a block classified so far holds a backslash: when not, no string ending before the last quote found
    /// has an escape to resolve (so its bytes are its text).
    private(set) var sawBackslash = false

    init(_ line: UnsafeBufferPointer<UInt8>) {
        self.line = line
    }

    /// The first unescaped quote at or after `from`, or nil. `from` must not be before an earlier call's block.
    @inline(__always)
    mutating func next(from: Int) -> Int? {
        assert(from >= blockStart, "JSONQuoteFinder is asked from \(from), before the block at \(blockStart)")
        var position = from
        while position < line.count {
            while position >= blockStart + 64 { classifyNextBlock() }
            let found = quotes & (~0 << UInt64(position - blockStart))
            if found != 0 { return blockStart + found.trailingZeroBitCount }
            position = blockStart + 64
        }
        return nil
    }

    /// Moves to the next block and classifies it; the line's last, partial block is read from a zero-padded copy.
    private mutating func classifyNextBlock() {
        blockStart += 64
        var quoteBits: UInt64 = 0
        var backslashBits: UInt64 = 0
        let base = line.baseAddress! + blockStart
        let remaining = line.count - blockStart
        if remaining >= 64 {
            tracelink_quote_masks(base, &quoteBits, &backslashBits)
        } else {
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 64) { padded in
                padded.initialize(repeating: 0)
                _ = padded.initialize(from: UnsafeBufferPointer(start: base, count: remaining))
                tracelink_quote_masks(padded.baseAddress!, &quoteBits, &backslashBits)
            }
        }
        quotes = quoteBits & ~Self.escaped(by: backslashBits, carry: &nextEscaped)
        if backslashBits != 0 { sawBackslash = true }
    }

    private static let oddBits: UInt64 = 0xAAAA_AAAA_AAAA_AAAA

    /// The bytes of a block escaped by a backslash: each byte after an odd run of backslashes (simdjson's
    /// `json_escape_scanner`). `carry` is 1 when the previous block's last byte escapes this block's first, and is
    /// set for the next block.
    @inline(__always)
    static func escaped(by backslashes: UInt64, carry: inout UInt64) -> UInt64 {
        guard backslashes != 0 else {
            let escaped = carry
            carry = 0
            return escaped
        }
        // A backslash escaped by the previous block's run starts no escape of its own.
        let potentialEscapes = backslashes & ~carry
        // Subtracting each run's start from the odd bits flips the runs that start on an even byte; with the odd
        // bits flipped back, every escaping backslash and every escaped byte is set.
        let escapesAndEscaped = (((potentialEscapes << 1) | oddBits) &- potentialEscapes) ^ oddBits
        let escaped = escapesAndEscaped ^ (backslashes | carry)
        carry = (escapesAndEscaped & backslashes) >> 63
        return escaped
    }
}
