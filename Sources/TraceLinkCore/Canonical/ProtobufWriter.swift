/// Appends protobuf wire format: tags, varints, fixed-width numbers and length-delimited fields.
/// Fields are written in the order given; callers write them by field number, as swift-protobuf does, so what
/// they encode equals the reference encoding.
public struct ProtobufWriter {
    public var bytes: [UInt8]

    public init(bytes: [UInt8] = []) { self.bytes = bytes }

    public mutating func varint(_ value: UInt64) {
        var value = value
        while value >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        bytes.append(UInt8(value))
    }

    public mutating func tag(_ field: UInt64, _ wireType: ProtobufCursor.WireType) {
        varint(field << 3 | UInt64(wireType.rawValue))
    }

    /// A varint field, left out when zero (proto3's default).
    public mutating func varintField(_ field: UInt64, _ value: UInt64) {
        guard value != 0 else { return }
        tag(field, .varint)
        varint(value)
    }

    /// A fixed64 field, left out when zero.
    public mutating func fixed64Field(_ field: UInt64, _ value: UInt64) {
        guard value != 0 else { return }
        tag(field, .fixed64)
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A fixed32 field, left out when zero.
    public mutating func fixed32Field(_ field: UInt64, _ value: UInt32) {
        guard value != 0 else { return }
        tag(field, .fixed32)
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    /// A bytes or string field, left out when empty.
    public mutating func bytesField(_ field: UInt64, _ value: some Collection<UInt8>) {
        guard !value.isEmpty else { return }
        tag(field, .lengthDelimited)
        varint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    public mutating func stringField(_ field: UInt64, _ value: String) {
        bytesField(field, value.utf8)
    }

    /// A message field, always written (an empty message is present, unlike an empty string).
    public mutating func messageField(_ field: UInt64, _ body: (inout ProtobufWriter) -> Void) {
        var inner = ProtobufWriter()
        body(&inner)
        messageField(field, encoded: inner.bytes)
    }

    /// A message field whose encoded bytes are at hand, always written.
    public mutating func messageField(_ field: UInt64, encoded message: some Collection<UInt8>) {
        tag(field, .lengthDelimited)
        varint(UInt64(message.count))
        bytes.append(contentsOf: message)
    }
}
