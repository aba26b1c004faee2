/// What the extractor found in one line, with the message and service left as places in the line: the file path
/// keeps the line's bytes and makes no `String` of them. `record(in:)` decodes them into an `ExtractedRecord`.
public struct ExtractedLine: Sendable, Hashable {
    public var traceID: TraceID?
    public var spanID: SpanID?
    public var traceFlags: UInt8?
    public var timeUnixNano: UInt64?
    public var severity: Severity?
    /// The message field of a structured line; nil means "the whole line is the message".
    public var message: ExtractedText?
    public var service: ExtractedText?

    public init() {}

    /// The same, with the message and service decoded.
    public func record(in line: UnsafeBufferPointer<UInt8>) -> ExtractedRecord {
        ExtractedRecord(
            traceID: traceID, spanID: spanID, traceFlags: traceFlags, timeUnixNano: timeUnixNano, severity: severity,
            message: message?.decoded(in: line), service: service?.decoded(in: line))
    }
}

/// A text value found in a line.
public enum ExtractedText: Sendable, Hashable {
    /// `line[start..<end]`; `escaped` when it may hold backslash escapes (inside JSON or logfmt quotes).
    case place(start: Int, end: Int, escaped: Bool)
    /// Text a rule already decoded (a regex rule's group).
    case text(String)

    /// The text, escapes resolved and invalid UTF-8 repaired.
    public func decoded(in line: UnsafeBufferPointer<UInt8>) -> String {
        switch self {
        case .place(let start, let end, let escaped):
            escaped ? TextDecoding.unescaped(line, start, end) : TextDecoding.plain(line, start, end)
        case .text(let text): text
        }
    }

    /// The same text, its place moved `distance` bytes on (from a field's bytes to those of the record holding it).
    func shifted(by distance: Int) -> ExtractedText {
        guard case .place(let start, let end, let escaped) = self else { return self }
        return .place(start: start + distance, end: end + distance, escaped: escaped)
    }

    /// The place of the text when its bytes are the text as they stand (no escape to resolve).
    public func verbatim(in line: UnsafeBufferPointer<UInt8>) -> Range<Int>? {
        guard case .place(let start, let end, let escaped) = self else { return nil }
        guard !escaped || ByteScanning.find(UInt8(ascii: "\\"), in: line, from: start, to: end) == nil else {
            return nil
        }
        return start..<end
    }
}
