import Testing
import TraceLinkCore

/// Bytes that are not what a rule expects: never a crash, never a hang.
@Suite("Extraction robustness")
struct ExtractionRobustnessTests {
    static let t = ExtractionFixture.traceHex
    static let s = ExtractionFixture.spanHex
    var t: String { Self.t }
    var s: String { Self.s }

    @Test("invalid UTF-8 in the message is repaired, the ids still found")
    func invalidUTF8() {
        var bytes = Array(#"{"msg":"bad "#.utf8) + [0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80]
        bytes += Array(#"","trace_id":"\#(t)"}"#.utf8)
        let record = bytes.withUnsafeBytes { TraceContextExtractor.default.extract(line: $0) }
        #expect(record.traceID == ExtractionFixture.trace)
        #expect(record.message?.hasPrefix("bad ") == true)
        #expect(record.message?.contains("\u{FFFD}") == true)
    }

    @Test("NUL bytes are ordinary bytes")
    func nul() {
        let bytes = Array("level=info\0 msg=a\0b trace_id=\(t)\0".utf8) + [0]
        let record = bytes.withUnsafeBytes { TraceContextExtractor.default.extract(line: $0) }
        // `trace_id=<32 hex>\0` is one bare token: the NUL makes it 33 bytes, so no id.
        #expect(record.traceID == nil)
        let clean = Array("\0\0 trace_id=\(t) \0".utf8)
        #expect(clean.withUnsafeBytes { TraceContextExtractor.default.extract(line: $0) }.traceID == ExtractionFixture.trace)
    }

    static let truncated: [String] = [
        "{", "{\"", #"{"trace_id"#, #"{"trace_id":"#, #"{"trace_id":"\#(t)"#, #"{"trace_id":"\#(t)","msg":"unterminated"#,
        #"{"a":{"b":{"c":["#, #"{"msg":"\"#, #"{"msg":"\\\"#, "{\"trace\":{\"id\":\"\(t)\",", "[1,2,", "{:}",
        #"{"a":tru"#, #"{"a" "b"}"#, "{\"a\":}", "{}}}}]]]", String(repeating: "[", count: 100),
        String(repeating: "{\"a\":", count: 100), "msg=\"open quote trace_id=\(t)",
    ]

    @Test("truncated and malformed JSON", arguments: truncated)
    func malformed(_ line: String) {
        _ = TraceContextExtractor.default.extract(line: line)
    }

    @Test("a truncated JSON line keeps the ids before the cut")
    func truncatedKeepsIDs() {
        let record = TraceContextExtractor.default.extract(line: #"{"trace_id":"\#(t)","span_id":"\#(s)","msg":"cut he"#)
        #expect(record.traceID == ExtractionFixture.trace)
        #expect(record.spanID == ExtractionFixture.span)
    }

    @Test("deep nesting stops at the depth limit without losing earlier ids")
    func deepNesting() {
        let line = #"{"trace_id":"\#(t)","x":"# + String(repeating: #"{"a":"#, count: 10_000) + "1"
        #expect(TraceContextExtractor.default.extract(line: line).traceID == ExtractionFixture.trace)
    }

    /// Lines of 1 MiB made of what each scanner works hardest on. Each must complete (in linear time:
    /// every scanner advances by at least one byte per step and looks back a bounded distance).
    static let huge: [(String, [UInt8])] = {
        let mib = 1 << 20
        func repeated(_ piece: String) -> [UInt8] {
            let bytes = Array(piece.utf8)
            return Array((0..<(mib / bytes.count + 1)).lazy.flatMap { _ in bytes }.prefix(mib))
        }
        return [
            ("dashes", [UInt8](repeating: UInt8(ascii: "-"), count: mib)),
            ("hex", [UInt8](repeating: UInt8(ascii: "a"), count: mib)),
            ("hex and dashes", repeated("0af7651916cd43dd-")),
            ("near-traceparents", repeated("00-\(t)-\(s)x")),
            ("equals", [UInt8](repeating: UInt8(ascii: "="), count: mib)),
            ("keys without values", repeated("trace_id= ")),
            ("quotes", [UInt8](repeating: UInt8(ascii: "\""), count: mib)),
            ("backslashes in a JSON string", Array(#"{"msg":""#.utf8) + [UInt8](repeating: UInt8(ascii: "\\"), count: mib)),
            ("escaped quotes", Array(#"{"msg":""#.utf8) + repeated(#"\""#)),
            ("JSON keys", Array("{".utf8) + repeated(#""trace":1,"#)),
            ("brackets", [UInt8](repeating: UInt8(ascii: "["), count: mib)),
            ("structured data", repeated(#"[a b="c" "#)),
            ("b3 names", repeated("b3: ")),
            ("x-b3 names", repeated("X-B3-TraceId: ")),
            ("Root=1-", repeated("Root=1-")),
            ("uber", repeated("uber-trace-id: 1:")),
            ("zero bytes", [UInt8](repeating: 0, count: mib)),
            ("random-ish", (0..<mib).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }),
        ]
    }()

    @Test("1 MiB lines complete", arguments: huge.map(\.0))
    func hugeLine(_ name: String) {
        let bytes = Self.huge.first { $0.0 == name }!.1
        _ = bytes.withUnsafeBytes { TraceContextExtractor.default.extract(line: $0) }
        let sleuth = TraceContextExtractor(rules: [try! .regex(ExtractionRule.springSleuthPattern)])
        if name == "hex and dashes" || name == "random-ish" {
            _ = bytes.withUnsafeBytes { sleuth.extract(line: $0) }
        }
    }

    @Test("a 1 MiB line with the ids at its end")
    func idsAtTheEnd() {
        let padding = String(repeating: "x", count: 1 << 20)
        let json = #"{"msg":"\#(padding)","trace_id":"\#(t)"}"#
        #expect(TraceContextExtractor.default.extract(line: json).traceID == ExtractionFixture.trace)
        let text = padding + " traceparent: 00-\(t)-\(s)-01"
        #expect(TraceContextExtractor.default.extract(line: text).traceID == ExtractionFixture.trace)
    }
}
