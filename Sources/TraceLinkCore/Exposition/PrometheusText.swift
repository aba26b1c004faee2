/// Escaping and label formatting for the Prometheus text exposition format 0.0.4.
public enum PrometheusText {
    /// Escapes a label value: backslash, double quote and newline.
    public static func escapeLabelValue(_ value: String) -> String { escape(value, quotes: true) }

    /// Escapes HELP text: backslash and newline.
    public static func escapeHelp(_ value: String) -> String { escape(value, quotes: false) }

    /// Backslash and newline escaped, and the double quote when `quotes`. Most text has none of them and is returned
    /// as it is (a scrape writes every family's help: `replacing` on each was a tenth of a scrape).
    private static func escape(_ value: String, quotes: Bool) -> String {
        guard
            value.utf8.contains(where: {
                $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\n") || (quotes && $0 == UInt8(ascii: "\""))
            })
        else { return value }
        var out = ""
        out.reserveCapacity(value.utf8.count + 4)
        for character in value.unicodeScalars {
            switch character {
            case "\\": out += "\\\\"
            case "\"" where quotes: out += "\\\""
            case "\n": out += "\\n"
            default: out.unicodeScalars.append(character)
            }
        }
        return out
    }

    /// Appends `{a="x",b="y"}`, or nothing when there are no labels.
    public static func appendLabels(_ labels: [(String, String)], to output: inout String) {
        guard !labels.isEmpty else { return }
        output += "{"
        for (index, label) in labels.enumerated() {
            if index > 0 { output += "," }
            output += label.0
            output += "=\""
            output += escapeLabelValue(label.1)
            output += "\""
        }
        output += "}"
    }

    /// Turns an arbitrary key (`http.method`) into a valid label name (`http_method`).
    public static func sanitizeLabelName(_ key: String) -> String {
        let valid = !key.isEmpty && key.utf8.enumerated().allSatisfy { index, byte in
            (byte >= 0x61 && byte <= 0x7A) || (byte >= 0x41 && byte <= 0x5A) || byte == 0x5F
                || (index > 0 && byte >= 0x30 && byte <= 0x39)
        }
        if valid { return key }
        var out = ""
        for (index, scalar) in key.unicodeScalars.enumerated() {
            let isLetter = (scalar >= "a" && scalar <= "z") || (scalar >= "A" && scalar <= "Z") || scalar == "_"
            let isDigit = scalar >= "0" && scalar <= "9"
            if isLetter || (isDigit && index > 0) {
                out.unicodeScalars.append(scalar)
            } else if isDigit {
                out += "key_"
                out.unicodeScalars.append(scalar)
            } else {
                out += "_"
            }
        }
        return out
    }
}

extension PrometheusText {
    /// A sample value: integers without a fraction (`2`), others in Swift's shortest round-trip form.
    public static func formatDouble(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return String(value)
    }

    /// Seconds since the epoch with millisecond precision, as exemplar timestamps are written.
    public static func formatTimestamp(unixNano: UInt64) -> String {
        let millis = unixNano / 1_000_000
        let fraction = millis % 1000
        let padded = fraction < 10 ? "00\(fraction)" : fraction < 100 ? "0\(fraction)" : "\(fraction)"
        return "\(millis / 1000).\(padded)"
    }
}
