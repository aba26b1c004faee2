import Synchronization

/// Whether each receiver listens and each source has opened (or said why it cannot): what `/readyz` answers and
/// what tells systemd the agent started (`READY=1`).
///
/// Components are expected at wiring time and settle as they start; a source that cannot open (no journal on
/// this host) settles as unavailable, with its reason: the agent runs on without it.
public final class Readiness: Sendable {
    public enum State: Sendable, Hashable {
        case starting
        case ready
        case unavailable(reason: String)
    }

    private let states = Mutex<[(name: String, state: State)]>([])

    public init() {}

    /// Adds a component that must settle before the agent is ready.
    public func expect(_ component: String) {
        states.withLock { states in
            if !states.contains(where: { $0.name == component }) { states.append((component, .starting)) }
        }
    }

    public func set(_ component: String, _ state: State) {
        states.withLock { states in
            if let index = states.firstIndex(where: { $0.name == component }) {
                states[index].state = state
            } else {
                states.append((component, state))
            }
        }
    }

    /// Every component and its state, in the order they were expected.
    public var components: [(name: String, state: State)] { states.withLock { $0 } }

    /// Components that have not settled yet.
    public var pending: [String] { components.filter { $0.state == .starting }.map(\.name) }

    /// True once every expected component is ready or has said why it cannot be.
    public var isSettled: Bool { pending.isEmpty }

    /// Returns once settled, checking every `interval`; false when the task is cancelled first.
    public func waitUntilSettled(checkingEvery interval: Duration = .milliseconds(20)) async -> Bool {
        while !isSettled {
            do { try await Task.sleep(for: interval) } catch { return false }
        }
        return true
    }

    /// `component: ready` lines, for `/readyz` and the log.
    public var report: String {
        components.map { component in
            switch component.state {
            case .starting: "\(component.name): starting"
            case .ready: "\(component.name): ready"
            case .unavailable(let reason): "\(component.name): unavailable (\(reason))"
            }
        }.joined(separator: "\n")
    }
}
