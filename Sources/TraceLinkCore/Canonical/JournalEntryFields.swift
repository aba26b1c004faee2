#if canImport(Glibc)
    import Glibc
#endif

/// A journal entry's fields as they travel and are stored: each `NAME=value` as the journal gave it (values are
/// binary-safe), behind its byte count as a varint, back to back in the journal's order.
///
/// Only the fields an entry keeps are written (`keeping`): the ones an application can set (names not starting with
/// `_`, which journald refuses from clients: `MESSAGE`, `PRIORITY`, `TRACE_ID`, `ORDER_ID`, …), the source's
/// `_SOURCE_REALTIME_TIMESTAMP`, and the trusted fields kept as attributes (`Trusted`).
public enum JournalEntryFields {
    /// The trusted fields an entry keeps as attributes, in the order its attributes list them.
    enum Trusted: Int, CaseIterable {
        case unit, identifier, pid, hostname, bootID

        var name: StaticString {
            switch self {
            case .unit: "_SYSTEMD_UNIT"
            case .identifier: "SYSLOG_IDENTIFIER"
            case .pid: "_PID"
            case .hostname: "_HOSTNAME"
            case .bootID: "_BOOT_ID"
            }
        }

        /// The trusted field `name` is, if any.
        init?(name: UnsafeRawBufferPointer) {
            guard let first = name.first, first == UInt8(ascii: "_") || first == UInt8(ascii: "S") else { return nil }
            guard let found = Self.allCases.first(where: { JournalEntryFields.equal(name, $0.name) }) else { return nil }
            self = found
        }
    }

    /// Fields an event states elsewhere (its message and time), so not as attributes.
    private static let restated: [StaticString] = ["MESSAGE", "_SOURCE_REALTIME_TIMESTAMP"]
    private static let sourceRealtime: StaticString = "_SOURCE_REALTIME_TIMESTAMP"

    /// What an entry does with one of its fields.
    enum Keeping {
        case drops
        case keeps
        /// Keeps a trusted field, whose value starts at `valueStart` in the field.
        case keepsTrusted(Trusted, valueStart: Int)
    }

    /// What an entry does with `field` (`NAME=value`); a field without `=` is dropped, having nothing to read.
    @inline(__always)
    static func keeping(_ field: UnsafeRawBufferPointer) -> Keeping {
        guard let equals = equalsSign(in: field) else { return .drops }
        let name = UnsafeRawBufferPointer(rebasing: field[..<equals])
        if let trusted = Trusted(name: name) { return .keepsTrusted(trusted, valueStart: equals + 1) }
        return isReadByExtraction(name) ? .keeps : .drops
    }

    /// Whether a field named `name` is one extraction reads: one an application can set, or the source's time.
    @inline(__always)
    static func isReadByExtraction(_ name: UnsafeRawBufferPointer) -> Bool {
        name.first != UInt8(ascii: "_") || equal(name, sourceRealtime)
    }

    /// Appends `field` in this form.
    static func append(_ field: UnsafeRawBufferPointer, to bytes: inout [UInt8]) {
        var count = UInt64(field.count)
        while count >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: count) | 0x80)
            count >>= 7
        }
        bytes.append(UInt8(count))
        bytes.append(contentsOf: field)
    }

    /// Calls `body` with each field's name and the place of its value in `fields`, in order.
    static func forEach(
        in fields: UnsafeRawBufferPointer, _ body: (_ name: UnsafeRawBufferPointer, _ value: Range<Int>) -> Void
    ) {
        var offset = 0
        while offset < fields.count {
            var count = 0
            var shift = 0
            while offset < fields.count {
                let byte = fields[offset]
                offset += 1
                count |= Int(byte & 0x7F) << shift
                shift += 7
                if byte < 0x80 { break }
            }
            let end = min(offset + count, fields.count)
            let field = UnsafeRawBufferPointer(rebasing: fields[offset..<end])
            if let equals = equalsSign(in: field) {
                body(UnsafeRawBufferPointer(rebasing: field[..<equals]), (offset + equals + 1)..<end)
            }
            offset = end
        }
    }

    /// Where the `=` after a field's name is.
    @inline(__always)
    private static func equalsSign(in field: UnsafeRawBufferPointer) -> Int? {
        guard let base = field.baseAddress, let found = memchr(base, Int32(UInt8(ascii: "=")), field.count) else {
            return nil
        }
        return base.distance(to: UnsafeRawPointer(found))
    }

    /// The entry's attributes: the trusted fields first (in `Trusted` order, `_PID` as an integer), then every
    /// field the application set (`ORDER_ID=…`, `CODE_FILE=…`) as text, the journal having no types.
    public static func attributes(of fields: UnsafeRawBufferPointer) -> [Attribute] {
        var trusted = [Range<Int>?](repeating: nil, count: Trusted.allCases.count)
        var count = 0
        forEach(in: fields) { name, value in
            if let slot = Trusted(name: name) {
                trusted[slot.rawValue] = value
            } else if !restated.contains(where: { equal(name, $0) }) {
                count += 1
            }
        }
        var attributes: [Attribute] = []
        attributes.reserveCapacity(count + trusted.count)
        func text(_ value: Range<Int>) -> String {
            String(decoding: UnsafeRawBufferPointer(rebasing: fields[value]), as: UTF8.self)
        }
        for slot in Trusted.allCases {
            guard let value = trusted[slot.rawValue] else { continue }
            if slot == .pid {
                if let pid = Int64(text(value)) { attributes.append(Attribute(key: "_PID", value: .int(pid))) }
            } else {
                attributes.append(Attribute(key: slot.name.description, value: .string(text(value))))
            }
        }
        forEach(in: fields) { name, value in
            guard Trusted(name: name) == nil, !restated.contains(where: { equal(name, $0) }) else { return }
            attributes.append(
                Attribute(key: String(decoding: name, as: UTF8.self), value: .string(text(value))))
        }
        return attributes
    }

    /// Fields given as names and values, in this form.
    static func encoded<Fields: Sequence>(_ entries: Fields) -> [UInt8] where Fields.Element == (key: String, value: [UInt8]) {
        var bytes: [UInt8] = []
        for (key, value) in entries {
            append(Array(key.utf8) + [UInt8(ascii: "=")] + value, to: &bytes)
        }
        return bytes
    }

    private static func append(_ field: [UInt8], to bytes: inout [UInt8]) {
        field.withUnsafeBytes { append($0, to: &bytes) }
    }

    @inline(__always)
    static func equal(_ bytes: UnsafeRawBufferPointer, _ name: StaticString) -> Bool {
        bytes.count == name.utf8CodeUnitCount
            && memcmp(bytes.baseAddress!, name.utf8Start, bytes.count) == 0
    }
}
