internal import CSystemd
import Foundation
import Logging
import ServiceLifecycle
import TraceLinkCore

/// systemd's notify protocol for a `Type=notify` unit (`$NOTIFY_SOCKET` set): `READY=1` once every receiver
/// listens and every source has opened or said why it cannot; `WATCHDOG=1` every half of `WatchdogSec` while
/// the pipeline moves (the store answers and its maintenance keeps beating); `STATUS=` lines; `STOPPING=1` when
/// shutdown begins. Without `$NOTIFY_SOCKET` it logs readiness and waits for shutdown.
struct SystemdNotifier: Service, CustomStringConvertible {
    /// How the service group names it (its default reflected the whole value, a cost at every start).
    var description: String { "systemd notifier" }

    let readiness: Readiness
    let store: CorrelationStore
    let maintenance: Heartbeat
    let maintenanceInterval: Duration
    let sourceCount: Int
    /// True when the shutdown under way is a reload: systemd must not hear STOPPING=1 then (on systemd 252 it
    /// would take the unit for stopping and kill it after TimeoutStopSec), only RELOADING=1 and READY=1.
    var isReloading: @Sendable () -> Bool = { false }
    let logger: Logger
    var statusInterval: Duration = .seconds(10)

    /// Half the watchdog timeout systemd set for this process, or nil when it set none.
    static func watchdogPingInterval() -> Duration? {
        var microseconds: UInt64 = 0
        guard sd_watchdog_enabled(0, &microseconds) > 0, microseconds > 0 else { return nil }
        return .microseconds(Int64(clamping: microseconds / 2))
    }

    static func notify(_ state: String) {
        _ = sd_notify(0, state)
    }

    func run() async {
        let notifying = ProcessInfo.processInfo.environment["NOTIFY_SOCKET"] != nil
        guard await readiness.waitUntilSettled() else { return }
        logger.info("ready", metadata: ["components": "\(readiness.report.replacing("\n", with: "; "))"])
        let released = StartupPages.release()
        logger.debug("released the start-up code's pages", metadata: ["mapped_bytes": "\(released)"])
        if notifying { Self.notify("READY=1\nSTATUS=\(status())") }
        let watchdog = notifying ? Self.watchdogPingInterval() : nil
        guard notifying else {
            try? await gracefulShutdown()
            return
        }
        let tick = min(watchdog ?? statusInterval, statusInterval)
        await withGracefulShutdownHandler {
            var sinceStatus: Duration = .zero
            while !Task.isShuttingDownGracefully && !Task.isCancelled {
                do {
                    try await cancelWhenGracefulShutdown { try await Task.sleep(for: tick) }
                } catch {
                    return
                }
                if watchdog != nil {
                    if pipelineMoves() {
                        Self.notify("WATCHDOG=1")
                    } else {
                        logger.error("the pipeline is stuck: not pinging the watchdog")
                    }
                }
                sinceStatus += tick
                if sinceStatus >= statusInterval {
                    Self.notify("STATUS=\(status())")
                    sinceStatus = .zero
                }
            }
        } onGracefulShutdown: {
            if !isReloading() { Self.notify("STOPPING=1\nSTATUS=stopping") }
        }
    }

    /// The store answers (its locks are free) and its maintenance ran within three of its intervals.
    func pipelineMoves() -> Bool {
        _ = store.statistics
        return maintenance.age < maintenanceInterval * 3
    }

    /// `3 sources, 1,204 traces held`.
    func status() -> String {
        let traces = store.statistics.traces
        return "\(sourceCount) source\(sourceCount == 1 ? "" : "s"), \(Self.grouped(traces)) traces held"
    }

    /// `1204` → `1,204`.
    static func grouped(_ number: Int) -> String {
        var digits = String(number.magnitude)
        var index = digits.endIndex
        while digits.distance(from: digits.startIndex, to: index) > 3 {
            index = digits.index(index, offsetBy: -3)
            digits.insert(",", at: index)
        }
        return (number < 0 ? "-" : "") + digits
    }
}
