/// A W3C span id: 64 bits, never zero.
public struct SpanID: Hashable, Sendable {
    public let value: UInt64

    /// nil for zero, which W3C defines as invalid.
    public init?(_ value: UInt64) {
        guard value != 0 else { return nil }
        self.value = value
    }

    /// Parses exactly 16 hex digits, either case.
    public init?(hex: some StringProtocol) {
        var text = String(hex)
        let parsed: SpanID? = text.withUTF8 { SpanID(hexBytes: UnsafeRawBufferPointer($0)) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses exactly 16 ASCII hex digits from raw bytes.
    public init?(hexBytes bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 16, let value = HexDigits.parseUInt64(bytes, from: 0) else { return nil }
        self.init(value)
    }

    /// Reads the 8 raw bytes of an OTLP/protobuf `span_id`; nil unless exactly 8 bytes and not zero.
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 8 else { return nil }
        self.init(UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self)))
    }

    /// 16 lowercase hex digits.
    public var hexString: String { HexDigits.format(value) }

    /// The 8 big-endian bytes as OTLP/protobuf carries them.
    public var bytes: [UInt8] {
        stride(from: 56, through: 0, by: -8).map { UInt8(truncatingIfNeeded: value >> UInt64($0)) }
    }
}

extension SpanID: CustomStringConvertible {
    public var description: String { hexString }
}
