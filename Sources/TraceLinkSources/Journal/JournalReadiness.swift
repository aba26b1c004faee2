internal import Synchronization
internal import TraceLinkCore

/// Whether a source is reading, shared between its thread and its callers.
final class JournalReadiness: Sendable {
    private let value = Atomic<Bool>(false)

    var isReady: Bool { value.load(ordering: .relaxed) }

    func set(_ ready: Bool, metrics: JournalSourceMetrics) {
        value.store(ready, ordering: .relaxed)
        metrics.ready.set(ready ? 1 : 0)
    }
}
