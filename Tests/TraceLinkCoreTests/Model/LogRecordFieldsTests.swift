import Testing
import TraceLinkCore

@Suite("Fields of a log line, parsed when asked")
struct LogRecordFieldsTests {
    @Test("a JSON line's keys, nested ones flattened with dots, typed as JSON types them")
    func json() {
        let fields = LogRecordFields.parse(
            #"{"ts":1764056000.1,"level":"error","msg":"payment \"failed\"","order_id":"ord-77","amount":12.5,"#
                + #""retry":false,"attempt":3,"user":{"id":42,"geo":{"country":"NL"}},"tags":["a","b"],"none":null}"#)
        #expect(
            fields == [
                Attribute(key: "ts", value: .double(1764056000.1)),
                Attribute(key: "level", value: .string("error")),
                Attribute(key: "msg", value: .string(#"payment "failed""#)),
                Attribute(key: "order_id", value: .string("ord-77")),
                Attribute(key: "amount", value: .double(12.5)),
                Attribute(key: "retry", value: .bool(false)),
                Attribute(key: "attempt", value: .int(3)),
                Attribute(key: "user.id", value: .int(42)),
                Attribute(key: "user.geo.country", value: .string("NL")),
                Attribute(key: "tags", value: .other(#"["a","b"]"#)),
            ])
    }

    @Test("malformed JSON keeps the fields read before the fault")
    func malformedJSON() {
        let fields = LogRecordFields.parse(#"{"order_id":"ord-1","amount": 12.5, "cut"#)
        #expect(fields.map(\.key) == ["order_id", "amount"])
    }

    @Test("logfmt pairs and the key=value parts of a text line, as text")
    func logfmt() {
        let fields = LogRecordFields.parse(
            #"time=2024-01-15T10:23:45Z level=error msg="payment failed: card declined" order_id=ord-77 "#
                + "[trace_id=5b8efff798038103d269b633813fc60c span_id=eee19b7ec3c1b174] user.id=42 a=b=c x=")
        #expect(fields.map(\.key) == ["time", "level", "msg", "order_id", "trace_id", "span_id", "user.id", "a"])
        #expect(fields.first { $0.key == "msg" }?.value == .string("payment failed: card declined"))
        #expect(fields.first { $0.key == "a" }?.value == .string("b=c"))
    }

    @Test("a plain sentence has no fields")
    func plainText() {
        #expect(LogRecordFields.parse("GET /orders 200 in 12ms, all good").isEmpty)
    }

    @Test("a file line's fields come from its record; journal and OTLP fields from its attributes")
    func eventFields() {
        let line = #"{"msg":"charged","order_id":"ord-9"}"#
        let fromFile = LogEvent(
            timeUnixNano: 1, observedUnixNano: 1, message: "charged", source: "app",
            location: .file(path: "/a.log", offset: 0), attributes: [Attribute(key: "log.truncated", value: .bool(true))],
            record: line)
        #expect(fromFile.fields.map(\.key) == ["msg", "order_id", "log.truncated"])
        let fromJournal = LogEvent(
            timeUnixNano: 1, observedUnixNano: 1, message: "order_id=ord-9 charged", source: "journal",
            location: .journal(cursor: "c"), attributes: [Attribute(key: "ORDER_ID", value: .string("ord-9"))])
        #expect(fromJournal.fields == [Attribute(key: "ORDER_ID", value: .string("ord-9"))])
    }
}
