/// Hex parsing and formatting for ids, without Foundation and without allocation on the parse side.
public enum HexDigits {
    /// The value of one ASCII hex digit, or nil.
    @inline(__always)
    public static func value(of byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte &- UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte &- UInt8(ascii: "a") &+ 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte &- UInt8(ascii: "A") &+ 10
        default: return nil
        }
    }

    /// True for an ASCII hex digit.
    @inline(__always)
    public static func isHexDigit(_ byte: UInt8) -> Bool { value(of: byte) != nil }

    /// Parses 16 hex digits starting at `offset`; nil if any is not a hex digit.
    @inline(__always)
    public static func parseUInt64(_ bytes: UnsafeRawBufferPointer, from offset: Int) -> UInt64? {
        guard offset + 16 <= bytes.count else { return nil }
        var result: UInt64 = 0
        for index in offset..<(offset + 16) {
            guard let digit = value(of: bytes[index]) else { return nil }
            result = result << 4 | UInt64(digit)
        }
        return result
    }

    /// Parses 1 to 16 hex digits; nil if empty, longer than 16, or not hex.
    public static func parseShortUInt64(_ bytes: UnsafeRawBufferPointer) -> UInt64? {
        guard !bytes.isEmpty, bytes.count <= 16 else { return nil }
        var result: UInt64 = 0
        for byte in bytes {
            guard let digit = value(of: byte) else { return nil }
            result = result << 4 | UInt64(digit)
        }
        return result
    }

    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    /// Two lowercase hex digits per byte.
    public static func format(bytes: UnsafeRawBufferPointer) -> String {
        String(unsafeUninitializedCapacity: 2 * bytes.count) { buffer in
            for (index, byte) in bytes.enumerated() {
                buffer[2 * index] = digits[Int(byte >> 4)]
                buffer[2 * index + 1] = digits[Int(byte & 0xF)]
            }
            return 2 * bytes.count
        }
    }

    /// 16 lowercase hex digits, zero-padded.
    public static func format(_ value: UInt64) -> String {
        String(unsafeUninitializedCapacity: 16) { buffer in
            for index in 0..<16 {
                let shift = UInt64(60 - index * 4)
                buffer[index] = digits[Int((value >> shift) & 0xF)]
            }
            return 16
        }
    }
}
