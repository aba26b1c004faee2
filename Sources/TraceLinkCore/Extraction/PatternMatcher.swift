/// A compiled regex rule: matches a line and reads its named groups.
///
/// `@unchecked Sendable`: `Regex` is an immutable value whose lazily built program is published
/// atomically by the standard library; it is compiled here, before the matcher is shared, and never
/// mutated afterwards. The standard library does not mark it Sendable.
final class PatternMatcher: @unchecked Sendable {
    let pattern: String
    private let regex: Regex<AnyRegexOutput>
    private let hasSpanID: Bool
    private let hasTraceFlags: Bool
    private let hasSeverity: Bool
    private let hasTime: Bool
    private let hasService: Bool
    private let hasMessage: Bool

    init(pattern: String) throws(ExtractionRuleError) {
        let regex: Regex<AnyRegexOutput>
        do {
            regex = try Regex(pattern)
        } catch {
            throw .invalidPattern(pattern, cause: error)
        }
        guard regex.contains(captureNamed: "trace_id") else { throw .missingTraceIDGroup(pattern) }
        self.pattern = pattern
        self.regex = regex
        hasSpanID = regex.contains(captureNamed: "span_id")
        hasTraceFlags = regex.contains(captureNamed: "trace_flags")
        hasSeverity = regex.contains(captureNamed: "severity")
        hasTime = regex.contains(captureNamed: "ts")
        hasService = regex.contains(captureNamed: "service")
        hasMessage = regex.contains(captureNamed: "message")
        _ = try? regex.firstMatch(in: "")
    }

    func scan(_ line: UnsafeBufferPointer<UInt8>, into found: inout FieldAccumulator) {
        let text = String(decoding: line, as: UTF8.self)
        guard let match = try? regex.firstMatch(in: text) else { return }
        let output = match.output
        guard let traceText = output["trace_id"]?.substring,
            let traceID = Self.withBytes(traceText, { IDParsing.traceID(hex: $0, 0, $0.count) })
        else { return }
        var spanID: SpanID?
        if hasSpanID, let text = output["span_id"]?.substring {
            spanID = Self.withBytes(text) { IDParsing.spanID(hex: $0, 0, $0.count) }
        }
        var flags: UInt8?
        if hasTraceFlags, let text = output["trace_flags"]?.substring {
            flags = Self.withBytes(text) { IDParsing.traceFlags(hex: $0, 0, $0.count) }
        }
        found.setContext(traceID: traceID, spanID: spanID, traceFlags: flags)
        if hasSeverity, found.fields.contains(.severity), let text = output["severity"]?.substring {
            found.severity = Self.withBytes(text) { Severity(textBytes: $0, 0, $0.count) }
        }
        if hasTime, found.fields.contains(.time), let text = output["ts"]?.substring {
            found.timeUnixNano = Self.withBytes(text) { TimestampParsing.parse($0, 0, $0.count) }
        }
        if hasService, found.fields.contains(.service), let text = output["service"]?.substring, !text.isEmpty {
            found.serviceText = String(text)
        }
        if hasMessage, found.fields.contains(.message), let text = output["message"]?.substring {
            found.messageText = String(text)
        }
    }

    private static func withBytes<Result>(
        _ text: Substring, _ body: (UnsafeBufferPointer<UInt8>) -> Result?
    ) -> Result? {
        if let result = text.utf8.withContiguousStorageIfAvailable(body) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(body)
    }
}
