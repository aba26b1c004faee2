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
    func withinLimits() throws {
        var limits = ItemLimits()
        limits.maxAttributes = 2
        let span = Span(
            traceID: TraceID(high: 1, low: 1)!, spanID: SpanID(1)!, service: "s", name: "n", kind: .server, startUnixNano: 0,
            endUnixNano: 1, status: .ok, attributes: [Attribute(key: "a", value: .string("x"))])
        // Read as the receivers read a request: with the limits, which mark the spans to cut.
        var batch = try SpanBatch([span]).bytes.withUnsafeBytes { try SpanBatch(request: $0, limits: limits) }
        let bytes = batch.bytes
        #expect(limits.apply(to: &batch).isEmpty)
        #expect(batch.decodedSpans == [span])
        #expect(batch.bytes == bytes)
    }

    @Test("a span past the limits is cut on intake, its dropped counts grown, the rest of the batch as received")
    func overLimits() throws {
        var limits = ItemLimits()
        limits.maxAttributes = 2
        limits.maxAttributeValueBytes = 4
        let trace = TraceID(high: 1, low: 2)!
        let long = Span(
            traceID: trace, spanID: SpanID(1)!, service: "s", name: "n", kind: .server, startUnixNano: 0,
            endUnixNano: 1, status: .ok,
            attributes: [
                Attribute(key: "a", value: .string("abcdef")), Attribute(key: "b", value: .int(1)),
                Attribute(key: "c", value: .int(2)),
            ])
        var within = long
        within.spanID = SpanID(2)!
        within.attributes = [Attribute(key: "a", value: .string("ab"))]
        var batch = try SpanBatch([long, within]).bytes.withUnsafeBytes { try SpanBatch(request: $0, limits: limits) }
        #expect(batch.spans.map(\.overLimits) == [true, false])
        let cuts = limits.apply(to: &batch)
        #expect(cuts.counts == [.attributes: 1, .attributeValueBytes: 1])
        let cut = batch.span(at: 0)
        #expect(cut.attributes == [Attribute(key: "a", value: .string("abcd")), Attribute(key: "b", value: .int(1))])
        #expect(cut.droppedAttributesCount == 1)
        #expect(batch.span(at: 1) == within)
    }
}
