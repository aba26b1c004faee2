/// The fields of a log line, parsed when a query asks for them (never on intake): a JSON object's keys,
/// nested objects flattened with dots (`{"user":{"id":42}}` → `user.id = 42`), typed as JSON types them;
/// or, for any other line, its logfmt `key=value` pairs as text.
///
/// Arrays are kept as their JSON text; `null` values are left out. Malformed JSON keeps the fields read
/// before the fault.
public enum LogRecordFields {
    /// Nesting deeper than this is kept as the nested object's JSON text.
    static let maximumDepth = 16

    public static func parse(_ line: String) -> [Attribute] {
        var copy = line
        return copy.withUTF8 { bytes in
            var fields: [Attribute] = []
            var index = 0
            while index < bytes.count, ByteScanning.isSpace(bytes[index]) { index += 1 }
            if index < bytes.count, bytes[index] == UInt8(ascii: "{") {
                var parser = JSONFieldParser(bytes: bytes, index: index)
                parser.object(prefix: "", depth: 0, into: &fields)
            } else {
                logfmt(bytes, into: &fields)
            }
            return fields
        }
    }

    /// `key=value` and `key="quoted value"` pairs; keys start with a letter or `_` and hold letters, digits,
    /// `_`, `.`, `-`, `/`, `@`.
    static func logfmt(_ bytes: UnsafeBufferPointer<UInt8>, into fields: inout [Attribute]) {
        func isKeyByte(_ byte: UInt8) -> Bool {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
                UInt8(ascii: "/"), UInt8(ascii: "@"):
                true
            default: false
            }
        }
        func startsKey(_ byte: UInt8) -> Bool {
            (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z") || byte == UInt8(ascii: "_")
        }
        let end = bytes.count
        var index = 0
        while index < end {
            // A key starts at the line's start or after a space, `[` or `,`.
            if index > 0 {
                let before = bytes[index - 1]
                guard ByteScanning.isSpace(before) || before == UInt8(ascii: "[") || before == UInt8(ascii: ",")
                else {
                    index += 1
                    continue
                }
            }
            guard startsKey(bytes[index]) else {
                index += 1
                continue
            }
            let keyStart = index
            while index < end, isKeyByte(bytes[index]) { index += 1 }
            guard index < end, bytes[index] == UInt8(ascii: "="), index + 1 < end else { continue }
            let key = String(decoding: UnsafeBufferPointer(rebasing: bytes[keyStart..<index]), as: UTF8.self)
            index += 1
            if bytes[index] == UInt8(ascii: "\"") {
                guard let close = ByteScanning.closingQuote(in: bytes, from: index + 1, to: end) else { return }
                fields.append(Attribute(key: key, value: .string(TextDecoding.unescaped(bytes, index + 1, close))))
                index = close + 1
            } else {
                let valueStart = index
                while index < end, !ByteScanning.isSpace(bytes[index]), bytes[index] != UInt8(ascii: "]"),
                    bytes[index] != UInt8(ascii: ",")
                {
                    index += 1
                }
                fields.append(Attribute(key: key, value: .string(TextDecoding.plain(bytes, valueStart, index))))
            }
        }
    }
}

/// A small JSON reader that flattens one object into typed attributes.
private struct JSONFieldParser {
    let bytes: UnsafeBufferPointer<UInt8>
    var index: Int
    var failed = false

    private mutating func skipSpace() {
        while index < bytes.count, ByteScanning.isSpace(bytes[index]) { index += 1 }
    }

    private func peek() -> UInt8? { index < bytes.count ? bytes[index] : nil }

    /// Reads `{...}` at `index`, appending `prefix`+key for every scalar inside.
    mutating func object(prefix: String, depth: Int, into fields: inout [Attribute]) {
        index += 1  // {
        while !failed {
            skipSpace()
            guard let byte = peek() else { return fail() }
            if byte == UInt8(ascii: "}") {
                index += 1
                return
            }
            if byte == UInt8(ascii: ",") {
                index += 1
                continue
            }
            guard byte == UInt8(ascii: "\""), let key = string() else { return fail() }
            skipSpace()
            guard peek() == UInt8(ascii: ":") else { return fail() }
            index += 1
            skipSpace()
            value(key: prefix + key, depth: depth, into: &fields)
        }
    }

    private mutating func value(key: String, depth: Int, into fields: inout [Attribute]) {
        guard let byte = peek() else { return fail() }
        switch byte {
        case UInt8(ascii: "\""):
            guard let text = string() else { return fail() }
            fields.append(Attribute(key: key, value: .string(text)))
        case UInt8(ascii: "{") where depth + 1 < LogRecordFields.maximumDepth:
            object(prefix: key + ".", depth: depth + 1, into: &fields)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            let start = index
            skipContainer()
            guard !failed else { return }
            fields.append(Attribute(key: key, value: .other(TextDecoding.plain(bytes, start, index))))
        default:
            let start = index
            while index < bytes.count {
                let scalar = bytes[index]
                if scalar == UInt8(ascii: ",") || scalar == UInt8(ascii: "}") || scalar == UInt8(ascii: "]")
                    || ByteScanning.isSpace(scalar)
                {
                    break
                }
                index += 1
            }
            let text = TextDecoding.plain(bytes, start, index)
            switch text {
            case "true": fields.append(Attribute(key: key, value: .bool(true)))
            case "false": fields.append(Attribute(key: key, value: .bool(false)))
            case "null": break
            default:
                if let integer = Int64(text) {
                    fields.append(Attribute(key: key, value: .int(integer)))
                } else if let number = Double(text) {
                    fields.append(Attribute(key: key, value: .double(number)))
                } else {
                    fail()
                }
            }
        }
    }

    /// The string at `index` (opening quote), unescaped; index moves past its closing quote.
    private mutating func string() -> String? {
        guard let close = ByteScanning.closingQuote(in: bytes, from: index + 1, to: bytes.count) else { return nil }
        let text = TextDecoding.unescaped(bytes, index + 1, close)
        index = close + 1
        return text
    }

    /// Moves past the object or array at `index`, strings included.
    private mutating func skipContainer() {
        var depth = 0
        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "\"") {
                guard let close = ByteScanning.closingQuote(in: bytes, from: index + 1, to: bytes.count) else {
                    return fail()
                }
                index = close + 1
                continue
            }
            index += 1
            if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") { depth += 1 }
            if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return }
            }
        }
        fail()
    }

    private mutating func fail() { failed = true }
}
