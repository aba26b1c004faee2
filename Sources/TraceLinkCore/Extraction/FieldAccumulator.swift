/// What one rule found in one record, as parsed values and byte spans: strings are decoded only when the
/// record takes them, so a rule that loses costs no allocation.
struct FieldAccumulator {
    /// How a value's bytes are written.
    enum ValueKind {
        /// The inside of a JSON string: may hold `\` escapes.
        case jsonString
        /// The inside of a JSON string in a line with no backslash before its end: its bytes are its text.
        case jsonPlainString
        /// A JSON number or literal (`true`, `null`).
        case jsonScalar
        /// An unquoted logfmt value or header value.
        case bare
        /// The inside of a double-quoted logfmt or structured-data value: may hold `\` escapes.
        case quoted
    }

    /// A span of the line holding text, decoded on demand.
    struct TextSpan {
        var start: Int
        var end: Int
        var kind: ValueKind
    }

    let fields: TraceContextExtractor.Fields
    var traceID: TraceID?
    var traceRank = Int.max
    var spanID: SpanID?
    var spanRank = Int.max
    var traceFlags: UInt8?
    var flagsRank = Int.max
    var sampledFlags: UInt8?
    var sampledRank = Int.max
    var severity: Severity?
    var severityRank = Int.max
    var timeUnixNano: UInt64?
    var timeRank = Int.max
    var message: TextSpan?
    var messageRank = Int.max
    var service: TextSpan?
    var serviceRank = Int.max
    /// Text a rule already decoded (the regex rule's groups); wins over the spans.
    var messageText: String?
    var serviceText: String?

    init(fields: TraceContextExtractor.Fields) {
        self.fields = fields
    }

    /// Datadog decimal keys rank after every hex key: a 128-bit id beats its low half.
    private static let decimalRankOffset = 1 << 20

    /// Level-word-only keys rank after every severity key.
    private static let wordSeverityRankOffset = 1 << 20

    /// Reads the value at `line[start..<end]` for a key of `role` and keeps it when it is valid and
    /// outranks what this role already holds.
    @inline(__always)
    mutating func offer(
        role: FieldRole, rank: Int, _ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, kind: ValueKind
    ) {
        switch role {
        case .traceID:
            guard rank < traceRank, kind != .jsonScalar,
                let id = IDParsing.traceID(hex: line, start, end)
            else { return }
            traceID = id
            traceRank = rank
        case .decimalTraceID:
            let rank = rank + Self.decimalRankOffset
            guard rank < traceRank, let id = IDParsing.traceID(decimal: line, start, end) else { return }
            traceID = id
            traceRank = rank
        case .spanID:
            guard rank < spanRank, kind != .jsonScalar, let id = IDParsing.spanID(hex: line, start, end) else {
                return
            }
            spanID = id
            spanRank = rank
        case .decimalSpanID:
            let rank = rank + Self.decimalRankOffset
            guard rank < spanRank, let id = IDParsing.spanID(decimal: line, start, end) else { return }
            spanID = id
            spanRank = rank
        case .traceFlags:
            guard rank < flagsRank else { return }
            let flags =
                kind == .jsonScalar
                ? IDParsing.traceFlags(decimal: line, start, end) : IDParsing.traceFlags(hex: line, start, end)
            guard let flags else { return }
            traceFlags = flags
            flagsRank = rank
        case .sampled:
            guard rank < sampledRank, let flags = IDParsing.sampledFlags(line, start, end) else { return }
            sampledFlags = flags
            sampledRank = rank
        case .severity:
            guard fields.contains(.severity), rank < severityRank,
                let value = Severity(textBytes: line, start, end)
            else { return }
            severity = value
            severityRank = rank
        case .severityWord:
            let rank = rank + Self.wordSeverityRankOffset
            guard fields.contains(.severity), rank < severityRank, kind != .jsonScalar,
                let value = Severity(levelWordBytes: line, start, end)
            else { return }
            severity = value
            severityRank = rank
        case .timestamp:
            guard fields.contains(.time), rank < timeRank, let value = TimestampParsing.parse(line, start, end) else {
                return
            }
            timeUnixNano = value
            timeRank = rank
        case .message:
            guard fields.contains(.message), rank < messageRank, kind != .jsonScalar else { return }
            message = TextSpan(start: start, end: end, kind: kind)
            messageRank = rank
        case .service:
            guard fields.contains(.service), rank < serviceRank, kind != .jsonScalar, end > start else { return }
            service = TextSpan(start: start, end: end, kind: kind)
            serviceRank = rank
        }
    }

    /// Sets the ids of a header-shaped value, which come as one unit.
    @inline(__always)
    mutating func setContext(traceID: TraceID, spanID: SpanID?, traceFlags: UInt8?) {
        self.traceID = traceID
        self.spanID = spanID
        self.traceFlags = traceFlags
    }

    /// The message this rule found, not decoded.
    var messageValue: ExtractedText? { messageText.map(ExtractedText.text) ?? message.map(\.place) }
    /// The service this rule found, not decoded.
    var serviceValue: ExtractedText? { serviceText.map(ExtractedText.text) ?? service.map(\.place) }

    /// Fills the fields `found` does not have yet from what this rule found, leaving text as places in the line.
    func fill(_ found: inout ExtractedLine) {
        if found.severity == nil { found.severity = severity }
        if found.timeUnixNano == nil { found.timeUnixNano = timeUnixNano }
        if found.message == nil { found.message = messageValue }
        if found.service == nil { found.service = serviceValue }
    }

    /// Takes this rule's trace context into `found`.
    func takeContext(into found: inout ExtractedLine) {
        found.traceID = traceID
        found.spanID = spanID
        found.traceFlags = traceFlags ?? sampledFlags
    }
}

extension FieldAccumulator.TextSpan {
    /// This span as a place in the line.
    var place: ExtractedText {
        switch kind {
        case .jsonString, .quoted: .place(start: start, end: end, escaped: true)
        case .jsonPlainString, .bare, .jsonScalar: .place(start: start, end: end, escaped: false)
        }
    }
}
