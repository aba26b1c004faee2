import SwiftProtobuf
public import TraceLinkCore

/// Turns OTLP/JSON export requests into the protobuf bytes of the same message, so one protobuf reader serves both.
///
/// swift-protobuf does the JSON: unknown fields are ignored, lowerCamelCase and proto field names are both accepted,
/// enums as names or integers, 64-bit integers as strings or numbers, and its nesting limit (100 messages deep)
/// refuses deeply nested `AnyValue`s instead of overflowing the stack.
///
/// Trace and span ids are the exception: OTLP/JSON writes them as hex, where protobuf JSON expects base64 for a
/// `bytes` field. They are rewritten *before* decoding, in one pass over the raw text, because after decoding the
/// original text is lost: swift-protobuf's base64 skips spaces and accepts the URL-safe alphabet, a 22-digit hex
/// string decodes to 16 bytes (a plausible but wrong trace id), and hex of some lengths is not base64 at all, which
/// would fail the whole request. The pass rewrites the string value of every object key named `traceId`, `spanId`,
/// `parentSpanId` (or their proto names); those keys occur nowhere else in trace and log requests, since attribute
/// names are values (`"key": "..."`), not keys.
/// - Exactly 32 (trace) or 16 (span) hex digits, either case: the base64 of those bytes.
/// - Empty: stays empty (no id, e.g. a root span's parent or an uncorrelated log record).
/// - Anything else: one zero byte, an id of the wrong length which the readers refuse (the span or log record is
///   rejected; a parent id is ignored), so a malformed id never becomes another valid one.
public enum OTLPJSONConversion {
    /// An OTLP/JSON `ExportTraceServiceRequest` as the protobuf bytes of the same message.
    public static func traceRequest(json: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> [UInt8] {
        try convert(json, as: ExportTraceServiceRequest.self)
    }

    /// The same for `ExportLogsServiceRequest`.
    public static func logsRequest(json: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> [UInt8] {
        try convert(json, as: ExportLogsServiceRequest.self)
    }

    private static let options: JSONDecodingOptions = {
        var options = JSONDecodingOptions()
        options.ignoreUnknownFields = true
        return options
    }()

    private static func convert<M: Message>(_ json: UnsafeRawBufferPointer, as _: M.Type) throws(OTLPDecodingError)
        -> [UInt8]
    {
        let message: M
        do {
            message = try M(jsonUTF8Bytes: rewritingIDs(json), options: options)
        } catch let error as JSONDecodingError {
            throw OTLPDecodingError("invalid OTLP/JSON \(M.protoMessageName): \(reason(error))")
        } catch {
            throw OTLPDecodingError("invalid OTLP/JSON \(M.protoMessageName): \(error)")
        }
        do {
            return try message.serializedBytes()
        } catch {
            throw OTLPDecodingError("cannot encode \(M.protoMessageName) as protobuf: \(error)")
        }
    }

    private static func reason(_ error: JSONDecodingError) -> String {
        switch error {
        case .truncated: "the JSON ends early"
        case .trailingGarbage: "text follows the top-level object"
        case .invalidUTF8: "not UTF-8"
        case .messageDepthLimit: "nested deeper than \(options.messageDepthLimit) messages"
        case .malformedString: "a string is malformed, or a value that must be a string is not"
        case .malformedNumber, .numberRange, .leadingZero: "a number is malformed or out of range for its field"
        case .malformedBool: "a value that must be true or false is not"
        case .illegalNull: "null where it is not allowed (e.g. in an array)"
        case .conflictingOneOf: "an AnyValue holds more than one value"
        case .failure: "malformed JSON or a value of the wrong type"
        default: "malformed JSON or a value of the wrong type (\(error))"
        }
    }
}

extension OTLPJSONConversion {
    private static let quote = UInt8(ascii: "\"")
    private static let backslash = UInt8(ascii: "\\")

    /// The id keys and how many hex digits their values hold.
    private static let idKeys: [(name: [UInt8], hexDigits: Int)] = [
        ("traceId", 32), ("spanId", 16), ("parentSpanId", 16),
        ("trace_id", 32), ("span_id", 16), ("parent_span_id", 16),
    ].map { (Array($0.utf8), $1) }

    /// A copy of `json` with each hex id value replaced as the type's documentation says; everything else verbatim.
    ///
    /// It never fails: malformed JSON is left for swift-protobuf to report.
    static func rewritingIDs(_ json: UnsafeRawBufferPointer) -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(json.count)
        var copied = 0  // json[..<copied] is in output
        var index = 0
        while index < json.count {
            guard json[index] == quote else {
                index += 1
                continue
            }
            guard let keyEnd = stringEnd(json, openingQuote: index) else { break }
            let colon = skippingWhitespace(json, from: keyEnd + 1)
            guard colon < json.count, json[colon] == UInt8(ascii: ":"),
                let hexDigits = idHexDigits(key: UnsafeRawBufferPointer(rebasing: json[(index + 1)..<keyEnd]))
            else {
                index = keyEnd + 1
                continue
            }
            let valueStart = skippingWhitespace(json, from: colon + 1)
            guard valueStart < json.count, json[valueStart] == quote,
                let valueEnd = stringEnd(json, openingQuote: valueStart)
            else {
                index = colon + 1
                continue
            }
            output.append(contentsOf: UnsafeRawBufferPointer(rebasing: json[copied...valueStart]))
            appendID(
                UnsafeRawBufferPointer(rebasing: json[(valueStart + 1)..<valueEnd]), hexDigits: hexDigits, to: &output)
            copied = valueEnd
            index = valueEnd + 1
        }
        output.append(contentsOf: UnsafeRawBufferPointer(rebasing: json[copied...]))
        return output
    }

    /// The index of the quote closing the string that opens at `openingQuote`, or nil if it is not closed.
    private static func stringEnd(_ json: UnsafeRawBufferPointer, openingQuote: Int) -> Int? {
        var index = openingQuote + 1
        while index < json.count {
            switch json[index] {
            case quote: return index
            case backslash: index += 2
            default: index += 1
            }
        }
        return nil
    }

    private static func skippingWhitespace(_ json: UnsafeRawBufferPointer, from start: Int) -> Int {
        var index = start
        while index < json.count {
            switch json[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return index
            }
        }
        return index
    }

    /// 32 or 16 for an id key (escapes resolved, as swift-protobuf resolves them), nil for any other key.
    private static func idHexDigits(key: UnsafeRawBufferPointer) -> Int? {
        if let id = idKeys.first(where: { $0.name.count == key.count && $0.name.elementsEqual(key) }) {
            return id.hexDigits
        }
        guard key.contains(backslash), let name = unescaped(key) else { return nil }
        return idKeys.first { $0.name == name }?.hexDigits
    }

    /// Appends the replacement for the body of an id string (between its quotes).
    private static func appendID(_ text: UnsafeRawBufferPointer, hexDigits: Int, to output: inout [UInt8]) {
        if text.isEmpty { return }
        if text.count == hexDigits, appendBase64(ofHex: text, to: &output) { return }
        // Rare: escapes, or not an id. Text that is not valid JSON string content stays, for swift-protobuf to refuse.
        guard let resolved = unescaped(text) else { return output.append(contentsOf: text) }
        let valid = resolved.count == hexDigits && resolved.withUnsafeBytes { appendBase64(ofHex: $0, to: &output) }
        if !valid { output.append(contentsOf: invalidID) }
    }

    /// base64 of one zero byte: an id no reader accepts.
    private static let invalidID = Array("AA==".utf8)

    /// Appends the base64 of the bytes written as hex digits; false, appending nothing, if one is not a hex digit.
    private static func appendBase64(ofHex hex: UnsafeRawBufferPointer, to output: inout [UInt8]) -> Bool {
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: hex.count / 2) { bytes in
            for index in bytes.indices {
                guard let high = HexDigits.value(of: hex[2 * index]), let low = HexDigits.value(of: hex[2 * index + 1])
                else { return false }
                bytes[index] = high << 4 | low
            }
            output.append(contentsOf: Base64.encode(UnsafeRawBufferPointer(bytes)).utf8)
            return true
        }
    }

    /// The bytes of a JSON string body with escapes resolved; nil if it is not valid JSON string content.
    ///
    /// Characters outside ASCII become 0xFF: they can be part of neither an id key nor a hex digit.
    private static func unescaped(_ text: UnsafeRawBufferPointer) -> [UInt8]? {
        guard String(validating: text, as: UTF8.self) != nil else { return nil }
        var result: [UInt8] = []
        var index = 0
        while index < text.count {
            let byte = text[index]
            index += 1
            guard byte == backslash else {
                guard byte >= 0x20 else { return nil }
                result.append(byte < 0x80 ? byte : 0xFF)
                continue
            }
            guard index < text.count else { return nil }
            let escape = text[index]
            index += 1
            switch escape {
            case UInt8(ascii: "\""), backslash, UInt8(ascii: "/"): result.append(escape)
            case UInt8(ascii: "b"), UInt8(ascii: "f"), UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                result.append(0x01)  // a control character: neither a key nor a hex digit
            case UInt8(ascii: "u"):
                guard index + 4 <= text.count,
                    let code = HexDigits.parseShortUInt64(UnsafeRawBufferPointer(rebasing: text[index..<(index + 4)]))
                else { return nil }
                result.append(code < 0x80 ? UInt8(code) : 0xFF)
                index += 4
            default:
                return nil
            }
        }
        return result
    }
}
