/// Finds header-shaped trace context anywhere in a line. Each format is one `memchr`-driven pass that
/// anchors on a byte every occurrence must contain (`-`, `[`), then checks the shape around it, including
/// that the ids are not part of longer alphanumeric runs.
enum HeaderScanner {
    static func scan(
        _ line: UnsafeBufferPointer<UInt8>, formats: [HeaderFormat], into found: inout FieldAccumulator
    ) {
        for format in formats {
            switch format {
            case .traceparent: traceparent(line, into: &found)
            case .b3: b3Single(line, keyed: true, into: &found)
            case .traceSpanPair: b3Single(line, keyed: false, into: &found)
            case .b3Multi: b3Multi(line, into: &found)
            case .uberTraceID: uberTraceID(line, into: &found)
            case .xray: xray(line, into: &found)
            case .rfc5424: structuredData(line, into: &found)
            }
            if found.traceID != nil { return }
        }
    }

    private static let dash = UInt8(ascii: "-")

    /// True when `index` is outside the line or not an ASCII letter or digit.
    @inline(__always)
    private static func isBoundary(_ line: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        index < 0 || index >= line.count || !ByteScanning.isAlphanumeric(line[index])
    }

    /// The hex run of exactly `count` digits at `start`, bounded by non-alphanumerics on the right.
    @inline(__always)
    private static func isExactHex(_ line: UnsafeBufferPointer<UInt8>, at start: Int, count: Int) -> Bool {
        ByteScanning.isHexRun(line, at: start, count: count, end: line.count) && isBoundary(line, start + count)
    }

    // MARK: W3C traceparent

    static func traceparent(_ line: UnsafeBufferPointer<UInt8>, into found: inout FieldAccumulator) {
        let end = line.count
        var search = 2
        // Anchor: the dash after the two version digits. The whole value is 55 bytes.
        while let dashIndex = ByteScanning.find(dash, in: line, from: search, to: end) {
            search = dashIndex + 1
            guard dashIndex + 53 <= end else { return }
            let version = dashIndex - 2
            guard ByteScanning.isHexRun(line, at: version, count: 2, end: end), isBoundary(line, version - 1),
                !(ByteScanning.lowercased(line[version]) == UInt8(ascii: "f")
                    && ByteScanning.lowercased(line[version + 1]) == UInt8(ascii: "f")),
                line[dashIndex + 33] == dash, line[dashIndex + 50] == dash,
                isExactHex(line, at: dashIndex + 51, count: 2),
                let traceID = IDParsing.traceID(hex: line, dashIndex + 1, dashIndex + 33),
                let spanID = IDParsing.spanID(hex: line, dashIndex + 34, dashIndex + 50),
                let flags = IDParsing.traceFlags(hex: line, dashIndex + 51, dashIndex + 53)
            else { continue }
            found.setContext(traceID: traceID, spanID: spanID, traceFlags: flags)
            return
        }
    }

    // MARK: B3 single header, and the bare trace-span pair

    /// Anchors on the dash between trace and span id. `keyed` wants a `b3:`/`b3=` name before the value;
    /// otherwise only a bare, bounded `<32 hex>-<16 hex>` counts.
    static func b3Single(_ line: UnsafeBufferPointer<UInt8>, keyed: Bool, into found: inout FieldAccumulator) {
        let end = line.count
        var search = 16
        while let dashIndex = ByteScanning.find(dash, in: line, from: search, to: end) {
            search = dashIndex + 1
            guard dashIndex + 17 <= end else { return }
            var runStart = dashIndex
            while runStart > 0, dashIndex - runStart <= 32, HexDigits.isHexDigit(line[runStart - 1]) { runStart -= 1 }
            let traceLength = dashIndex - runStart
            guard traceLength == 32 || (keyed && traceLength == 16), isBoundary(line, runStart - 1),
                ByteScanning.isHexRun(line, at: dashIndex + 1, count: 16, end: end),
                isBoundary(line, dashIndex + 17)
            else { continue }
            let spanEnd = dashIndex + 17
            var flags: UInt8?
            if keyed {
                guard hasB3Name(line, before: runStart) else { continue }
                if spanEnd + 1 < end, line[spanEnd] == dash, isBoundary(line, spanEnd + 2) {
                    switch line[spanEnd + 1] {
                    case UInt8(ascii: "1"), UInt8(ascii: "d"): flags = 1
                    case UInt8(ascii: "0"): flags = 0
                    default: break
                    }
                }
            } else {
                guard runStart == 0 || line[runStart - 1] != dash, spanEnd == end || line[spanEnd] != dash else {
                    continue
                }
            }
            guard let traceID = IDParsing.traceID(hex: line, runStart, dashIndex),
                let spanID = IDParsing.spanID(hex: line, dashIndex + 1, spanEnd)
            else { continue }
            found.setContext(traceID: traceID, spanID: spanID, traceFlags: flags)
            return
        }
    }

    /// True when `b3` then `:` or `=` (blanks and quotes allowed around them) end just before `valueStart`.
    private static func hasB3Name(_ line: UnsafeBufferPointer<UInt8>, before valueStart: Int) -> Bool {
        var index = skipBackBlanksAndQuotes(line, from: valueStart - 1)
        guard index >= 0, line[index] == UInt8(ascii: ":") || line[index] == UInt8(ascii: "=") else { return false }
        index = skipBackBlanksAndQuotes(line, from: index - 1)
        guard index >= 1, ByteScanning.hasPrefixIgnoringCase(line, at: index - 1, end: line.count, "b3") else {
            return false
        }
        return isBoundary(line, index - 2) && (index < 2 || line[index - 2] != dash)
    }

    @inline(__always)
    private static func skipBackBlanksAndQuotes(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var index = start
        while index >= 0, line[index] == 0x20 || line[index] == UInt8(ascii: "\"") || line[index] == UInt8(ascii: "'") {
            index -= 1
        }
        return index
    }

    /// After a header name ending at `nameEnd`: skips quotes and blanks, one `:` or `=`, quotes and blanks;
    /// returns where the value starts.
    @inline(__always)
    private static func valueStart(_ line: UnsafeBufferPointer<UInt8>, afterName nameEnd: Int) -> Int? {
        let end = line.count
        var index = nameEnd
        while index < end, line[index] == 0x20 || line[index] == UInt8(ascii: "\"") || line[index] == UInt8(ascii: "'") {
            index += 1
        }
        guard index < end, line[index] == UInt8(ascii: ":") || line[index] == UInt8(ascii: "=") else { return nil }
        index += 1
        while index < end, line[index] == 0x20 || line[index] == UInt8(ascii: "\"") || line[index] == UInt8(ascii: "'") {
            index += 1
        }
        return index < end ? index : nil
    }

    // MARK: B3 multi headers

    static func b3Multi(_ line: UnsafeBufferPointer<UInt8>, into found: inout FieldAccumulator) {
        let end = line.count
        var search = 1
        var traceID: TraceID?
        var spanID: SpanID?
        var flags: UInt8?
        // Anchor: the dash after the `X` of `X-B3-`.
        while let dashIndex = ByteScanning.find(dash, in: line, from: search, to: end) {
            search = dashIndex + 1
            guard ByteScanning.lowercased(line[dashIndex - 1]) == UInt8(ascii: "x"),
                isBoundary(line, dashIndex - 2), dashIndex < 2 || line[dashIndex - 2] != dash,
                ByteScanning.hasPrefixIgnoringCase(line, at: dashIndex + 1, end: end, "b3-")
            else { continue }
            let name = dashIndex + 4
            if traceID == nil, ByteScanning.hasPrefixIgnoringCase(line, at: name, end: end, "traceid"),
                isBoundary(line, name + 7), let start = valueStart(line, afterName: name + 7)
            {
                let valueEnd = ByteScanning.alphanumericRunEnd(line, from: start, to: end)
                traceID = IDParsing.traceID(hex: line, start, valueEnd)
            } else if spanID == nil, ByteScanning.hasPrefixIgnoringCase(line, at: name, end: end, "spanid"),
                isBoundary(line, name + 6), let start = valueStart(line, afterName: name + 6)
            {
                let valueEnd = ByteScanning.alphanumericRunEnd(line, from: start, to: end)
                spanID = IDParsing.spanID(hex: line, start, valueEnd)
            } else if flags == nil, ByteScanning.hasPrefixIgnoringCase(line, at: name, end: end, "sampled"),
                isBoundary(line, name + 7), let start = valueStart(line, afterName: name + 7)
            {
                let valueEnd = ByteScanning.alphanumericRunEnd(line, from: start, to: end)
                flags = IDParsing.sampledFlags(line, start, valueEnd)
            }
        }
        if let traceID { found.setContext(traceID: traceID, spanID: spanID, traceFlags: flags) }
    }

    // MARK: Jaeger

    static func uberTraceID(_ line: UnsafeBufferPointer<UInt8>, into found: inout FieldAccumulator) {
        let end = line.count
        var search = 4
        // Anchor: the dash after `uber`.
        while let dashIndex = ByteScanning.find(dash, in: line, from: search, to: end) {
            search = dashIndex + 1
            guard ByteScanning.hasPrefixIgnoringCase(line, at: dashIndex - 4, end: end, "uber"),
                isBoundary(line, dashIndex - 5),
                ByteScanning.hasPrefixIgnoringCase(line, at: dashIndex + 1, end: end, "trace-id"),
                isBoundary(line, dashIndex + 9), let traceStart = valueStart(line, afterName: dashIndex + 9)
            else { continue }
            let traceEnd = ByteScanning.alphanumericRunEnd(line, from: traceStart, to: end)
            guard let spanStart = afterJaegerSeparator(line, traceEnd) else { continue }
            let spanEnd = ByteScanning.alphanumericRunEnd(line, from: spanStart, to: end)
            guard let parentStart = afterJaegerSeparator(line, spanEnd) else { continue }
            let parentEnd = ByteScanning.alphanumericRunEnd(line, from: parentStart, to: end)
            guard let flagsStart = afterJaegerSeparator(line, parentEnd) else { continue }
            let flagsEnd = ByteScanning.alphanumericRunEnd(line, from: flagsStart, to: end)
            guard let traceID = IDParsing.traceID(shortHex: line, traceStart, traceEnd),
                let spanID = IDParsing.spanID(shortHex: line, spanStart, spanEnd),
                flagsEnd > flagsStart, flagsEnd - flagsStart <= 2,
                let jaegerFlags = IDParsing.traceFlags(hex: line, flagsStart, flagsEnd)
            else { continue }
            // Jaeger's bit 1 is "sampled", as W3C's; bit 2 "debug" has no W3C counterpart.
            found.setContext(traceID: traceID, spanID: spanID, traceFlags: jaegerFlags & 0x01)
            return
        }
    }

    /// Where the next field starts after a `:` or URL-encoded `%3A` at `index`.
    @inline(__always)
    private static func afterJaegerSeparator(_ line: UnsafeBufferPointer<UInt8>, _ index: Int) -> Int? {
        guard index < line.count else { return nil }
        if line[index] == UInt8(ascii: ":") { return index + 1 }
        if ByteScanning.hasPrefixIgnoringCase(line, at: index, end: line.count, "%3a") { return index + 3 }
        return nil
    }

    // MARK: AWS X-Ray

    static func xray(_ line: UnsafeBufferPointer<UInt8>, into found: inout FieldAccumulator) {
        let end = line.count
        var search = 6
        // Anchor: the dash after `Root=1`.
        while let dashIndex = ByteScanning.find(dash, in: line, from: search, to: end) {
            search = dashIndex + 1
            guard ByteScanning.hasPrefixIgnoringCase(line, at: dashIndex - 6, end: end, "root=1"),
                isBoundary(line, dashIndex - 7),
                ByteScanning.isHexRun(line, at: dashIndex + 1, count: 8, end: end),
                dashIndex + 9 < end, line[dashIndex + 9] == dash,
                isExactHex(line, at: dashIndex + 10, count: 24),
                let epochHigh = HexDigits.parseShortUInt64(IDParsing.raw(line, dashIndex + 1, dashIndex + 9)),
                let uniqueHigh = HexDigits.parseShortUInt64(IDParsing.raw(line, dashIndex + 10, dashIndex + 18)),
                let low = HexDigits.parseUInt64(IDParsing.raw(line, dashIndex + 18, dashIndex + 34), from: 0),
                let traceID = TraceID(high: epochHigh << 32 | uniqueHigh, low: low)
            else { continue }
            // The other fields of the same header value: `;Parent=…;Sampled=…` until a blank, quote or comma.
            var spanID: SpanID?
            var flags: UInt8?
            var index = dashIndex + 34
            while index < end, line[index] == UInt8(ascii: ";") {
                let field = index + 1
                var fieldEnd = field
                while fieldEnd < end, !isXRayFieldEnd(line[fieldEnd]) { fieldEnd += 1 }
                if ByteScanning.hasPrefixIgnoringCase(line, at: field, end: fieldEnd, "parent=") {
                    spanID = IDParsing.spanID(hex: line, field + 7, fieldEnd)
                } else if ByteScanning.hasPrefixIgnoringCase(line, at: field, end: fieldEnd, "sampled=") {
                    flags = IDParsing.sampledFlags(line, field + 8, fieldEnd)
                }
                index = fieldEnd
            }
            found.setContext(traceID: traceID, spanID: spanID, traceFlags: flags)
            return
        }
    }

    @inline(__always)
    private static func isXRayFieldEnd(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: ";") || byte == UInt8(ascii: ",") || byte == UInt8(ascii: "\"")
            || byte == UInt8(ascii: "'") || ByteScanning.isSpace(byte)
    }

    // MARK: RFC 5424 structured data

    static func structuredData(_ line: UnsafeBufferPointer<UInt8>, into found: inout FieldAccumulator) {
        let end = line.count
        var search = 0
        while let open = ByteScanning.find(UInt8(ascii: "["), in: line, from: search, to: end) {
            // Every path below moves `search` past the bytes it examined, so each byte is examined once.
            var index = open + 1
            index = sdNameEnd(line, from: index)
            search = max(open + 1, index)
            guard index > open + 1, index < end, line[index] == 0x20 else { continue }
            var traceID: TraceID?
            var spanID: SpanID?
            var flags: UInt8?
            // SD-PARAMs: ` name="value"` until `]`.
            while index < end, line[index] == 0x20 {
                let nameStart = index + 1
                let nameEnd = sdNameEnd(line, from: nameStart)
                index = nameEnd
                guard nameEnd > nameStart, nameEnd + 1 < end, line[nameEnd] == UInt8(ascii: "="),
                    line[nameEnd + 1] == UInt8(ascii: "\"")
                else { break }
                let valueStart = nameEnd + 2
                guard let valueEnd = ByteScanning.closingQuote(in: line, from: valueStart, to: end) else {
                    index = end
                    break
                }
                switch nameEnd - nameStart {
                case 8 where ByteScanning.hasPrefixIgnoringCase(line, at: nameStart, end: nameEnd, "trace_id"):
                    traceID = IDParsing.traceID(hex: line, valueStart, valueEnd)
                case 7 where ByteScanning.hasPrefixIgnoringCase(line, at: nameStart, end: nameEnd, "span_id"):
                    spanID = IDParsing.spanID(hex: line, valueStart, valueEnd)
                case 11 where ByteScanning.hasPrefixIgnoringCase(line, at: nameStart, end: nameEnd, "trace_flags"):
                    flags = IDParsing.traceFlags(hex: line, valueStart, valueEnd)
                default:
                    break
                }
                index = valueEnd + 1
            }
            search = max(search, index)
            if let traceID, index < end, line[index] == UInt8(ascii: "]") {
                found.setContext(traceID: traceID, spanID: spanID, traceFlags: flags)
                return
            }
        }
    }

    /// The end of an RFC 5424 SD-NAME starting at `start`: at most 32 printable ASCII bytes other than
    /// blank, `=`, `]`, `"` (and `[`, which would start the next element).
    @inline(__always)
    private static func sdNameEnd(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        let limit = min(line.count, start + 32)
        var index = start
        while index < limit {
            let byte = line[index]
            guard byte > 0x20, byte < 0x7F, byte != UInt8(ascii: "="), byte != UInt8(ascii: "]"),
                byte != UInt8(ascii: "\""), byte != UInt8(ascii: "[")
            else { break }
            index += 1
        }
        return index
    }
}
