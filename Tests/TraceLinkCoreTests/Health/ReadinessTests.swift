import Testing
import TraceLinkCore

@Suite("Readiness: every receiver listening, every source opened or said why not")
struct ReadinessTests {
    @Test("settled once each expected component is ready or unavailable, with a line each")
    func settles() async {
        let readiness = Readiness()
        readiness.expect("OTLP/HTTP")
        readiness.expect("journal source j")
        #expect(!readiness.isSettled && readiness.pending == ["OTLP/HTTP", "journal source j"])
        readiness.set("OTLP/HTTP", .ready)
        #expect(readiness.pending == ["journal source j"])
        readiness.set("journal source j", .unavailable(reason: "no journal files"))
        #expect(readiness.isSettled)
        #expect(await readiness.waitUntilSettled())
        #expect(readiness.report == "OTLP/HTTP: ready\njournal source j: unavailable (no journal files)")
    }

    @Test("waiting ends false when the task is cancelled first")
    func cancelled() async {
        let readiness = Readiness()
        readiness.expect("never")
        let waiting = Task { await readiness.waitUntilSettled() }
        waiting.cancel()
        #expect(await waiting.value == false)
    }
}
