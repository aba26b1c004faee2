/// Why a journal source could not do something, with a message a user can act on.
public struct JournalSourceError: Swift.Error, CustomStringConvertible, Sendable {
    public enum Code: Sendable, Hashable {
        /// The configuration is inconsistent (bad match, priority out of range).
        case invalidConfiguration
        /// The journal could not be opened (missing directory, no journald, no permission).
        case unavailable
        /// Reading, seeking or waiting failed.
        case read
    }

    public var code: Code
    public var message: String

    public init(code: Code, message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }
}
