import Logging
import ServiceLifecycle
import Testing
import TraceLinkCore

@testable import TraceLinkAgent

@Suite("Store maintenance")
struct StoreMaintenanceTests {
    @Test("shutdown ends its wait at once: the agent stops without waiting out the interval")
    func stopsWithoutWaitingOutTheInterval() async throws {
        let maintenance = StoreMaintenance(store: CorrelationStore(), interval: .seconds(3600))
        let group = ServiceGroup(services: [maintenance], logger: Logger(label: "test"))
        let stopped = try await withThrowingTaskGroup(of: Bool.self) { tasks in
            tasks.addTask {
                try await group.run()
                return true
            }
            tasks.addTask {
                try await Task.sleep(for: .seconds(30))
                return false
            }
            try await Task.sleep(for: .milliseconds(100))
            await group.triggerGracefulShutdown()
            let first = try await tasks.next() ?? false
            tasks.cancelAll()
            return first
        }
        #expect(stopped, "the maintenance service was still waiting 30 s after shutdown began")
    }
}
