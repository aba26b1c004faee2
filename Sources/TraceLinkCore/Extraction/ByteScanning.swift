#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// Byte-level primitives shared by the scanners: libc `memchr` for long skips, ASCII classes by table.
enum ByteScanning {
    /// The index of the first `byte` in `bytes[from..<to]`, or nil.
    ///
    /// The first 32 bytes are searched eight at a time in registers (most keys and values are short and a
    /// libc call costs more than the search); the rest by `memchr`, which is vectorised.
    @inline(__always)
    static func find(_ byte: UInt8, in bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int? {
        guard from < to, let base = bytes.baseAddress else { return nil }
        var index = from
        let pattern = UInt64(byte) &* 0x0101_0101_0101_0101
        let shortEnd = min(to, from + 32)
        while index + 8 <= shortEnd {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self) ^ pattern
            let found = (word &- 0x0101_0101_0101_0101) & ~word & 0x8080_8080_8080_8080
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        if index < shortEnd, to - index < 8 {
            while index < to {
                if base[index] == byte { return index }
                index += 1
            }
            return nil
        }
        guard index < to, let hit = memchr(base + index, Int32(byte), to - index) else { return nil }
        return UnsafeRawPointer(hit) - UnsafeRawPointer(base)
    }

    /// The index of the first byte in `bytes[from..<to]` that is `=` (when `orEquals`) or at most 0x20
    /// (blanks and control bytes), or `to`. Eight bytes per step; callers check the exact class.
    @inline(__always)
    static func nextDelimiter(_ bytes: UnsafeBufferPointer<UInt8>, from: Int, to: Int, orEquals: Bool) -> Int {
        guard let base = bytes.baseAddress else { return to }
        let ones: UInt64 = 0x0101_0101_0101_0101
        let high: UInt64 = 0x8080_8080_8080_8080
        var index = from
        while index + 8 <= to {
            let word = UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            // Bytes below 0x21; the lowest flag is exact, which is all that is read.
            var found = (word &- ones &* 0x21) & ~word & high
            if orEquals {
                let equals = word ^ (ones &* 0x3D)
                found |= (equals &- ones) & ~equals & high
            }
            if found != 0 { return index + found.trailingZeroBitCount / 8 }
            index += 8
        }
        while index < to {
            let byte = base[index]
            if byte <= 0x20 || (orEquals && byte == UInt8(ascii: "=")) { return index }
            index += 1
        }
        return to
    }

    /// The index of the `"` that closes a string whose content starts at `start` (a quote not escaped
    /// by an odd run of backslashes), or nil when the string is unterminated.
    @inline(__always)
    static func closingQuote(in bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int? {
        var search = start
        while let quote = find(UInt8(ascii: "\""), in: bytes, from: search, to: end) {
            var backslashes = 0
            var back = quote - 1
            while back >= start && bytes[back] == UInt8(ascii: "\\") {
                backslashes += 1
                back -= 1
            }
            if backslashes & 1 == 0 { return quote }
            search = quote + 1
        }
        return nil
    }

    /// True for space, tab, CR, LF.
    @inline(__always)
    static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x09 || byte == 0x0A || byte == 0x0D
    }

    /// True for ASCII letters and digits.
    @inline(__always)
    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return (byte >= 0x30 && byte <= 0x39) || (lower >= 0x61 && lower <= 0x7A)
    }

    /// True for ASCII digits.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// ASCII lowercase of one byte.
    @inline(__always)
    static func lowercased(_ byte: UInt8) -> UInt8 {
        byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
    }

    /// True when `bytes[at...]` starts with `literal` compared case-insensitively (`literal` is lowercase ASCII).
    @inline(__always)
    static func hasPrefixIgnoringCase(
        _ bytes: UnsafeBufferPointer<UInt8>, at: Int, end: Int, _ literal: StaticString
    ) -> Bool {
        let count = literal.utf8CodeUnitCount
        guard at >= 0, at + count <= end else { return false }
        let pointer = literal.utf8Start
        for offset in 0..<count where lowercased(bytes[at + offset]) != pointer[offset] {
            return false
        }
        return true
    }

    /// True when `bytes[at..<at+count]` are all ASCII hex digits (and in bounds).
    @inline(__always)
    static func isHexRun(_ bytes: UnsafeBufferPointer<UInt8>, at: Int, count: Int, end: Int) -> Bool {
        guard at >= 0, at + count <= end else { return false }
        for index in at..<(at + count) where !HexDigits.isHexDigit(bytes[index]) { return false }
        return true
    }

    /// The end of the run of ASCII alphanumerics starting at `start`.
    @inline(__always)
    static func alphanumericRunEnd(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index < end && isAlphanumeric(bytes[index]) { index += 1 }
        return index
    }
}

extension ByteScanning {
    /// True when `needle` occurs in `haystack` (an empty needle always does).
    static func contains(_ needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer) -> Bool {
        guard needle.count > 0 else { return true }
        guard haystack.count >= needle.count, let haystackBase = haystack.baseAddress, let needleBase = needle.baseAddress
        else { return false }
        let first = Int32(needle[0])
        var offset = 0
        let last = haystack.count - needle.count
        while offset <= last {
            guard let found = memchr(haystackBase + offset, first, last - offset + 1) else { return false }
            let position = haystackBase.distance(to: UnsafeRawPointer(found))
            if memcmp(haystackBase + position, needleBase, needle.count) == 0 { return true }
            offset = position + 1
        }
        return false
    }
}
