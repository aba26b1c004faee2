/// Where tracelink's compact storage encoding is written: little-endian fixed ints, LEB128 varints,
/// length-prefixed UTF-8, and references into a shard's `StringTable`. Stored items cost about their payload
/// instead of a Swift value's headers and per-string allocations. A byte array (`CompactWriter`) and raw arena
/// memory (`ItemArena.Writer`, which logs and span runs are written into in place) take the same encoding.
protocol CompactEncoding {
    mutating func byte(_ value: UInt8)
    mutating func append(_ bytes: UnsafeRawBufferPointer)
}

/// Appends items to a byte array in the compact encoding.
struct CompactWriter: CompactEncoding {
    var bytes: [UInt8]

    /// Makes room for `count` more bytes (for an item encoded in place, its size as far as known), growing the
    /// storage to fit exactly while small and by a quarter beyond, instead of doubling: storage of many small
    /// items would otherwise carry a third of spare capacity.
    mutating func reserve(another count: Int) {
        let needed = bytes.count + count
        if needed > bytes.capacity {
            bytes.reserveCapacity(needed <= 8192 ? needed : needed + needed / 4)
        }
    }

    @inline(__always)
    mutating func byte(_ value: UInt8) { bytes.append(value) }

    @inline(__always)
    mutating func append(_ value: UnsafeRawBufferPointer) { bytes.append(contentsOf: value) }
}

extension CompactEncoding {
    @inline(__always)
    mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            byte(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        byte(UInt8(value))
    }

    @inline(__always)
    mutating func signed(_ value: Int64) {
        varint(UInt64(bitPattern: (value << 1) ^ (value >> 63)))
    }

    @inline(__always)
    mutating func fixed64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { append($0) }
    }

    @inline(__always)
    mutating func string(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            varint(UInt64(utf8.count))
            append(UnsafeRawBufferPointer(utf8))
        }
    }

    /// Length-prefixed raw bytes.
    @inline(__always)
    mutating func blob(_ value: UnsafeRawBufferPointer) {
        varint(UInt64(value.count))
        append(value)
    }

    /// An interned reference (`id << 1`) or, when the table is full, the string inline (`length << 1 | 1`).
    @inline(__always)
    mutating func reference(_ value: String, in table: inout StringTable) {
        if let id = table.id(for: value) {
            varint(UInt64(id) << 1)
        } else {
            var value = value
            value.withUTF8 { utf8 in
                varint(UInt64(utf8.count) << 1 | 1)
                append(UnsafeRawBufferPointer(utf8))
            }
        }
    }

    mutating func attributes(_ attributes: [Attribute], in table: inout StringTable) {
        varint(UInt64(attributes.count))
        for attribute in attributes {
            reference(attribute.key, in: &table)
            value(attribute.value, in: &table)
        }
    }

    mutating func value(_ value: AttributeValue, in table: inout StringTable) {
        switch value {
        case .string(let text):
            byte(0)
            string(text)
        case .bool(let flag):
            byte(flag ? 2 : 1)
        case .int(let number):
            byte(3)
            signed(number)
        case .double(let number):
            byte(4)
            fixed64(number.bitPattern)
        case .other(let text):
            byte(5)
            string(text)
        case .array(let values):
            byte(6)
            varint(UInt64(values.count))
            for element in values { self.value(element, in: &table) }
        case .map(let pairs):
            byte(7)
            attributes(pairs, in: &table)
        case .bytes(let data):
            byte(8)
            varint(UInt64(data.count))
            data.withUnsafeBytes { append($0) }
        }
    }
}
