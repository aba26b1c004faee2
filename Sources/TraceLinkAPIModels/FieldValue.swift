/// A field's value as JSON types it.
public enum FieldValue: Codable, Sendable, Hashable {
    case string(String)
    case int(Int64)
    case double(Double)
    case bool(Bool)
    case array([FieldValue])
    /// A key-value list, as a JSON object (last value wins for a repeated key).
    case map([String: FieldValue])

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Int64.self) {
            self = .int(value)
        } else if let value = try? container.decode(Double.self) {
            self = .double(value)
        } else if let value = try? container.decode([FieldValue].self) {
            self = .array(value)
        } else if let value = try? container.decode([String: FieldValue].self) {
            self = .map(value)
        } else {
            self = .string(try container.decode(String.self))
        }
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let value): try container.encode(value)
        case .int(let value): try container.encode(value)
        case .double(let value) where value.isFinite: try container.encode(value)
        case .double(let value): try container.encode(String(value))
        case .bool(let value): try container.encode(value)
        case .array(let values): try container.encode(values)
        case .map(let pairs): try container.encode(pairs)
        }
    }

    /// The value as text.
    public var text: String {
        switch self {
        case .string(let value): value
        case .int(let value): String(value)
        case .double(let value): String(value)
        case .bool(let value): String(value)
        case .array(let values): "[" + values.map(\.text).joined(separator: ",") + "]"
        case .map(let pairs): "{" + pairs.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value.text)" }.joined(separator: ",") + "}"
        }
    }
}
