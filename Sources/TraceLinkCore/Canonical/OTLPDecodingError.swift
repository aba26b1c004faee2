/// A request that cannot be decoded at all (truncated protobuf, invalid JSON).
public struct OTLPDecodingError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
