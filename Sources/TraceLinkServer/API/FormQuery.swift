import Foundation

/// Query parameters decoded as browsers and HTTP clients encode them (`+` for space, then percent-escapes),
/// so a pasted log line with spaces arrives intact.
public struct FormQuery: Sendable {
    private var values: [String: String] = [:]

    public init(_ query: String?) {
        guard let query, !query.isEmpty else { return }
        for pair in query.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = Self.decode(parts[0])
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            if values[key] == nil { values[key] = value }
        }
    }

    public func get(_ key: String) -> String? { values[key] }

    static func decode(_ text: Substring) -> String {
        let spaced = text.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
    }
}
