/// A config the agent refuses, naming the file, line, column and key, and what was expected.
public struct ConfigError: Error, CustomStringConvertible, Sendable {
    public var file: String
    public var line: Int?
    public var column: Int?
    /// The dotted key path, e.g. `receivers.otlp_http.endpoint` or `sources[0].include`.
    public var key: String
    public var message: String

    public init(file: String, line: Int?, column: Int?, key: String, message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `FILE:LINE:COLUMN: key 'KEY': MESSAGE`, the form editors and CI logs link to.
    public var description: String {
        var location = file
        if let line { location += ":\(line)" }
        if let column { location += ":\(column)" }
        return key.isEmpty ? "\(location): \(message)" : "\(location): key '\(key)': \(message)"
    }
}
