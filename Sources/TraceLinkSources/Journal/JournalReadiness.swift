internal import Synchronization
internal import TraceLinkCore

/// Whether a source is reading, shared between its thread and its callers; reported to the agent's readiness
/// (ready once open, unavailable with the reason when the journal cannot be opened).
final class JournalReadiness: Sendable {
    private let value = Atomic<Bool>(false)
    private let agent: Readiness?
    private let component: String

    init(agent: Readiness? = nil, component: String = "journal") {
        self.agent = agent
        self.component = component
        agent?.expect(component)
    }

    var isReady: Bool { value.load(ordering: .relaxed) }

    func set(_ ready: Bool, metrics: JournalSourceMetrics) {
        value.store(ready, ordering: .relaxed)
        metrics.ready.set(ready ? 1 : 0)
        if ready { agent?.set(component, .ready) }
    }

    /// The journal cannot be read now (the source retries): the agent is started all the same.
    func unavailable(_ reason: String) {
        agent?.set(component, .unavailable(reason: reason))
    }
}
