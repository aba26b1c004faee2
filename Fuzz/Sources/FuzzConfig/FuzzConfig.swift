import TraceLinkAgent

/// Keys whose scalar value tracelink parses itself (sizes, durations, numbers, endpoints, enums, a regex), each
/// in the smallest config that reaches it. `VALUE` is replaced by a one-line input, double-quoted.
let valueTemplates = [
    "receivers:\n  limits:\n    max_request_bytes: VALUE\n",
    "store:\n  max_memory: VALUE\n  max_age: VALUE\n",
    "receivers:\n  limits:\n    max_spans_per_request: VALUE\n",
    "span_metrics:\n  buckets_ms: [VALUE]\n",
    "metrics:\n  endpoint: VALUE\n",
    "log_level: VALUE\n",
    "sources:\n  - type: file\n    name: f\n    include: [/var/log/x.log]\n    poll_interval: VALUE\n"
        + "    multiline:\n      start_pattern: VALUE\n",
    "sources:\n  - type: journald\n    name: j\n    max_priority: VALUE\n    start_at: VALUE\n",
    "sources:\n  - type: file\n    name: f\n    include: [/var/log/x.log]\n    extract:\n"
        + "      - type: regex\n        pattern: VALUE\n",
]

/// libFuzzer entry: one config file's text. Whatever it holds, `parse` returns a configuration or throws a
/// `ConfigError` (its typed throw allows nothing else); a trap is a crash the user would see as
/// `tracelink check-config` dying instead of naming the line.
///
/// A short one-line input is also tried as the value of each key in `valueTemplates`: byte mutations of a
/// whole YAML file rarely land on a value, and the value parsers are tracelink's own code.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    parse(text)
    if size <= 128, !text.contains(where: \.isNewline) {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F || (0x80..<0xA0).contains(scalar.value)
                || scalar.value == 0xFEFF:
                let hex = String(scalar.value, radix: 16)
                quoted += "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        quoted += "\""
        for template in valueTemplates {
            parse(template.replacing("VALUE", with: quoted))
        }
    }
    return 0
}

func parse(_ text: String) {
    do {
        _ = try AgentConfiguration.parse(yaml: text, file: "fuzz.yaml")
    } catch {
        _ = error.description
    }
}
