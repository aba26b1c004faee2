import Foundation
public import TraceLinkCore

/// Parsing of API query values: durations, times and severities.
public enum QueryValues {
    /// `250ms`, `2s`, `1.5m`, `100us`, or a plain number of milliseconds.
    public static func durationNanos(_ text: String) -> UInt64? {
        let units: [(String, Double)] = [("us", 1_000), ("µs", 1_000), ("ms", 1_000_000), ("s", 1_000_000_000), ("m", 60_000_000_000)]
        for (suffix, nanos) in units where text.hasSuffix(suffix) {
            guard let value = Double(text.dropLast(suffix.count)), value >= 0 else { return nil }
            return nanoseconds(value * nanos)
        }
        guard let value = Double(text), value >= 0 else { return nil }
        return nanoseconds(value * 1_000_000)
    }

    /// `value` as whole nanoseconds; nil when it is not finite or past what a UInt64 holds (`inf`, `1e300`).
    static func nanoseconds(_ value: Double) -> UInt64? {
        guard value.isFinite, value >= 0, value < 0x1p64 else { return nil }
        return UInt64(value)
    }

    /// RFC 3339, Unix seconds (up to 11 digits, fraction allowed) or Unix nanoseconds.
    public static func timeUnixNano(_ text: String) -> UInt64? {
        if let number = Double(text), number >= 0 {
            return nanoseconds(number < 1e11 ? number * 1e9 : number)
        }
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text) {
            return nanoseconds(max(0, date.timeIntervalSince1970) * 1e9)
        }
        return nil
    }

    public static func severity(_ text: String) -> Severity? {
        if let number = UInt8(text), (1...24).contains(number) { return Severity(number: number) }
        return Severity(text: text)
    }
}
