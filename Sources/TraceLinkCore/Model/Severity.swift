/// An OpenTelemetry severity number (1–24, 0 unspecified) with its short text.
public struct Severity: Hashable, Sendable, Comparable {
    /// `SeverityNumber`: TRACE 1–4, DEBUG 5–8, INFO 9–12, WARN 13–16, ERROR 17–20, FATAL 21–24.
    public let number: UInt8

    public init(number: UInt8) { self.number = min(number, 24) }

    public static let unspecified = Severity(number: 0)
    public static let trace = Severity(number: 1)
    public static let debug = Severity(number: 5)
    public static let info = Severity(number: 9)
    public static let warn = Severity(number: 13)
    public static let error = Severity(number: 17)
    public static let fatal = Severity(number: 21)

    /// The OpenTelemetry short name of the range: TRACE, DEBUG, INFO, WARN, ERROR, FATAL; "" if unspecified.
    public var text: String {
        switch number {
        case 0: ""
        case 1...4: "TRACE"
        case 5...8: "DEBUG"
        case 9...12: "INFO"
        case 13...16: "WARN"
        case 17...20: "ERROR"
        default: "FATAL"
        }
    }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.number < rhs.number }
}
