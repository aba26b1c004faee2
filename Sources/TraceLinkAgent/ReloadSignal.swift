import Logging
import ServiceLifecycle
import Synchronization
import UnixSignals

/// The configuration a SIGHUP asked for, and the group to stop so it can take over.
final class ReloadRequest: Sendable {
    let configuration = Mutex<AgentConfiguration?>(nil)
    let group = Mutex<ServiceGroup?>(nil)
}

/// On SIGHUP (`systemctl reload`), re-reads the config; a valid one stops the running group so `Agent.run`
/// starts the new one, an invalid one is logged (file, line and key) and changes nothing.
struct ReloadSignal: Service, CustomStringConvertible {
    /// How the service group names it (its default reflected the whole value, a cost at every start).
    var description: String { "reload on SIGHUP" }

    let reload: @Sendable () throws -> AgentConfiguration
    let request: ReloadRequest
    let logger: Logger

    func run() async throws {
        let signals = await UnixSignalsSequence(trapping: .sighup)
        for await _ in signals.cancelOnGracefulShutdown() {
            let configuration: AgentConfiguration
            do {
                configuration = try reload()
            } catch {
                logger.error("config not reloaded, running on with the current one: \(error)")
                continue
            }
            logger.info("reloading the configuration")
            SystemdNotifier.notify("RELOADING=1\nSTATUS=reloading")
            request.configuration.withLock { $0 = configuration }
            await request.group.withLock { $0 }?.triggerGracefulShutdown()
            // Return only when the group's shutdown reaches this service: an early return reads as a failure.
            try? await gracefulShutdown()
            return
        }
    }
}
