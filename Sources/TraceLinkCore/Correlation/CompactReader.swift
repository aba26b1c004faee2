/// Reads what `CompactWriter` wrote; the caller guarantees the bytes are well formed.
struct CompactReader {
    let base: UnsafeRawBufferPointer
    var offset: Int

    @inline(__always)
    mutating func byte() -> UInt8 {
        defer { offset += 1 }
        return base[offset]
    }

    @inline(__always)
    mutating func varint() -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let next = base[offset]
            offset += 1
            result |= UInt64(next & 0x7F) << shift
            if next < 0x80 { return result }
            shift += 7
        }
    }

    @inline(__always)
    mutating func signed() -> Int64 {
        let raw = varint()
        return Int64(bitPattern: raw >> 1) ^ -Int64(bitPattern: raw & 1)
    }

    @inline(__always)
    mutating func fixed64() -> UInt64 {
        defer { offset += 8 }
        return UInt64(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
    }

    @inline(__always)
    mutating func string() -> String {
        let count = Int(varint())
        defer { offset += count }
        return String(decoding: UnsafeRawBufferPointer(rebasing: base[offset..<offset + count]), as: UTF8.self)
    }

    @inline(__always)
    mutating func reference(in table: StringTable) -> String {
        let tag = varint()
        guard tag & 1 == 1 else { return table.string(UInt32(truncatingIfNeeded: tag >> 1)) }
        let count = Int(tag >> 1)
        defer { offset += count }
        return String(decoding: UnsafeRawBufferPointer(rebasing: base[offset..<offset + count]), as: UTF8.self)
    }

    /// Skips a reference or string without building it.
    @inline(__always)
    mutating func skipReference() {
        let tag = varint()
        if tag & 1 == 1 { offset += Int(tag >> 1) }
    }

    mutating func attributes(in table: StringTable) -> [Attribute] {
        let count = Int(varint())
        guard count > 0 else { return [] }
        var result: [Attribute] = []
        result.reserveCapacity(count)
        for _ in 0..<count {
            let key = reference(in: table)
            result.append(Attribute(key: key, value: value(in: table)))
        }
        return result
    }

    mutating func value(in table: StringTable) -> AttributeValue {
        switch byte() {
        case 0: return .string(string())
        case 1: return .bool(false)
        case 2: return .bool(true)
        case 3: return .int(signed())
        case 4: return .double(Double(bitPattern: fixed64()))
        case 6: return .array((0..<Int(varint())).map { _ in value(in: table) })
        case 7: return .map(attributes(in: table))
        case 8:
            let count = Int(varint())
            defer { offset += count }
            return .bytes(Array(UnsafeRawBufferPointer(rebasing: base[offset..<offset + count])))
        default: return .other(string())
        }
    }
}
