/// Turns the byte spans the scanners find into validated ids, flags and numbers, without allocating.
enum IDParsing {
    /// A raw view of `bytes[start..<end]`.
    @inline(__always)
    static func raw(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UnsafeRawBufferPointer {
        UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: bytes[start..<end]))
    }

    /// Exactly 32 hex digits (128-bit) or 16 (low 64 bits only); nil for other lengths, non-hex or zero.
    @inline(__always)
    static func traceID(hex bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> TraceID? {
        switch end - start {
        case 32:
            guard let high = hex16(bytes, start), let low = hex16(bytes, start + 16) else { return nil }
            return TraceID(high: high, low: low)
        case 16:
            guard let low = hex16(bytes, start) else { return nil }
            return TraceID(low64: low)
        default:
            return nil
        }
    }

    /// Exactly 16 hex digits, not zero.
    @inline(__always)
    static func spanID(hex bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> SpanID? {
        guard end - start == 16, let value = hex16(bytes, start) else { return nil }
        return SpanID(value)
    }

    /// 16 hex digits at `start` (the caller checked the bounds), either case, as a number.
    @inline(__always)
    static func hex16(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int) -> UInt64? {
        let base = UnsafeRawPointer(bytes.baseAddress! + start)
        guard let high = hex8(base.loadUnaligned(as: UInt64.self)),
            let low = hex8(base.loadUnaligned(fromByteOffset: 8, as: UInt64.self))
        else { return nil }
        return high << 32 | low
    }

    /// Eight ASCII hex digits loaded little-endian (first digit in the lowest byte) as their 32-bit value,
    /// all eight decoded and validated at once in one register.
    @inline(__always)
    static func hex8(_ word: UInt64) -> UInt64? {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low7 = word & (ones &* 0x7F)
        // Per byte 0x80 when m < byte < n (bytes >= 0x80 never match).
        @inline(__always) func between(_ value: UInt64, _ m: UInt64, _ n: UInt64) -> UInt64 {
            let v7 = value & (ones &* 0x7F)
            return (ones &* (127 &+ n) &- v7) & ~value & (v7 &+ ones &* (127 &- m)) & (ones &* 0x80)
        }
        let digits = between(word, 0x2F, 0x3A)
        let letters = between(word | (ones &* 0x20), 0x60, 0x67)
        guard digits | letters == ones &* 0x80, low7 == word else { return nil }
        // '0'-'9' → 0-9 and 'a'-'f' / 'A'-'F' → 10-15: the low nibble, plus 9 for letters (bit 6 set).
        var value = (word & (ones &* 0x0F)) &+ ((word >> 6) & ones) &* 9
        // Pack the nibbles, first digit most significant.
        value = ((value & 0x000F_000F_000F_000F) << 4) | ((value >> 8) & 0x000F_000F_000F_000F)
        value = ((value & 0x0000_00FF_0000_00FF) << 8) | ((value >> 16) & 0x0000_00FF_0000_00FF)
        value = ((value & 0x0000_0000_0000_FFFF) << 16) | ((value >> 32) & 0x0000_0000_0000_FFFF)
        return value
    }

    /// An unsigned decimal of 1 to 20 digits that fits in 64 bits.
    static func decimalUInt64(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64? {
        guard end > start, end - start <= 20 else { return nil }
        var value: UInt64 = 0
        for index in start..<end {
            let byte = bytes[index]
            guard ByteScanning.isDigit(byte) else { return nil }
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(byte &- 0x30))
            guard !overflow1, !overflow2 else { return nil }
            value = sum
        }
        return value
    }

    /// A Datadog trace id: a decimal 64-bit id (the low half), or 32 hex digits as 128-bit logging writes it.
    static func traceID(decimal bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> TraceID? {
        if end - start == 32 { return TraceID(hexBytes: raw(bytes, start, end)) }
        guard let low = decimalUInt64(bytes, start, end) else { return nil }
        return TraceID(low64: low)
    }

    /// A Datadog span id: a decimal 64-bit id.
    static func spanID(decimal bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> SpanID? {
        guard let value = decimalUInt64(bytes, start, end) else { return nil }
        return SpanID(value)
    }

    /// Jaeger's unpadded hex: 1–16 digits are a 64-bit id, 17–32 a 128-bit id, left-padded with zeros.
    static func traceID(shortHex bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> TraceID? {
        let count = end - start
        guard count >= 1, count <= 32 else { return nil }
        if count <= 16 {
            guard let low = HexDigits.parseShortUInt64(raw(bytes, start, end)) else { return nil }
            return TraceID(low64: low)
        }
        guard let high = HexDigits.parseShortUInt64(raw(bytes, start, end - 16)),
            let low = HexDigits.parseUInt64(raw(bytes, end - 16, end), from: 0)
        else { return nil }
        return TraceID(high: high, low: low)
    }

    /// Jaeger's unpadded hex span id: 1–16 digits.
    static func spanID(shortHex bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> SpanID? {
        guard let value = HexDigits.parseShortUInt64(raw(bytes, start, end)) else { return nil }
        return SpanID(value)
    }

    /// W3C trace flags as text: 1 or 2 hex digits (`01`).
    static func traceFlags(hex bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt8? {
        let count = end - start
        guard count == 1 || count == 2 else { return nil }
        var value: UInt8 = 0
        for index in start..<end {
            guard let digit = HexDigits.value(of: bytes[index]) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    /// Trace flags as a JSON number (decimal, 0–255).
    static func traceFlags(decimal bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt8? {
        guard end - start <= 3, let value = decimalUInt64(bytes, start, end), value <= 255 else { return nil }
        return UInt8(value)
    }

    /// A sampled flag written as `true`/`false`, `True`/`False` (Python) or `1`/`0`: the W3C flags byte.
    static func sampledFlags(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt8? {
        switch end - start {
        case 1:
            switch bytes[start] {
            case UInt8(ascii: "1"): return 1
            case UInt8(ascii: "0"): return 0
            default: return nil
            }
        case 4 where ByteScanning.hasPrefixIgnoringCase(bytes, at: start, end: end, "true"): return 1
        case 5 where ByteScanning.hasPrefixIgnoringCase(bytes, at: start, end: end, "false"): return 0
        default: return nil
        }
    }
}
