public import Hummingbird
import NIOCore
import TraceLinkCore

/// `GET /metrics` (Prometheus text 0.0.4, or OpenMetrics 1.0 when the scraper asks for it) and `GET /healthz`.
public struct MetricsEndpoint: Sendable {
    /// Renders every metric family in one pass; `openMetrics` selects the format.
    public var render: @Sendable (_ output: inout String, _ openMetrics: Bool) -> Void

    public init(render: @escaping @Sendable (_ output: inout String, _ openMetrics: Bool) -> Void) {
        self.render = render
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/metrics") { request, _ -> Response in
            let openMetrics = Self.wantsOpenMetrics(request.headers[.accept])
            var text = ""
            text.reserveCapacity(16 << 10)
            render(&text, openMetrics)
            if openMetrics { text += "# EOF\n" }
            let contentType = openMetrics
                ? "application/openmetrics-text; version=1.0.0; charset=utf-8"
                : "text/plain; version=0.0.4; charset=utf-8"
            return Response(status: .ok, headers: [.contentType: contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        router.get("/healthz") { _, _ -> Response in
            Response(status: .ok, headers: [.contentType: "text/plain"], body: ResponseBody(byteBuffer: ByteBuffer(string: "ok\n")))
        }
    }

    /// True when the Accept header names OpenMetrics (as Prometheus sends when it prefers it).
    static func wantsOpenMetrics(_ accept: String?) -> Bool {
        accept?.contains("application/openmetrics-text") ?? false
    }
}
