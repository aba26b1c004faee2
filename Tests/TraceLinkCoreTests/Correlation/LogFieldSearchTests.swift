import Testing
import TraceLinkCore

@Suite("Finding a trace through a field of its logs, and the line a jump came from")
struct LogFieldSearchTests {
    static let trace = CorrelationFixture.traceID(5)
    static let line = #"{"level":"info","msg":"charging card","order_id":"ord-77","user":{"id":42},"#
        + #""trace_id":"\#(trace.hexString)","span_id":"0000000000000002"}"#

    static func store() -> CorrelationStore {
        let store = CorrelationFixture.store()
        store.insert(spans: [CorrelationFixture.span(trace, 1), CorrelationFixture.span(trace, 2, parent: 1, name: "charge")])
        var fromFile = CorrelationFixture.log(trace, span: 2, at: 5, message: "charging card")
        fromFile.record = line
        var fromJournal = CorrelationFixture.log(trace, span: 2, at: 6, message: "card charged", source: "journal")
        fromJournal.location = .journal(cursor: "s=1;i=2")
        fromJournal.attributes = [Attribute(key: "PAYMENT_ID", value: .string("pay-3"))]
        var fromOTLP = CorrelationFixture.log(trace, span: 1, at: 7, message: "order placed", source: "otlp")
        fromOTLP.location = .otlp
        fromOTLP.attributes = [Attribute(key: "cart.items", value: .int(4))]
        store.insert(logs: [fromFile, fromJournal, fromOTLP])
        store.insert(spans: [CorrelationFixture.span(CorrelationFixture.traceID(6), 9)])
        return store
    }

    @Test(
        "a field of a JSON line, of a journal entry and of an OTLP log record finds its trace",
        arguments: [("order_id", "ord-77"), ("user.id", "42"), ("PAYMENT_ID", "pay-3"), ("cart.items", "4")])
    func searchByLogField(key: String, value: String) {
        let found = Self.store().search(attribute: key, value: value)
        #expect(found.map(\.traceID) == [Self.trace])
    }

    @Test("a value that only looks alike finds nothing")
    func noFalseMatch() {
        let store = Self.store()
        #expect(store.search(attribute: "order_id", value: "ord-7").isEmpty)
        #expect(store.search(attribute: "msg.order_id", value: "ord-77").isEmpty)
    }

    @Test("a pasted line, a journal cursor or a file offset names the held log it is")
    func jumpLookup() throws {
        let view = try #require(Self.store().trace(Self.trace))
        let record = TraceContextExtractor.default.extract(line: Self.line)
        #expect(view.log(jumpedFrom: record, line: Self.line + "\n", location: nil)?.message == "charging card")
        #expect(
            view.log(jumpedFrom: ExtractedRecord(), line: nil, location: .journal(cursor: "s=1;i=2"))?.message
                == "card charged")
        let other = ExtractedRecord(traceID: Self.trace, spanID: SpanID(2))
        #expect(view.log(jumpedFrom: other, line: "something else entirely", location: nil) == nil)
    }
}
