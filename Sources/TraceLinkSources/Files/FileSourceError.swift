/// Why a file source could not start.
public struct FileSourceError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable {
        private enum Value: Hashable, Sendable { case invalidConfiguration, stateDirectory }
        private let value: Value
        public static let invalidConfiguration = Code(value: .invalidConfiguration)
        public static let stateDirectory = Code(value: .stateDirectory)
    }

    public var code: Code
    public var message: String
    public var description: String { message }

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }
}
