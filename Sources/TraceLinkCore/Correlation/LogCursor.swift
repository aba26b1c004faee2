/// An opaque position in the newest-first log order; stable while logs arrive.
public struct LogCursor: Sendable, Hashable {
    let key: LogKey

    init(key: LogKey) {
        self.key = key
    }

    /// Parses a token from `token`; nil when it is not one (the API answers 400).
    public init?(token: some StringProtocol) {
        let bytes = Array(token.utf8)
        guard bytes.count == 32 else { return nil }
        let parsed: (UInt64, UInt64)? = bytes.withUnsafeBytes { raw in
            guard let time = HexDigits.parseUInt64(raw, from: 0), let seq = HexDigits.parseUInt64(raw, from: 16)
            else { return nil }
            return (time, seq)
        }
        guard let parsed else { return nil }
        self.key = LogKey(timeUnixNano: parsed.0, seq: parsed.1)
    }

    /// The text form the API hands out.
    public var token: String { HexDigits.format(key.timeUnixNano) + HexDigits.format(key.seq) }
}
