public import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle
public import TraceLinkCore

/// One HTTP listener (OTLP/HTTP, metrics, API) as a Service, built from routes added by its users.
public struct HTTPListener: Service, CustomStringConvertible {
    /// How the service group names it (its default reflected the whole value, a cost at every start).
    public var description: String { "\(name) listener on \(host):\(port)" }

    public var name: String
    public var host: String
    public var port: Int
    /// Adds this listener's routes; called once when the listener starts.
    public var addRoutes: @Sendable (Router<BasicRequestContext>) -> Void
    /// Told when the listener accepts connections (component `name`).
    public var readiness: Readiness?
    let logger: Logger

    public init(
        name: String, host: String, port: Int, logger: Logger, readiness: Readiness? = nil,
        addRoutes: @escaping @Sendable (Router<BasicRequestContext>) -> Void
    ) {
        self.name = name
        self.host = host
        self.port = port
        self.addRoutes = addRoutes
        self.readiness = readiness
        self.logger = logger
        readiness?.expect(name)
    }

    public func run() async throws {
        let name = self.name
        let logger = self.logger
        let readiness = self.readiness
        let router = Router()
        addRoutes(router)
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                logger.info("\(name) listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
                readiness?.set(name, .ready)
            },
            logger: logger
        )
        try await application.run()
    }
}
