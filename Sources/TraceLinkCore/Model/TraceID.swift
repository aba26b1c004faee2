/// A W3C trace id: 128 bits, never all zero.
///
/// Some tracers (Datadog decimal ids, 64-bit B3 and Jaeger ids) only carry the low 64 bits.
/// Such an id has `isLow64Only` set; it joins the 128-bit trace whose low half equals `low`.
public struct TraceID: Hashable, Sendable, Comparable {
    /// The high 64 bits; zero when only the low half is known.
    public let high: UInt64
    /// The low 64 bits.
    public let low: UInt64
    /// True when the id came from a 64-bit source and the high half is unknown.
    public let isLow64Only: Bool

    /// A full 128-bit id; nil when both halves are zero (invalid per W3C).
    public init?(high: UInt64, low: UInt64) {
        guard high != 0 || low != 0 else { return nil }
        self.high = high
        self.low = low
        self.isLow64Only = false
    }

    /// An id of which only the low 64 bits are known; nil when zero.
    public init?(low64 low: UInt64) {
        guard low != 0 else { return nil }
        self.high = 0
        self.low = low
        self.isLow64Only = true
    }

    /// Parses 32 hex digits (a 128-bit id) or 16 hex digits (a 64-bit id), either case.
    public init?(hex: some StringProtocol) {
        var text = String(hex)
        let parsed: TraceID? = text.withUTF8 { TraceID(hexBytes: UnsafeRawBufferPointer($0)) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// Parses 32 or 16 ASCII hex digits from raw bytes.
    public init?(hexBytes bytes: UnsafeRawBufferPointer) {
        switch bytes.count {
        case 32:
            guard let high = HexDigits.parseUInt64(bytes, from: 0),
                let low = HexDigits.parseUInt64(bytes, from: 16)
            else { return nil }
            self.init(high: high, low: low)
        case 16:
            guard let low = HexDigits.parseUInt64(bytes, from: 0) else { return nil }
            self.init(low64: low)
        default:
            return nil
        }
    }

    /// Reads the 16 raw bytes of an OTLP/protobuf `trace_id`; nil unless exactly 16 bytes and not all zero.
    public init?(bytes: UnsafeRawBufferPointer) {
        guard bytes.count == 16 else { return nil }
        self.init(
            high: UInt64(bigEndian: bytes.loadUnaligned(as: UInt64.self)),
            low: UInt64(bigEndian: bytes.loadUnaligned(fromByteOffset: 8, as: UInt64.self)))
    }

    /// Lowercase hex: 32 digits, or 16 for an id of which only the low half is known.
    public var hexString: String {
        isLow64Only ? HexDigits.format(low) : HexDigits.format(high) + HexDigits.format(low)
    }

    /// The 16 big-endian bytes as OTLP/protobuf carries them (high half zero for a 64-bit id).
    public var bytes: [UInt8] {
        var out = [UInt8]()
        out.reserveCapacity(16)
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: high >> UInt64(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { out.append(UInt8(truncatingIfNeeded: low >> UInt64(shift))) }
        return out
    }

    public static func < (lhs: TraceID, rhs: TraceID) -> Bool {
        (lhs.high, lhs.low) < (rhs.high, rhs.low)
    }
}

extension TraceID: CustomStringConvertible {
    public var description: String { hexString }
}
