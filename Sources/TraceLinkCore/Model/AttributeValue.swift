/// An attribute value as OTLP carries it (`AnyValue`).
public enum AttributeValue: Hashable, Sendable {
    case string(String)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    case array([AttributeValue])
    /// A key-value list, in the order the sender wrote it.
    case map([Attribute])
    case bytes([UInt8])
    /// Text whose type is not known (a logfmt value), or an OTLP value tracelink does not model.
    case other(String)

    /// The value as text, for search and display: arrays as `[a,b]`, maps as `{k=v}`, bytes in base64.
    public var text: String {
        switch self {
        case .string(let value): value
        case .bool(let value): String(value)
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .array(let values): "[" + values.map(\.text).joined(separator: ",") + "]"
        case .map(let pairs): "{" + pairs.map { "\($0.key)=\($0.value.text)" }.joined(separator: ",") + "}"
        case .bytes(let bytes): bytes.withUnsafeBytes { Base64.encode($0) }
        case .other(let value): value
        }
    }
}

/// One key and value, in the order the sender wrote them.
public struct Attribute: Hashable, Sendable {
    public var key: String
    public var value: AttributeValue

    public init(key: String, value: AttributeValue) {
        self.key = key
        self.value = value
    }
}
