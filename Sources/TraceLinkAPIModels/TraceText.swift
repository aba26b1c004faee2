/// A trace as terminal text: a waterfall of spans (a bar per span on one time axis), each span's log lines in
/// place under it, error spans with their exception. With `colors`, ANSI colours (a TTY); without, plain text.
public struct TraceText: Sendable {
    public var colors: Bool
    /// Cells of the waterfall bar.
    public var barWidth: Int

    public init(colors: Bool, barWidth: Int = 24) {
        self.colors = colors
        self.barWidth = barWidth
    }

    public enum Style: String, Sendable {
        case red = "31"
        case green = "32"
        case yellow = "33"
        case cyan = "36"
        case dim = "2"
        case bold = "1"
    }

    public func paint(_ text: String, _ style: Style) -> String {
        colors ? "\u{1B}[\(style.rawValue)m\(text)\u{1B}[0m" : text
    }

    public func render(_ trace: APIModels.Trace) -> String {
        var lines: [String] = []
        let summary = trace.summary
        var header = "trace \(trace.traceId)"
        if let service = summary.rootService, let name = summary.rootSpanName { header += "  \(service) \(name)" }
        header += "  \(Self.milliseconds(summary.durationMs)) ms  \(Self.count(summary.spanCount, "span"))"
        header += "  \(Self.count(summary.logCount, "log"))"
        if summary.errorCount > 0 { header += "  " + paint(Self.count(summary.errorCount, "error"), .red) }
        lines.append(paint(header, .bold))
        for (name, link) in trace.links.sorted(by: { $0.key < $1.key }) { lines.append("  \(name): \(link)") }

        let start = trace.spans.map(\.startUnixNano).min() ?? summary.startUnixNano
        let total = max(summary.durationMs, trace.spans.map { Self.offsetMs($0.startUnixNano, from: start) + $0.durationMs }.max() ?? 0)
        let gutter = String(repeating: " ", count: barWidth + 3)
        for span in trace.spans {
            let indent = String(repeating: "  ", count: span.depth)
            let failed = span.status.code == "STATUS_CODE_ERROR"
            var line = bar(offsetMs: Self.offsetMs(span.startUnixNano, from: start), durationMs: span.durationMs, totalMs: total, failed: failed)
            line += " \(indent)\(paint(span.service, .cyan)) \(span.name) \(Self.milliseconds(span.durationMs)) ms"
            line += paint(" (self \(Self.milliseconds(span.selfTimeMs)) ms)", .dim)
            if failed { line += " " + paint("ERROR", .red) }
            if span.criticalPath { line += " " + paint("*", .yellow) }
            lines.append(line)
            for event in span.events where event.name == "exception" {
                let type = event.attributes["exception.type"] ?? "exception"
                let message = event.attributes["exception.message"].map { ": \($0)" } ?? ""
                lines.append(gutter + indent + "  " + paint("! \(type)\(message)", .red))
            }
            for log in span.logs { lines.append(gutter + indent + "  | " + logLine(log)) }
        }
        if !trace.logs.isEmpty {
            lines.append("logs of the trace without a held span:")
            for log in trace.logs { lines.append("  | " + logLine(log)) }
        }
        if trace.spans.contains(where: \.criticalPath) { lines.append(paint("* on the critical path", .dim)) }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `2026-11-25T06:53:20.100 ERROR [source] message`, coloured by severity.
    public func logLine(_ log: APIModels.Log) -> String {
        let text = "\(log.time.prefix(23)) \(log.severity) [\(log.source)] \(log.message)"
        switch log.severityNumber {
        case 17...: return paint(text, .red)
        case 13...16: return paint(text, .yellow)
        case 1...8: return paint(text, .dim)
        default: return text
        }
    }

    /// `[  ====      ]`: where the span sits in the trace's time.
    func bar(offsetMs: Double, durationMs: Double, totalMs: Double, failed: Bool) -> String {
        guard totalMs > 0 else { return "[" + paint(String(repeating: "=", count: barWidth), failed ? .red : .green) + "]" }
        let first = min(barWidth - 1, Int((offsetMs / totalMs * Double(barWidth)).rounded(.down)))
        let last = min(barWidth, max(first + 1, Int(((offsetMs + durationMs) / totalMs * Double(barWidth)).rounded(.up))))
        let filled = paint(String(repeating: "=", count: last - first), failed ? .red : .green)
        return "[" + String(repeating: " ", count: first) + filled + String(repeating: " ", count: barWidth - last) + "]"
    }

    static func offsetMs(_ unixNano: UInt64, from start: UInt64) -> Double {
        unixNano >= start ? Double(unixNano - start) / 1_000_000 : 0
    }

    /// `1 span`, `3 spans`.
    static func count(_ number: Int, _ noun: String) -> String { "\(number) \(noun)\(number == 1 ? "" : "s")" }

    /// One decimal: `12.4`.
    static func milliseconds(_ value: Double) -> String {
        let tenths = Int((value * 10).rounded())
        return "\(tenths / 10).\(abs(tenths % 10))"
    }
}
