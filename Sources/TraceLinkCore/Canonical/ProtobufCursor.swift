/// A bounds-checked reader of protobuf wire format over borrowed bytes: varints, fixed-width
/// numbers and length-delimited fields, with unknown fields skipped by their length.
public struct ProtobufCursor {
    public enum WireType: UInt8 {
        case varint = 0, fixed64 = 1, lengthDelimited = 2, startGroup = 3, endGroup = 4, fixed32 = 5
    }

    private let bytes: UnsafeRawBufferPointer
    private var position: Int

    public init(_ bytes: UnsafeRawBufferPointer) {
        self.bytes = bytes
        self.position = 0
    }

    public var isAtEnd: Bool { position >= bytes.count }

    /// Where the next read starts, from the beginning of the buffer.
    public var offset: Int { position }

    @inline(__always)
    public mutating func readVarint() throws(OTLPDecodingError) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while position < bytes.count {
            let byte = bytes[position]
            position &+= 1
            result |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return result }
            shift &+= 7
            if shift >= 64 { throw OTLPDecodingError("invalid protobuf: varint longer than 10 bytes") }
        }
        throw OTLPDecodingError("invalid protobuf: truncated varint")
    }

    /// The next field's number and wire type.
    @inline(__always)
    public mutating func readTag() throws(OTLPDecodingError) -> (field: UInt64, wireType: WireType) {
        // Field numbers up to 15 take one byte: most tags.
        if position < bytes.count, bytes[position] < 0x80 {
            let key = bytes[position]
            let wire = key & 7
            guard wire <= 5, key >> 3 != 0 else { throw OTLPDecodingError("invalid protobuf: bad field key \(key)") }
            position &+= 1
            // The cases are declared in raw-value order 0...5, so the raw value is the case's tag.
            return (UInt64(key >> 3), unsafeBitCast(wire, to: WireType.self))
        }
        let key = try readVarint()
        guard let wireType = WireType(rawValue: UInt8(key & 7)), key >> 3 != 0 else {
            throw OTLPDecodingError("invalid protobuf: bad field key \(key)")
        }
        return (key >> 3, wireType)
    }

    /// The bytes of a length-delimited field, as a buffer of their own.
    @inline(__always)
    public mutating func readLengthDelimited() throws(OTLPDecodingError) -> UnsafeRawBufferPointer {
        let length = try readVarint()
        guard length <= UInt64(bytes.count - position) else {
            throw OTLPDecodingError("invalid protobuf: field of \(length) bytes runs past the end of the message")
        }
        let start = position
        position += Int(length)
        return UnsafeRawBufferPointer(rebasing: bytes[start..<position])
    }

    @inline(__always)
    public mutating func readFixed64() throws(OTLPDecodingError) -> UInt64 { UInt64(littleEndian: try readFixed()) }

    @inline(__always)
    public mutating func readFixed32() throws(OTLPDecodingError) -> UInt32 { UInt32(littleEndian: try readFixed()) }

    /// The next `MemoryLayout<Value>.size` bytes as they lie (little-endian on the wire).
    @inline(__always)
    private mutating func readFixed<Value: FixedWidthInteger>() throws(OTLPDecodingError) -> Value {
        let size = MemoryLayout<Value>.size
        guard bytes.count - position >= size else {
            throw OTLPDecodingError("invalid protobuf: truncated fixed\(size * 8)")
        }
        let value = bytes.loadUnaligned(fromByteOffset: position, as: Value.self)
        position += size
        return value
    }

    /// Skips a field whose number the reader does not use.
    @inline(__always)
    public mutating func skip(_ wireType: WireType) throws(OTLPDecodingError) {
        switch wireType {
        case .varint: _ = try readVarint()
        case .fixed64: _ = try readFixed64()
        case .fixed32: _ = try readFixed32()
        case .lengthDelimited: _ = try readLengthDelimited()
        case .startGroup, .endGroup: throw OTLPDecodingError("invalid protobuf: groups are not used by OTLP")
        }
    }

    /// Reads a field expected to be length-delimited; a wrong wire type is malformed input.
    @inline(__always)
    public mutating func readLengthDelimited(expecting wireType: WireType, field: StaticString) throws(OTLPDecodingError)
        -> UnsafeRawBufferPointer
    {
        guard wireType == .lengthDelimited else {
            throw OTLPDecodingError("invalid protobuf: field \(field) has wire type \(wireType.rawValue), expected 2")
        }
        return try readLengthDelimited()
    }

    public static func string(_ bytes: UnsafeRawBufferPointer) -> String {
        String(decoding: bytes, as: UTF8.self)
    }
}
