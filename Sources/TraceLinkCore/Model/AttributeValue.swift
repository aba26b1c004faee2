/// An attribute value as OTLP carries it, reduced to what tracelink shows and searches.
public enum AttributeValue: Hashable, Sendable {
    case string(String)
    case bool(Bool)
    case int(Int64)
    case double(Double)
    /// Arrays, maps and bytes, kept as their JSON-ish text.
    case other(String)

    /// The value as text, for search and display.
    public var text: String {
        switch self {
        case .string(let value): value
        case .bool(let value): String(value)
        case .int(let value): String(value)
        case .double(let value): String(value)
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
