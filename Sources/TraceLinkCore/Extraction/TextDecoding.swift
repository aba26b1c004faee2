/// Turns byte spans into Strings: invalid UTF-8 is repaired, JSON-style backslash escapes are resolved.
enum TextDecoding {
    /// The bytes as they are.
    static func plain(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: line[start..<end]), as: UTF8.self)
    }

    /// The inside of a quoted string with `\"`, `\\`, `\/`, `\b`, `\f`, `\n`, `\r`, `\t` and `\uXXXX`
    /// (surrogate pairs joined; lone surrogates become U+FFFD); any other `\x` stands for `x`.
    static func unescaped(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> String {
        guard ByteScanning.find(UInt8(ascii: "\\"), in: line, from: start, to: end) != nil else {
            return plain(line, start, end)
        }
        // The decoded text is never longer than its escaped form.
        return String(unsafeUninitializedCapacity: end - start) { output in
            var written = 0
            var index = start
            func put(_ byte: UInt8) {
                output[written] = byte
                written += 1
            }
            func putScalar(_ value: UInt32) {
                let scalar = Unicode.Scalar(value) ?? "\u{FFFD}"
                for byte in UTF8.encode(scalar)! { put(byte) }
            }
            func hex4(at position: Int) -> UInt32? {
                guard position + 4 <= end else { return nil }
                var value: UInt32 = 0
                for offset in 0..<4 {
                    guard let digit = HexDigits.value(of: line[position + offset]) else { return nil }
                    value = value << 4 | UInt32(digit)
                }
                return value
            }
            while index < end {
                let byte = line[index]
                guard byte == UInt8(ascii: "\\"), index + 1 < end else {
                    put(byte)
                    index += 1
                    continue
                }
                let escaped = line[index + 1]
                index += 2
                switch escaped {
                case UInt8(ascii: "n"): put(0x0A)
                case UInt8(ascii: "t"): put(0x09)
                case UInt8(ascii: "r"): put(0x0D)
                case UInt8(ascii: "b"): put(0x08)
                case UInt8(ascii: "f"): put(0x0C)
                case UInt8(ascii: "u"):
                    guard let unit = hex4(at: index) else {
                        put(UInt8(ascii: "u"))
                        continue
                    }
                    index += 4
                    if (0xD800...0xDBFF).contains(unit), index + 6 <= end, line[index] == UInt8(ascii: "\\"),
                        line[index + 1] == UInt8(ascii: "u"), let low = hex4(at: index + 2),
                        (0xDC00...0xDFFF).contains(low)
                    {
                        index += 6
                        putScalar(0x10000 + ((unit - 0xD800) << 10) + (low - 0xDC00))
                    } else {
                        putScalar(unit)
                    }
                default: put(escaped)
                }
            }
            return written
        }
    }
}
