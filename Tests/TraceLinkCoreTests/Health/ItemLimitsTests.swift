import Testing
@testable import TraceLinkCore

@Suite("Limits on what one item may carry")
struct ItemLimitsTests {
    @Test(
        "a long value is cut on a scalar boundary",
        arguments: [("abcdef", 4, "abcd"), ("üüü", 5, "üü"), ("üüü", 1, ""), ("a😀b", 4, "a"), ("short", 10, "short")])
    func truncation(text: String, bytes: Int, expected: String) {
        #expect(ItemLimits.truncated(text, to: bytes) == expected)
    }

    @Test("a span within every limit is left as it is")
    func withinLimits() {
        var limits = ItemLimits()
        limits.maxAttributes = 2
        let span = Span(
            traceID: TraceID(low64: 1)!, spanID: SpanID(1)!, service: "s", name: "n", kind: .server, startUnixNano: 0,
            endUnixNano: 1, status: .ok, attributes: [Attribute(key: "a", value: .string("x"))])
        var spans = [span]
        #expect(limits.apply(to: &spans).isEmpty)
        #expect(spans == [span])
    }
}
