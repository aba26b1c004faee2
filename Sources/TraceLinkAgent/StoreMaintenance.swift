import ServiceLifecycle
import TraceLinkCore

/// Evicts traces past their age from the correlation store, every few seconds until shutdown.
/// (Memory-budget eviction happens on insert; this covers an agent that goes quiet.) Each round beats
/// `heartbeat`, which the systemd watchdog checks.
struct StoreMaintenance: Service, CustomStringConvertible {
    /// How the service group names it (its default reflected the whole value, a cost at every start).
    var description: String { "store maintenance" }

    let store: CorrelationStore
    var heartbeat = Heartbeat()
    var interval: Duration = .seconds(5)
    /// More work for each round (e.g. sampling the services view's call rates).
    var alsoEachRound: [@Sendable () -> Void] = []

    func run() async throws {
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            // Shutdown ends the wait at once (the agent stops without waiting out the interval).
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            store.evictExpired()
            for work in alsoEachRound { work() }
            heartbeat.beat()
        }
    }
}
