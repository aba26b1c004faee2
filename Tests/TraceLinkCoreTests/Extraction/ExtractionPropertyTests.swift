import PropertyBased
import Testing
import TraceLinkCore

/// For random valid ids in random surroundings, the id that was formatted is the id extracted.
@Suite("Extraction properties")
struct ExtractionPropertyTests {
    /// How one format writes a trace context into a line, and what reading it back must give.
    enum Format: CaseIterable, Sendable {
        case json, jsonNested, logfmt, pythonBrackets, traceparent, b3, b3Multi, uberTraceID, xray, rfc5424
        case traceSpanPair, datadogDecimal, datadogJSON
    }

    /// Text around the context: letters, digits, blanks and punctuation that cannot form an id.
    static let noise = Gen<Character?>.element(of: Array("abcxyzQRST019 .,:;!?()/-_"))
        .map { $0! }.string(of: 0...40)

    static func hex(_ value: UInt64, uppercase: Bool) -> String {
        let text = String(value, radix: 16)
        let padded = String(repeating: "0", count: 16 - text.count) + text
        return uppercase ? padded.uppercased() : padded
    }

    /// The line and the ids a correct extractor returns for it.
    static func render(
        _ format: Format, high: UInt64, low: UInt64, span: UInt64, uppercase: Bool, prefix: String, suffix: String
    ) -> (line: String, trace: TraceID?, span: SpanID?) {
        let traceHex = hex(high, uppercase: uppercase) + hex(low, uppercase: uppercase)
        let spanHex = hex(span, uppercase: uppercase)
        let full = TraceID(high: high, low: low)
        let spanID = SpanID(span)
        switch format {
        case .json:
            return (#"{"msg":"\#(prefix)","trace_id":"\#(traceHex)","span_id":"\#(spanHex)","x":"\#(suffix)"}"#, full, spanID)
        case .jsonNested:
            return (#"{"a":"\#(prefix)","trace":{"id":"\#(traceHex)"},"span":{"id":"\#(spanHex)"},"m":"\#(suffix)"}"#, full, spanID)
        case .logfmt:
            return ("\(prefix) trace_id=\(traceHex) span_id=\(spanHex) \(suffix)", full, spanID)
        case .pythonBrackets:
            return ("\(prefix) [trace_id=\(traceHex) span_id=\(spanHex) trace_sampled=True] \(suffix)", full, spanID)
        case .traceparent:
            return ("\(prefix) traceparent: 00-\(traceHex)-\(spanHex)-01 \(suffix)", full, spanID)
        case .b3:
            return ("\(prefix) b3: \(traceHex)-\(spanHex)-1 \(suffix)", full, spanID)
        case .b3Multi:
            return ("\(prefix) X-B3-TraceId: \(traceHex) X-B3-SpanId: \(spanHex) \(suffix)", full, spanID)
        case .uberTraceID:
            // Jaeger drops leading zeros; a trace id whose high half is zero is written as 64-bit.
            let trimmedTrace = String(traceHex.drop { $0 == "0" })
            let trimmedSpan = String(spanHex.drop { $0 == "0" })
            let expected = high == 0 ? TraceID(low64: low) : full
            return ("\(prefix) uber-trace-id: \(trimmedTrace):\(trimmedSpan):0:1 \(suffix)", expected, spanID)
        case .xray:
            let root = "1-\(traceHex.prefix(8))-\(traceHex.dropFirst(8))"
            return ("\(prefix) X-Amzn-Trace-Id: Root=\(root);Parent=\(spanHex);Sampled=1 \(suffix)", full, spanID)
        case .rfc5424:
            return ("\(prefix) [otel@1 trace_id=\"\(traceHex)\" span_id=\"\(spanHex)\"] \(suffix)", full, spanID)
        case .traceSpanPair:
            return ("\(prefix) [\(traceHex)-\(spanHex)] \(suffix)", full, spanID)
        case .datadogDecimal:
            return ("\(prefix) dd.trace_id=\(low) dd.span_id=\(span) \(suffix)", TraceID(low64: low), spanID)
        case .datadogJSON:
            return (#"{"dd":{"trace_id":"\#(low)","span_id":\#(span)},"m":"\#(prefix)"}"#, TraceID(low64: low), spanID)
        }
    }

    @Test("the formatted id is the extracted id")
    func roundTrip() async {
        await propertyCheck(
            count: 400,
            input: Gen<Format?>.element(of: Format.allCases).map { $0! },
            Gen.uint64(in: 0...UInt64.max).pair, Gen.uint64(in: 1...UInt64.max),
            Gen.int(in: 0...1), Self.noise.pair
        ) { format, halves, span, uppercase, noise in
            let (high, low) = halves
            let rendered = Self.render(
                format, high: high, low: low, span: span, uppercase: uppercase == 1, prefix: noise.0, suffix: noise.1)
            let record = TraceContextExtractor.default.extract(line: rendered.line)
            #expect(record.traceID == rendered.trace, "\(rendered.line)")
            if rendered.trace != nil {
                #expect(record.spanID == rendered.span, "\(rendered.line)")
            }
        }
    }

    @Test("an id glued to one more hex digit is never extracted")
    func longerRuns() async {
        await propertyCheck(
            input: Gen.uint64(in: 1...UInt64.max).pair, Gen<Character?>.element(of: Array("0123456789abcdef")).map { $0! }
        ) { halves, extra in
            let traceHex = Self.hex(halves.0, uppercase: false) + Self.hex(halves.1, uppercase: false)
            for line in [
                "trace_id=\(traceHex)\(extra)", "trace_id=\(extra)\(traceHex)",
                #"{"trace_id":"\#(traceHex)\#(extra)"}"#,
                "traceparent: 00-\(traceHex)\(extra)-\(ExtractionFixture.spanHex)-01",
                "traceparent: 00-\(extra)\(traceHex)-\(ExtractionFixture.spanHex)-01",
                "b3: \(traceHex)\(extra)-\(ExtractionFixture.spanHex)",
            ] {
                #expect(TraceContextExtractor.default.extract(line: line).traceID == nil, "\(line)")
            }
        }
    }

    @Test("arbitrary bytes never crash, and ids found are valid")
    func arbitraryBytes() async {
        let alphabet: [UInt8] = Array(#"{}[]":,=-\ 0aAfF1b3_.x9"#.utf8) + [0, 0xFF, 0xC3, 0x80, 0x0A]
        // Mostly bytes the scanners react to, the rest anything.
        let byte = Gen.int(in: 0...(alphabet.count * 3 + 255)).map { pick in
            pick < alphabet.count * 3 ? alphabet[pick % alphabet.count] : UInt8(pick - alphabet.count * 3)
        }
        await propertyCheck(count: 500, input: byte.array(of: 0...300)) { bytes in
            let record = bytes.withUnsafeBytes { TraceContextExtractor.default.extract(line: $0) }
            if let traceID = record.traceID { #expect(traceID.high != 0 || traceID.low != 0) }
            if let spanID = record.spanID { #expect(spanID.value != 0) }
        }
    }

    @Test("truncating a real line anywhere never crashes")
    func truncation() async {
        let lines = RealWorldLineTests.structured.map(\.line) + RealWorldLineTests.textFormats.map(\.line)
        await propertyCheck(
            input: Gen<String?>.element(of: lines).map { $0! }, Gen.int(in: 0...1000), Gen.uint8(in: 0...255)
        ) { line, cut, replacement in
            var bytes = Array(line.utf8)
            bytes = Array(bytes.prefix(cut % (bytes.count + 1)))
            _ = bytes.withUnsafeBytes { TraceContextExtractor.default.extract(line: $0) }
            if !bytes.isEmpty {
                bytes[cut % bytes.count] = replacement
                _ = bytes.withUnsafeBytes { TraceContextExtractor.default.extract(line: $0) }
            }
        }
    }
}
