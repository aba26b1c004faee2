import Foundation
import TraceLinkCore

/// Reading the OTLP/JSON encoding: lowerCamelCase keys (the proto names accepted too), hex trace and
/// span ids, enums as integers (or their names), 64-bit integers as strings or numbers.
enum OTLPJSON {
    typealias Object = [String: Any]

    /// Parses the body into a top-level object, or throws with the parser's reason.
    static func object(from bytes: [UInt8]) throws(OTLPDecodingError) -> Object {
        let parsed: Any
        do {
            parsed = try JSONSerialization.jsonObject(with: Data(bytes), options: [])
        } catch {
            throw OTLPDecodingError("invalid JSON: \((error as NSError).userInfo[NSDebugDescriptionErrorKey] ?? error)")
        }
        guard let object = parsed as? Object else { throw OTLPDecodingError("invalid OTLP/JSON: top level must be an object") }
        return object
    }

    /// The value under the camelCase key, or under the snake_case proto name.
    static func field(_ object: Object, _ camel: String, _ snake: String? = nil) -> Any? {
        if let value = object[camel], !(value is NSNull) { return value }
        if let snake, let value = object[snake], !(value is NSNull) { return value }
        return nil
    }

    static func objects(_ object: Object, _ camel: String, _ snake: String? = nil) throws(OTLPDecodingError) -> [Object] {
        guard let value = field(object, camel, snake) else { return [] }
        guard let array = value as? [Any] else { throw OTLPDecodingError("invalid OTLP/JSON: \(camel) must be an array") }
        var result: [Object] = []
        for element in array {
            guard let item = element as? Object else { throw OTLPDecodingError("invalid OTLP/JSON: \(camel) must hold objects") }
            result.append(item)
        }
        return result
    }

    static func string(_ object: Object, _ camel: String, _ snake: String? = nil) -> String {
        field(object, camel, snake) as? String ?? ""
    }

    /// A uint64/int64 written as a decimal string or a JSON number.
    static func unsigned(_ object: Object, _ camel: String, _ snake: String? = nil) -> UInt64 {
        switch field(object, camel, snake) {
        case let text as String: UInt64(text) ?? 0
        case let number as NSNumber: number.uint64Value
        default: 0
        }
    }

    /// An enum written as its number or its name (e.g. `SPAN_KIND_SERVER`), looked up in `names`.
    static func enumValue(_ object: Object, _ camel: String, names: [String]) -> Int {
        switch field(object, camel) {
        case let number as NSNumber: number.intValue
        case let text as String: names.firstIndex(of: text) ?? Int(text) ?? 0
        default: 0
        }
    }

    static func attributes(_ object: Object) throws(OTLPDecodingError) -> [Attribute] {
        try objects(object, "attributes").map { keyValue in
            Attribute(key: string(keyValue, "key"), value: value(field(keyValue, "value") as? Object ?? [:]))
        }
    }

    static func value(_ anyValue: Object) -> AttributeValue {
        if let text = field(anyValue, "stringValue", "string_value") as? String { return .string(text) }
        if let flag = field(anyValue, "boolValue", "bool_value") as? Bool { return .bool(flag) }
        if let number = field(anyValue, "intValue", "int_value") {
            if let text = number as? String { return .int(Int64(text) ?? 0) }
            if let number = number as? NSNumber { return .int(number.int64Value) }
        }
        if let number = field(anyValue, "doubleValue", "double_value") as? NSNumber { return .double(number.doubleValue) }
        if let array = field(anyValue, "arrayValue", "array_value") as? Object {
            let values = (array["values"] as? [Any] ?? []).compactMap { $0 as? Object }.map { value($0).text }
            return .other("[" + values.joined(separator: ",") + "]")
        }
        if let list = field(anyValue, "kvlistValue", "kvlist_value") as? Object {
            let pairs = (list["values"] as? [Any] ?? []).compactMap { $0 as? Object }.map {
                "\(string($0, "key"))=\(value(field($0, "value") as? Object ?? [:]).text)"
            }
            return .other("{" + pairs.joined(separator: ",") + "}")
        }
        if let bytes = field(anyValue, "bytesValue", "bytes_value") as? String { return .other(bytes) }
        return .other("")
    }

    /// `service.name` among resource attributes, or `unknown_service`.
    static func serviceName(_ attributes: [Attribute]) -> String {
        for attribute in attributes where attribute.key == "service.name" {
            if case .string(let name) = attribute.value, !name.isEmpty { return name }
        }
        return "unknown_service"
    }
}
