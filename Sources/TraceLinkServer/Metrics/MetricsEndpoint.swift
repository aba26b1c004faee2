public import Hummingbird
import NIOCore
public import TraceLinkCore

/// `GET /metrics` (Prometheus text 0.0.4, or OpenMetrics 1.0 when the scraper asks for it), `GET /healthz`
/// (the process answers) and `GET /readyz` (every receiver listens and every source has opened or said why not).
public struct MetricsEndpoint: Sendable {
    /// Renders every metric family in one pass; `openMetrics` selects the format.
    public var render: @Sendable (_ output: inout String, _ openMetrics: Bool) -> Void
    public var readiness: Readiness?

    public init(
        readiness: Readiness? = nil, render: @escaping @Sendable (_ output: inout String, _ openMetrics: Bool) -> Void
    ) {
        self.readiness = readiness
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
        let readiness = self.readiness
        router.get("/readyz") { _, _ -> Response in
            // 503 until every component settled; a source that cannot open (no journal here) is reported, not fatal.
            let settled = readiness?.isSettled ?? true
            let body = (settled ? "ready\n" : "not ready\n") + (readiness.map { $0.report + "\n" } ?? "")
            return Response(
                status: settled ? .ok : .serviceUnavailable, headers: [.contentType: "text/plain"],
                body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
        }
    }

    /// True when the Accept header names OpenMetrics (as Prometheus sends when it prefers it).
    static func wantsOpenMetrics(_ accept: String?) -> Bool {
        accept?.contains("application/openmetrics-text") ?? false
    }
}
