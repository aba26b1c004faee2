import Testing
import TraceLinkCore

@Suite("CorrelationStore queries")
struct CorrelationStoreQueryTests {
    /// Three traces: a fast one, a slow erroring one, a logs-only one; and untraced lines around them.
    private func populated() -> CorrelationStore {
        let store = CorrelationFixture.store()
        let fast = CorrelationFixture.traceID(1)
        let slow = CorrelationFixture.traceID(2)
        let logsOnly = CorrelationFixture.traceID(3)
        store.insert(spans: [
            CorrelationFixture.span(fast, 1, service: "web", name: "GET /", start: 0, duration: 1_000),
            CorrelationFixture.span(fast, 2, parent: 1, service: "db", name: "SELECT", start: 100, duration: 500),
            CorrelationFixture.span(
                slow, 1, service: "web", name: "POST /orders", start: 10_000, duration: 5_000_000, status: .error,
                attributes: [Attribute(key: "order.id", value: .int(123))]),
            CorrelationFixture.span(
                slow, 2, parent: 1, service: "payments", name: "charge", start: 20_000, duration: 4_000_000),
        ])
        store.insert(logs: [
            CorrelationFixture.log(fast, span: 1, at: 200, message: "served index", service: "web"),
            CorrelationFixture.log(
                slow, span: 2, at: 30_000, message: "card declined", severity: .error, service: "payments"),
            CorrelationFixture.log(
                slow, at: 40_000, message: "order failed", severity: .warn, service: "web", source: "journal"),
            CorrelationFixture.log(
                logsOnly, at: 50_000_000, message: "cron ran", service: "cron",
                attributes: [Attribute(key: "job", value: .string("nightly"))]),
            CorrelationFixture.log(nil, at: 25_000, message: "payments pool warm", service: "payments"),
            CorrelationFixture.log(nil, at: 90_000_000, message: "payments later", service: "payments"),
            CorrelationFixture.log(nil, at: 26_000, message: "other service", service: "inventory"),
        ])
        return store
    }

    @Test("recent traces, newest first, filtered")
    func traces() {
        let store = populated()
        let all = store.traces()
        #expect(
            all.map(\.traceID) == [
                CorrelationFixture.traceID(3), CorrelationFixture.traceID(2), CorrelationFixture.traceID(1),
            ])
        let slow = all[1]
        #expect(slow.rootService == "web" && slow.rootSpanName == "POST /orders")
        #expect(slow.durationNanos == 5_000_000 && slow.spanCount == 2 && slow.logCount == 2)
        #expect(slow.errorCount == 1 && slow.errorLogCount == 1 && slow.services == ["web", "payments"])

        #expect(store.traces(TraceFilter(service: "db")).map(\.traceID) == [CorrelationFixture.traceID(1)])
        #expect(store.traces(TraceFilter(spanName: "charge")).map(\.traceID) == [CorrelationFixture.traceID(2)])
        #expect(
            store.traces(TraceFilter(minDurationNanos: 1_000_000)).map(\.traceID) == [CorrelationFixture.traceID(2)])
        #expect(store.traces(TraceFilter(errorsOnly: true)).map(\.traceID) == [CorrelationFixture.traceID(2)])
        #expect(store.traces(TraceFilter(limit: 1)).map(\.traceID) == [CorrelationFixture.traceID(3)])
    }

    @Test("attribute search finds span attributes and log fields")
    func search() {
        let store = populated()
        #expect(store.search(attribute: "order.id", value: "123").map(\.traceID) == [CorrelationFixture.traceID(2)])
        #expect(store.search(attribute: "job", value: "nightly").map(\.traceID) == [CorrelationFixture.traceID(3)])
        #expect(store.search(attribute: "order.id", value: "124").isEmpty)
    }

    @Test("logs filtered, newest first")
    func logFilters() {
        let store = populated()
        #expect(
            store.logs(LogFilter(traceID: CorrelationFixture.traceID(2))).logs.map(\.message) == [
                "order failed", "card declined",
            ])
        #expect(store.logs(LogFilter(spanID: SpanID(2))).logs.map(\.message) == ["card declined"])
        #expect(
            store.logs(LogFilter(service: "payments")).logs.map(\.message)
                == ["payments later", "card declined", "payments pool warm"])
        #expect(store.logs(LogFilter(source: "journal")).logs.map(\.message) == ["order failed"])
        #expect(store.logs(LogFilter(minSeverity: .warn)).logs.map(\.message) == ["order failed", "card declined"])
        #expect(
            store.logs(
                LogFilter(
                    sinceUnixNano: CorrelationFixture.base + 25_000, untilUnixNano: CorrelationFixture.base + 40_000)
            ).logs.map(
                \.message) == ["card declined", "other service", "payments pool warm"])
        #expect(store.logs(LogFilter(contains: "card")).logs.map(\.message) == ["card declined"])
    }

    @Test("pagination walks every log once, newest first, even while logs arrive")
    func pagination() throws {
        let store = CorrelationFixture.store()
        let trace = CorrelationFixture.traceID(1)
        // Equal timestamps in pairs, so the cursor must break ties by arrival.
        store.insert(
            logs: (0..<95).map {
                CorrelationFixture.log($0 % 2 == 0 ? trace : nil, at: UInt64($0 / 2), message: "\($0)")
            })
        var seen: [String] = []
        var cursor: LogCursor?
        var pages = 0
        repeat {
            let page = store.logs(LogFilter(limit: 10, cursor: cursor))
            seen += page.logs.map(\.message)
            cursor = try page.nextCursor.map { try #require(LogCursor(token: $0.token)) }
            pages += 1
            if pages == 3 { store.insert(logs: [CorrelationFixture.log(trace, at: 1_000, message: "new")]) }
        } while cursor != nil
        #expect(pages == 10)
        #expect(seen == (0..<95).reversed().map { "\($0)" })
        #expect(LogCursor(token: "not a cursor") == nil)
    }

    @Test("context logs: untraced lines of the trace's services within its time window")
    func contextLogs() {
        let store = populated()
        #expect(store.contextLogs(for: CorrelationFixture.traceID(2)).map(\.message) == ["payments pool warm"])
        #expect(
            store.contextLogs(for: CorrelationFixture.traceID(2), padding: .milliseconds(100)).map(\.message)
                == ["payments pool warm", "payments later"])
        #expect(store.contextLogs(for: CorrelationFixture.traceID(1)).isEmpty)
        #expect(store.contextLogs(for: CorrelationFixture.traceID(99)).isEmpty)
    }
}
