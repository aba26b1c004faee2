public import Hummingbird
public import Logging
import NIOCore
public import ServiceLifecycle

/// One HTTP listener (OTLP/HTTP, metrics, API) as a Service, built from routes added by its users.
public struct HTTPListener: Service {
    public var name: String
    public var host: String
    public var port: Int
    public var router: Router<BasicRequestContext>
    let logger: Logger

    public init(name: String, host: String, port: Int, router: Router<BasicRequestContext>, logger: Logger) {
        self.name = name
        self.host = host
        self.port = port
        self.router = router
        self.logger = logger
    }

    public func run() async throws {
        let name = self.name
        let logger = self.logger
        let application = Application(
            router: router,
            configuration: ApplicationConfiguration(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in
                logger.info("\(name) listening", metadata: ["address": "\(channel.localAddress?.description ?? "?")"])
            },
            logger: logger
        )
        try await application.run()
    }
}
