import Testing
import TraceLinkCore

/// A new trace that arrives as one log is held in a smaller form than a trace record until a second item of it
/// arrives. Nothing a user reads may depend on that: each test builds the same trace twice, once through the
/// lone form (its items one batch at a time) and once straight into a record (its first items in one batch), and
/// compares everything the store answers.
@Suite("CorrelationStore traces of one log")
struct CorrelationStoreLoneLogTests {
    static let trace = CorrelationFixture.traceID(1)

    /// What a user can read about `trace` and the store as a whole.
    struct Answers: Equatable {
        var view: TraceView?
        var resolution: TraceResolution?
        var summaries: [TraceSummary]
        var errorSummaries: [TraceSummary]
        var serviceSummaries: [TraceSummary]
        var page: [StoredLog]
        var traceLogs: [StoredLog]
        var shares: [InstrumentationShare]
        var traces: Int
        var spans: Int
        var logs: Int
        var exposition: String

        init(_ store: CorrelationStore, trace: TraceID) {
            view = store.trace(trace)
            resolution = store.resolve(trace)
            summaries = store.traces()
            errorSummaries = store.traces(TraceFilter(errorsOnly: true))
            serviceSummaries = store.traces(TraceFilter(service: "billing"))
            page = store.logs(LogFilter(limit: 50)).logs
            traceLogs = store.logs(LogFilter(traceID: trace, limit: 50)).logs
            shares = store.instrumentationShares()
            let statistics = store.statistics
            (traces, spans, logs) = (statistics.traces, statistics.spans, statistics.logs)
            var text = ""
            store.render(into: &text)
            // The store's byte total differs between the two forms by design; every other line must not.
            exposition = text.split(separator: "\n").filter { !$0.hasPrefix("tracelink_store_bytes") }.joined(separator: "\n")
        }
    }

    static let error = CorrelationFixture.log(trace, span: 2, at: 5, message: "payment declined", severity: .error, service: "billing")
    static let second = CorrelationFixture.log(trace, span: 1, at: 9, message: "retrying", service: "checkout", source: "journal")

    @Test("a second log turns a lone log into the record two logs in one batch make")
    func secondLog() {
        let lone = CorrelationFixture.store()
        lone.insert(logs: [Self.error])
        lone.insert(logs: [Self.second])
        // Two logs of one trace in one batch make a record at once; sequence numbers are per item, so both stores
        // number the logs alike.
        let record = CorrelationFixture.store()
        record.insert(logs: [Self.error, Self.second])
        let answers = Answers(lone, trace: Self.trace)
        #expect(answers == Answers(record, trace: Self.trace))
        #expect(answers.view?.traceLogs.map(\.event.message) == ["payment declined", "retrying"])
        #expect(answers.errorSummaries.map(\.traceID) == [Self.trace])
        #expect(answers.serviceSummaries.map(\.traceID) == [Self.trace])
        #expect((answers.traces, answers.logs) == (1, 2))
    }

    @Test("a lone log answers every query, and the span it names joins it")
    func spanJoinsALoneLog() {
        let lone = CorrelationFixture.store()
        lone.insert(logs: [Self.error])
        let held = Answers(lone, trace: Self.trace)
        #expect(held.view?.traceLogs.map(\.event.message) == ["payment declined"])
        #expect(held.resolution == TraceResolution(traceID: Self.trace, spanCount: 0, logCount: 1))
        #expect(held.summaries.map(\.traceID) == [Self.trace])
        #expect(held.errorSummaries.map(\.traceID) == [Self.trace])
        #expect(held.serviceSummaries.map(\.traceID) == [Self.trace])
        #expect(held.page.map(\.event.message) == ["payment declined"])
        #expect(held.traceLogs.map(\.event.message) == ["payment declined"])
        #expect(held.shares.map(\.service) == ["billing"] && held.shares.map(\.logs) == [1])
        #expect((held.traces, held.spans, held.logs) == (1, 0, 1))

        // Other traces' lone logs after it, then the span it names: the log is joined under it, counted once, as in
        // a store where the trace was a record from the start.
        let record = CorrelationFixture.store()
        record.insert(logs: [Self.error, Self.second])
        lone.insert(logs: [Self.second])
        for other in 2...5 {
            let log = CorrelationFixture.log(CorrelationFixture.traceID(UInt64(other)), span: 3)
            lone.insert(logs: [log])
            record.insert(logs: [log])
        }
        let span = CorrelationFixture.span(Self.trace, 2, service: "billing", name: "POST /pay")
        lone.insert(spans: [span])
        record.insert(spans: [span])
        let joined = Answers(lone, trace: Self.trace)
        #expect(joined == Answers(record, trace: Self.trace))
        #expect(joined.view?.spans.first?.logs.map(\.event.message) == ["payment declined"])
        #expect((joined.traces, joined.spans, joined.logs) == (5, 1, 6))
        #expect(exposedValue(joined.exposition, #"tracelink_service_logs_joined_ratio{service_name="billing"}"#) == "1")
    }

    @Test("lone logs leave by age and by memory, and take their shares with them")
    func loneLogsLeave() {
        let clock = SteppedMonotonicClock()
        let store = CorrelationFixture.store(budget: 4 << 20, maxAge: .seconds(60), clock: clock)
        for index in 0..<100 { store.insert(logs: [CorrelationFixture.log(CorrelationFixture.traceID(UInt64(index) + 10))]) }
        #expect(store.statistics.traces == 100)
        #expect(store.instrumentationShares().map(\.logs) == [100])
        clock.advance(by: .seconds(61))
        store.evictExpired()
        #expect(store.statistics.traces == 0)
        #expect(store.instrumentationShares().isEmpty)

        // Far more lone logs than the budget holds: the store keeps the newest within it.
        let padding = String(repeating: "p", count: 500)
        for index in 0..<20_000 {
            store.insert(logs: [CorrelationFixture.log(CorrelationFixture.traceID(UInt64(index) + 1000), message: padding)])
        }
        let statistics = store.statistics
        #expect(statistics.bytes <= 4 << 20)
        #expect(statistics.traces > 1000 && statistics.traces < 20_000)
        #expect(store.trace(CorrelationFixture.traceID(20_999)) != nil)
        #expect(store.trace(CorrelationFixture.traceID(1000)) == nil)
        #expect(store.instrumentationShares().map(\.logs) == [statistics.logs])
    }
}
