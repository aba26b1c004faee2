import Foundation
import Yams

/// Walks one YAML mapping of the config, reading typed values and remembering which keys it used,
/// so that `finish()` can refuse unknown keys with their line.
final class ConfigReader {
    let file: String
    let path: String
    private let mapping: Node.Mapping?
    private let mark: Mark?
    private var used: Set<String> = []

    /// Reads `node` (a mapping, or nil for an absent section) found at `path` in `file`.
    init(file: String, path: String, node: Node?) throws(ConfigError) {
        self.file = file
        self.path = path
        self.mark = node?.mark
        switch node {
        case nil: self.mapping = nil
        case .mapping(let mapping)?: self.mapping = mapping
        case .scalar(let scalar)? where scalar.string.isEmpty || scalar.tag.description.hasSuffix("null"):
            self.mapping = nil
        case let other?:
            throw ConfigError(
                file: file, line: other.mark?.line, column: other.mark?.column, key: path,
                message: "expected a mapping of keys, found \(ConfigReader.kind(of: other))"
            )
        }
    }

    func keyPath(_ key: String) -> String { key.isEmpty ? path : path.isEmpty ? key : "\(path).\(key)" }

    func error(_ key: String, _ node: Node?, _ message: String) -> ConfigError {
        let where_ = node?.mark ?? mark
        return ConfigError(file: file, line: where_?.line, column: where_?.column, key: keyPath(key), message: message)
    }

    /// The raw node under `key`, marking the key as known.
    func node(_ key: String) -> Node? {
        used.insert(key)
        guard let mapping else { return nil }
        for (keyNode, value) in mapping where keyNode.string == key {
            if case .scalar(let scalar) = value, scalar.tag.description.hasSuffix("null") || (scalar.string == "~") {
                return nil
            }
            return value
        }
        return nil
    }

    func section(_ key: String) throws(ConfigError) -> ConfigReader {
        try ConfigReader(file: file, path: keyPath(key), node: node(key))
    }

    func string(_ key: String, default value: String) throws(ConfigError) -> String {
        guard let node = node(key) else { return value }
        guard case .scalar(let scalar) = node else {
            throw error(key, node, "expected a string, found \(Self.kind(of: node))")
        }
        return scalar.string
    }

    func optionalString(_ key: String) throws(ConfigError) -> String? {
        guard node(key) != nil else { return nil }
        return try string(key, default: "")
    }

    func bool(_ key: String, default value: Bool) throws(ConfigError) -> Bool {
        guard let node = node(key) else { return value }
        guard case .scalar = node, let flag = node.bool else {
            throw error(key, node, "expected true or false, found \(Self.describe(node))")
        }
        return flag
    }

    func int(_ key: String, default value: Int, in range: ClosedRange<Int> = 0...Int.max) throws(ConfigError) -> Int {
        guard let node = node(key) else { return value }
        guard case .scalar = node, let number = node.int else {
            throw error(key, node, "expected an integer, found \(Self.describe(node))")
        }
        guard range.contains(number) else {
            throw error(key, node, "expected an integer in \(range.lowerBound)...\(range.upperBound), found \(number)")
        }
        return number
    }

    /// A byte size: an integer, or a number with a unit (`16MiB`, `512KiB`, `1GiB`, `64MB`).
    func byteSize(_ key: String, default value: Int, minimum: Int = 1) throws(ConfigError) -> Int {
        guard let node = node(key) else { return value }
        guard case .scalar(let scalar) = node, let bytes = Self.parseByteSize(scalar.string), bytes >= minimum else {
            throw error(key, node, "expected a size of at least \(minimum) bytes such as 16777216 or 16MiB, found \(Self.describe(node))")
        }
        return bytes
    }

    /// A duration: `250ms`, `5s`, `30m`, `2h`, or a number of seconds.
    func duration(_ key: String, default value: Duration) throws(ConfigError) -> Duration {
        guard let node = node(key) else { return value }
        guard case .scalar(let scalar) = node, let duration = Self.parseDuration(scalar.string) else {
            throw error(key, node, "expected a duration such as 250ms, 5s, 30m or 2h, found \(Self.describe(node))")
        }
        return duration
    }

    func stringList(_ key: String, default value: [String]) throws(ConfigError) -> [String] {
        guard let node = node(key) else { return value }
        guard case .sequence(let sequence) = node else {
            throw error(key, node, "expected a list of strings, found \(Self.kind(of: node))")
        }
        var result: [String] = []
        for (index, element) in sequence.enumerated() {
            guard case .scalar(let scalar) = element else {
                throw error("\(key)[\(index)]", element, "expected a string, found \(Self.kind(of: element))")
            }
            result.append(scalar.string)
        }
        return result
    }

    func doubleList(_ key: String, default value: [Double]) throws(ConfigError) -> [Double] {
        guard let node = node(key) else { return value }
        guard case .sequence(let sequence) = node else {
            throw error(key, node, "expected a list of numbers, found \(Self.kind(of: node))")
        }
        var result: [Double] = []
        for (index, element) in sequence.enumerated() {
            guard case .scalar = element, let number = element.float ?? element.int.map(Double.init) else {
                throw error("\(key)[\(index)]", element, "expected a number, found \(Self.describe(element))")
            }
            result.append(number)
        }
        return result
    }

    /// A mapping of strings to strings, e.g. `links: {jaeger: "http://…/trace/{trace_id}"}`.
    func stringMap(_ key: String) throws(ConfigError) -> [String: String] {
        guard let node = node(key) else { return [:] }
        guard case .mapping(let mapping) = node else {
            throw error(key, node, "expected a mapping of names to strings")
        }
        var result: [String: String] = [:]
        for (name, value) in mapping {
            guard case .scalar(let scalar) = value, let nameText = name.string else {
                throw error(key, value, "expected a string value")
            }
            result[nameText] = scalar.string
        }
        return result
    }

    /// The list under `key` as readers of its mapping elements, named `key[index]`.
    func sections(_ key: String) throws(ConfigError) -> [ConfigReader] {
        guard let node = node(key) else { return [] }
        guard case .sequence(let sequence) = node else {
            throw error(key, node, "expected a list, found \(Self.kind(of: node))")
        }
        var result: [ConfigReader] = []
        for (index, element) in sequence.enumerated() {
            result.append(try ConfigReader(file: file, path: "\(keyPath(key))[\(index)]", node: element))
        }
        return result
    }

    /// A `host:port` endpoint (`[::1]:4317` for IPv6).
    func endpoint(_ key: String, default value: Endpoint) throws(ConfigError) -> Endpoint {
        guard let node = node(key) else { return value }
        guard case .scalar(let scalar) = node, let endpoint = Endpoint(parsing: scalar.string) else {
            throw error(key, node, "expected host:port such as 127.0.0.1:4318, found \(Self.describe(node))")
        }
        return endpoint
    }

    /// Refuses keys this reader never asked for.
    func finish() throws(ConfigError) {
        guard let mapping else { return }
        for (keyNode, _) in mapping {
            let key = keyNode.string ?? "?"
            if !used.contains(key) {
                let known = used.sorted().joined(separator: ", ")
                throw ConfigError(
                    file: file, line: keyNode.mark?.line, column: keyNode.mark?.column, key: keyPath(key),
                    message: "unknown key; expected one of: \(known)"
                )
            }
        }
    }

    static func kind(of node: Node) -> String {
        switch node {
        case .scalar(let scalar): "the scalar \"\(scalar.string)\""
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    static func describe(_ node: Node) -> String { kind(of: node) }

    static func parseByteSize(_ text: String) -> Int? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Int)] = [
            ("KiB", 1 << 10), ("MiB", 1 << 20), ("GiB", 1 << 30), ("KB", 1000), ("MB", 1_000_000), ("GB", 1_000_000_000),
            ("B", 1),
        ]
        for (suffix, multiplier) in units where trimmed.hasSuffix(suffix) {
            let number = trimmed.dropLast(suffix.count).trimmingCharacters(in: .whitespaces)
            guard let value = Double(number), value >= 0 else { return nil }
            let bytes = value * Double(multiplier)
            // `inf` and sizes past Int are refused, not trapped on.
            guard bytes.isFinite, bytes < 0x1p63 else { return nil }
            return Int(bytes)
        }
        return Int(trimmed)
    }

    static func parseDuration(_ text: String) -> Duration? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        let units: [(String, Double)] = [("ms", 0.001), ("s", 1), ("m", 60), ("h", 3600)]
        for (suffix, seconds) in units where trimmed.hasSuffix(suffix) {
            let number = trimmed.dropLast(suffix.count)
            guard let value = Double(number), value >= 0 else { return nil }
            return milliseconds(value * seconds * 1000)
        }
        guard let value = Double(trimmed), value >= 0 else { return nil }
        return milliseconds(value * 1000)
    }

    /// `inf` and durations past Int64 milliseconds are refused, not trapped on.
    private static func milliseconds(_ value: Double) -> Duration? {
        guard value.isFinite, value < 0x1p63 else { return nil }
        return .milliseconds(Int64(value))
    }
}
