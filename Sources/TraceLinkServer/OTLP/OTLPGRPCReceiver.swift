public import GRPCCore
import GRPCNIOTransportHTTP2
public import Logging
public import ServiceLifecycle
public import TraceLinkCore

/// The OTLP/gRPC listener (default 127.0.0.1:4317) as a Service; gzip and deflate requests accepted.
public struct OTLPGRPCReceiver: Service, CustomStringConvertible {
    /// How the service group names it (its default reflected the whole value, a cost at every start).
    public var description: String { "\(Self.componentName) listener on \(host):\(port)" }

    public var host: String
    public var port: Int
    public var maxRequestBytes: Int
    public var services: [any RegistrableRPCService]
    /// Told when the server listens (component `OTLP/gRPC`).
    public var readiness: Readiness?
    let logger: Logger

    static let componentName = "OTLP/gRPC"

    /// The largest HTTP/2 frame a client may send (the protocol's default is 16 KiB).
    static let maxFrameSize = 256 << 10
    /// The flow-control window per connection and stream (the default is 64 KiB).
    static let windowSize = 4 << 20

    public init(
        host: String, port: Int, maxRequestBytes: Int, services: [any RegistrableRPCService], logger: Logger,
        readiness: Readiness? = nil
    ) {
        self.host = host
        self.port = port
        self.maxRequestBytes = maxRequestBytes
        self.services = services
        self.logger = logger
        self.readiness = readiness
        readiness?.expect(Self.componentName)
    }

    public func run() async throws {
        let transport = HTTP2ServerTransport.Posix(
            address: .ipv4(host: host, port: port),
            transportSecurity: .plaintext,
            config: .defaults { config in
                // grpc-swift refuses compressed requests unless the algorithms are enabled here.
                config.compression.enabledAlgorithms = .all
                // The transport drops (RST_STREAM) messages past its own limit; up to twice ours they reach the
                // service, which answers RESOURCE_EXHAUSTED with a message as OTLP clients expect.
                config.rpc.maxRequestPayloadSize =
                    maxRequestBytes.multipliedReportingOverflow(by: 2).overflow
                    ? Int.max : maxRequestBytes * 2
                // An export is hundreds of KB: with HTTP/2's 16 KiB frames and 64 KiB window it arrives in dozens of
                // frames and waits on window updates; larger ones let it arrive in a few reads.
                config.http2.maxFrameSize = Self.maxFrameSize
                config.http2.targetWindowSize = Self.windowSize
            }
        )
        let server = GRPCServer(transport: transport, services: services)
        try await withGracefulShutdownHandler {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await server.serve() }
                if let address = try await transport.listeningAddress.ipv4 {
                    logger.info("OTLP/gRPC listening", metadata: ["address": "\(address.host):\(address.port)"])
                }
                readiness?.set(Self.componentName, .ready)
            }
        } onGracefulShutdown: {
            server.beginGracefulShutdown()
        }
    }
}
