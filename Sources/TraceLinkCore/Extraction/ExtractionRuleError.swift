/// A rule that cannot be built from its options, e.g. a regex that does not compile. Config loading
/// wraps it with the file, line and key.
public struct ExtractionRuleError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What is wrong, as a value callers can compare; new codes never break a `switch`.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case invalidPattern, missingTraceIDGroup
        }
        private let base: Base

        /// The regex does not compile.
        public static let invalidPattern = Code(base: .invalidPattern)
        /// The regex has no named group `trace_id`.
        public static let missingTraceIDGroup = Code(base: .missingTraceIDGroup)

        public var description: String {
            switch base {
            case .invalidPattern: "invalid pattern"
            case .missingTraceIDGroup: "missing trace_id group"
            }
        }
    }

    public let code: Code
    /// What went wrong and what to do, for the user.
    public let message: String
    /// The pattern as configured.
    public let pattern: String
    /// The regex compiler's own message, when it refused the pattern.
    public let underlying: String?

    public var description: String { message }

    static func invalidPattern(_ pattern: String, cause: any Error) -> Self {
        let reason = String(describing: cause)
        return Self(
            code: .invalidPattern, message: "regex does not compile: \(reason) (pattern: \(pattern))",
            pattern: pattern, underlying: reason)
    }

    static func missingTraceIDGroup(_ pattern: String) -> Self {
        Self(
            code: .missingTraceIDGroup,
            message: "regex has no named group `trace_id`: write it as (?<trace_id>...) (pattern: \(pattern))",
            pattern: pattern, underlying: nil)
    }
}
