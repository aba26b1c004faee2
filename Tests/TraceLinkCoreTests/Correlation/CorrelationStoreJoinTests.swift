import Testing
import TraceLinkCore

@Suite("CorrelationStore joins logs to spans")
struct CorrelationStoreJoinTests {
    @Test("logs that arrive before their spans end up under them, in time order")
    func logsBeforeSpans() throws {
        let store = CorrelationFixture.store()
        let trace = CorrelationFixture.traceID(1)
        store.insert(logs: [
            CorrelationFixture.log(trace, span: 2, at: 300, message: "charged card"),
            CorrelationFixture.log(trace, span: 2, at: 100, message: "charging card"),
            CorrelationFixture.log(trace, at: 50, message: "request received"),
        ])
        #expect(store.resolve(trace) == TraceResolution(traceID: trace, spanCount: 0, logCount: 3))

        store.insert(spans: [
            CorrelationFixture.span(trace, 2, parent: 1, name: "charge", start: 10, duration: 500),
            CorrelationFixture.span(trace, 1, name: "POST /orders", start: 0, duration: 1000),
            CorrelationFixture.span(trace, 3, parent: 1, name: "reserve", start: 5, duration: 4),
        ])
        let view = try #require(store.trace(trace))
        #expect(view.outline == ["POST /orders", "  reserve", "  charge"])
        #expect(view.rootIndices == [0])
        #expect(view.spans[0].childIndices == [1, 2])
        #expect(view.spans[2].parentIndex == 0)
        #expect(view.spans[2].logs.map(\.message) == ["charging card", "charged card"])
        #expect(view.traceLogs.map(\.message) == ["request received"])
        #expect(view.summary.rootSpanName == "POST /orders")
        #expect(view.summary.spanCount == 3)
        #expect(view.summary.logCount == 3)
        #expect(store.resolve(trace)?.hasSpans == true)
    }

    @Test("spans that never come: the logs still form a trace of logs only")
    func spansNeverCome() throws {
        let store = CorrelationFixture.store()
        let trace = CorrelationFixture.traceID(2)
        store.insert(logs: [
            CorrelationFixture.log(trace, span: 9, at: 2), CorrelationFixture.log(trace, span: 9, at: 1),
        ])
        let view = try #require(store.trace(trace))
        #expect(view.spans.isEmpty)
        #expect(view.traceLogs.map(\.timeUnixNano) == [CorrelationFixture.base + 1, CorrelationFixture.base + 2])
        #expect(view.summary.rootSpanName == nil)
        #expect(store.resolve(trace)?.hasSpans == false)
        #expect(store.trace(CorrelationFixture.traceID(3)) == nil)
    }

    @Test("a 64-bit id joins the 128-bit trace whose low half it equals, both ways")
    func sixtyFourBitJoin() throws {
        let store = CorrelationFixture.store()
        let full = TraceID(high: 0x4BF9_2F35_77B3_4DA6, low: 0xA3CE_929D_0E0E_4736)!
        let short = TraceID(low64: 0xA3CE_929D_0E0E_4736)!
        store.insert(logs: [CorrelationFixture.log(short, span: 1, at: 5, message: "datadog line", service: "billing")])
        store.insert(spans: [CorrelationFixture.span(full, 1, name: "bill")])

        let byFull = try #require(store.trace(full))
        #expect(byFull.traceID == full)
        #expect(byFull.spans.first?.logs.map(\.message) == ["datadog line"])
        let byShort = try #require(store.trace(short))
        #expect(byShort.traceID == full)
        #expect(byShort.spans.count == 1)
        #expect(store.resolve(short)?.traceID == full)
        // Another 128-bit trace with a different high half is not this one.
        #expect(store.trace(TraceID(high: 1, low: 0xA3CE_929D_0E0E_4736)!) == nil)
    }

    @Test("two 128-bit traces that share their low half stay apart when asked by full id")
    func lowHalfCollision() throws {
        let store = CorrelationFixture.store()
        let first = TraceID(high: 1, low: 77)!
        let second = TraceID(high: 2, low: 77)!
        store.insert(spans: [
            CorrelationFixture.span(first, 1, name: "first"), CorrelationFixture.span(second, 2, name: "second"),
        ])
        #expect(try #require(store.trace(first)).outline == ["first"])
        #expect(try #require(store.trace(second)).outline == ["second"])
    }

    @Test("orphans and parent cycles become roots instead of vanishing")
    func orphansAndCycles() throws {
        let store = CorrelationFixture.store()
        let trace = CorrelationFixture.traceID(4)
        store.insert(spans: [
            CorrelationFixture.span(trace, 1, parent: 99, name: "orphan", start: 0),
            CorrelationFixture.span(trace, 2, parent: 3, name: "a", start: 10),
            CorrelationFixture.span(trace, 3, parent: 2, name: "b", start: 20),
        ])
        let view = try #require(store.trace(trace))
        #expect(view.spans.count == 3)
        #expect(view.outline == ["orphan", "a", "  b"])
    }

    @Test("a retried export does not duplicate spans")
    func duplicateSpans() throws {
        let metrics = SelfMetrics()
        let store = CorrelationFixture.store(metrics: metrics)
        let trace = CorrelationFixture.traceID(5)
        let batch = [CorrelationFixture.span(trace, 1), CorrelationFixture.span(trace, 2, parent: 1)]
        store.insert(spans: batch)
        store.insert(spans: batch)
        #expect(try #require(store.trace(trace)).spans.count == 2)
        #expect(store.statistics.spans == 2)
        var text = ""
        metrics.render(into: &text)
        #expect(exposedValue(text, "tracelink_store_duplicate_spans_total") == "2")
    }

    /// A busy service's export interleaves many traces; the store takes each trace's items of a batch together.
    @Test("one batch interleaving 40 traces of 20 spans, a span twice in it, logs before and after")
    func interleavedBatch() throws {
        let metrics = SelfMetrics()
        let store = CorrelationFixture.store(metrics: metrics)
        let traces = (1...40).map { CorrelationFixture.traceID(100 + $0) }
        let early = traces.enumerated().filter { $0.offset.isMultiple(of: 2) }.map(\.element)
        let logs = { (of: [TraceID]) in
            (1...20).flatMap { span in
                of.map {
                    CorrelationFixture.log($0, span: UInt64(span), at: UInt64(span) * 10, message: "line \(span)")
                }
            }
        }
        store.insert(logs: logs(early))
        var spans = (1...20).flatMap { span in
            traces.map { trace in
                CorrelationFixture.span(
                    trace, UInt64(span), parent: span == 1 ? nil : 1, name: "op \(span)", start: UInt64(span))
            }
        }
        spans.insert(spans[0], at: 500)  // a span sent twice in one export: before its trace outgrows a linear scan
        spans.append(spans[719])  // and after
        store.insert(spans: spans)
        store.insert(logs: logs(traces.filter { !early.contains($0) }))

        for trace in traces {
            let view = try #require(store.trace(trace))
            #expect(view.spans.count == 20)
            #expect(view.summary.rootSpanName == "op 1")
            #expect(view.outline.first == "op 1")
            for node in view.spans {
                #expect(node.logs.map(\.message) == ["line \(node.span.spanID.value)"])
            }
        }
        #expect(store.statistics.spans == 800)
        #expect(store.statistics.logs == 800)
        #expect(store.statistics.traces == 40)
        var text = ""
        metrics.render(into: &text)
        #expect(exposedValue(text, "tracelink_store_duplicate_spans_total") == "2")
    }

    @Test("joined counts each log once, whether its spans came before or after")
    func joinedCounting() {
        let store = CorrelationFixture.store()
        let early = CorrelationFixture.traceID(6)
        let late = CorrelationFixture.traceID(7)
        let never = CorrelationFixture.traceID(8)
        store.insert(logs: [
            CorrelationFixture.log(early, span: 1),
            CorrelationFixture.log(early, span: 1, severity: .error, source: "journal"),
            CorrelationFixture.log(never, span: 1), CorrelationFixture.log(nil, message: "no trace"),
        ])
        store.insert(spans: [
            CorrelationFixture.span(early, 1, name: "charge"), CorrelationFixture.span(late, 1, name: "ship"),
        ])
        store.insert(logs: [
            CorrelationFixture.log(late, span: 1, severity: .fatal), CorrelationFixture.log(late, span: 42),
        ])
        store.insert(spans: [CorrelationFixture.span(early, 2, parent: 1)])  // no new join for logs already counted

        var text = ""
        store.render(into: &text)
        #expect(exposedValue(text, #"tracelink_log_records_total{source="app-logs",severity="INFO"}"#) == "4")
        #expect(exposedValue(text, #"tracelink_log_records_total{source="app-logs",severity="FATAL"}"#) == "1")
        #expect(exposedValue(text, #"tracelink_log_records_total{source="journal",severity="ERROR"}"#) == "1")
        #expect(exposedValue(text, #"tracelink_log_records_with_trace_total{source="app-logs"}"#) == "4")
        #expect(exposedValue(text, #"tracelink_log_records_joined_total{source="app-logs"}"#) == "3")
        #expect(exposedValue(text, #"tracelink_log_records_joined_total{source="journal"}"#) == "1")
        #expect(
            exposedValue(text, #"tracelink_span_error_logs_total{service_name="checkout",span_name="charge"}"#) == "1")
        #expect(
            exposedValue(text, #"tracelink_span_error_logs_total{service_name="checkout",span_name="ship"}"#) == "1")
        #expect(text.contains("# TYPE tracelink_span_error_logs_total counter"))
    }

    @Test("instrumentation shares per service over what is held")
    func instrumentationShares() {
        let store = CorrelationFixture.store()
        store.insert(spans: [
            CorrelationFixture.span(CorrelationFixture.traceID(1), 1, service: "checkout"),
            CorrelationFixture.span(CorrelationFixture.traceID(2), 1, service: "checkout"),
            CorrelationFixture.span(CorrelationFixture.traceID(2), 2, parent: 1, service: "billing"),
        ])
        store.insert(logs: [
            CorrelationFixture.log(CorrelationFixture.traceID(1), span: 1, service: "checkout"),
            CorrelationFixture.log(CorrelationFixture.traceID(9), service: "checkout"),
            CorrelationFixture.log(nil, service: "checkout"),
            CorrelationFixture.log(nil, service: "checkout"),
        ])
        let shares = store.instrumentationShares()
        var checkout = InstrumentationShare(service: "checkout")
        checkout.traces = 2
        checkout.tracesWithLogs = 1
        checkout.logs = 4
        checkout.joinedLogs = 1
        var billing = InstrumentationShare(service: "billing")
        billing.traces = 1
        #expect(shares == [billing, checkout])
        var text = ""
        store.render(into: &text)
        #expect(exposedValue(text, #"tracelink_service_traces_with_logs_ratio{service_name="checkout"}"#) == "0.5")
        #expect(exposedValue(text, #"tracelink_service_logs_joined_ratio{service_name="checkout"}"#) == "0.25")
        #expect(exposedValue(text, #"tracelink_service_traces_with_logs_ratio{service_name="billing"}"#) == "0")
    }

    @Test("instrumentation shares follow logs joined by later spans, and traces leaving the store")
    func instrumentationSharesThroughJoinsAndEviction() {
        let clock = SteppedMonotonicClock()
        let store = CorrelationFixture.store(maxAge: .seconds(60), clock: clock)
        func share(_ service: String, _ traces: Int, _ withLogs: Int, _ logs: Int, _ joined: Int) -> InstrumentationShare {
            var share = InstrumentationShare(service: service)
            (share.traces, share.tracesWithLogs, share.logs, share.joinedLogs) = (traces, withLogs, logs, joined)
            return share
        }
        let early = CorrelationFixture.traceID(1)
        let late = CorrelationFixture.traceID(2)
        store.insert(logs: [
            CorrelationFixture.log(early, span: 1, service: "checkout"),
            CorrelationFixture.log(early, span: 1, at: 2, service: "checkout"),
        ])
        #expect(store.instrumentationShares() == [share("checkout", 0, 0, 2, 0)])

        // The span arrives after its logs: the trace now counts, and both logs are joined.
        store.insert(spans: [CorrelationFixture.span(early, 1, service: "checkout")])
        #expect(store.instrumentationShares() == [share("checkout", 1, 1, 2, 2)])

        clock.advance(by: .seconds(30))
        store.insert(spans: [
            CorrelationFixture.span(late, 1, service: "billing"),
            CorrelationFixture.span(late, 2, parent: 1, service: "checkout"),
        ])
        store.insert(logs: [CorrelationFixture.log(late, span: 2, service: "billing")])
        #expect(
            store.instrumentationShares() == [share("billing", 1, 1, 1, 1), share("checkout", 2, 1, 2, 2)])

        // The first trace ages out: only what the second holds is left.
        clock.advance(by: .seconds(31))
        store.evictExpired()
        #expect(
            store.instrumentationShares() == [share("billing", 1, 1, 1, 1), share("checkout", 1, 0, 0, 0)])
        clock.advance(by: .seconds(60))
        store.evictExpired()
        #expect(store.instrumentationShares().isEmpty)
    }

    @Test("the change feed reports joins, error spans with their logs, and traces that gained spans")
    func changeFeed() async throws {
        let store = CorrelationFixture.store()
        let trace = CorrelationFixture.traceID(10)
        let stream = store.events.subscribe()
        store.insert(logs: [CorrelationFixture.log(trace, span: 1, message: "boom", severity: .error)])
        store.insert(spans: [CorrelationFixture.span(trace, 1, name: "pay", status: .error)])
        store.insert(logs: [CorrelationFixture.log(trace, span: 1, at: 9, message: "after")])

        var received: [CorrelationEvent] = []
        var updated: [[TraceID]] = []
        for await event in stream {
            if case .tracesUpdated(let ids) = event {
                updated.append(ids)
                continue
            }
            received.append(event)
            if received.count == 3 { break }
        }
        #expect(updated == [[trace]])
        guard case .logJoined(let joinedTrace, let span, let log) = received[0] else {
            Issue.record("expected a join first, got \(received[0])")
            return
        }
        #expect(joinedTrace == trace && span.name == "pay" && log.message == "boom")
        guard case .errorSpan(_, let errorSpan, let logs) = received[1] else {
            Issue.record("expected an error span, got \(received[1])")
            return
        }
        #expect(errorSpan.name == "pay" && logs.map(\.message) == ["boom"])
        guard case .logJoined(_, _, let later) = received[2] else {
            Issue.record("expected a join, got \(received[2])")
            return
        }
        #expect(later.message == "after")
    }

    @Test("a slow subscriber loses its oldest events, counted")
    func slowSubscriber() async {
        let metrics = SelfMetrics()
        let store = CorrelationStore(
            configuration: .init(eventBufferSize: 4), metrics: metrics, clock: SteppedMonotonicClock().clock)
        let trace = CorrelationFixture.traceID(11)
        let stream = store.events.subscribe()
        store.insert(spans: [CorrelationFixture.span(trace, 1)])
        store.insert(
            logs: (0..<10).map { CorrelationFixture.log(trace, span: 1, at: UInt64($0), message: "line \($0)") })
        var messages: [String] = []
        for await event in stream {
            if case .logJoined(_, _, let log) = event { messages.append(log.message) }
            if messages.count == 4 { break }
        }
        #expect(messages == ["line 6", "line 7", "line 8", "line 9"])
        var text = ""
        metrics.render(into: &text)
        // 11 events (the span's traces_updated, then 10 joins) into a buffer of 4.
        #expect(exposedValue(text, "tracelink_store_events_dropped_total") == "7")
    }

    @Test("the store is a LogSink")
    func logSink() async {
        let store = CorrelationFixture.store()
        let sink: any LogSink = store
        await sink.accept([CorrelationFixture.log(CorrelationFixture.traceID(12))])
        #expect(store.statistics.logs == 1)
    }
}
