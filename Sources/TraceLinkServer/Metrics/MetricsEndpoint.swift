public import Hummingbird
import NIOCore
public import TraceLinkCore

/// `GET /metrics` (Prometheus text 0.0.4, or OpenMetrics 1.0 when the scraper asks for it), `GET /healthz`
/// (the process answers) and `GET /readyz` (every receiver listens and every source has opened or said why not).
public struct MetricsEndpoint: Sendable {
    /// Every component's metric families, collected per scrape and written by one writer per format.
    public var sources: [any MetricFamilySource]
    public var readiness: Readiness?

    public init(readiness: Readiness? = nil, sources: [any MetricFamilySource]) {
        self.readiness = readiness
        self.sources = sources
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        let sources = self.sources
        router.get("/metrics") { request, _ -> Response in
            let format: ExpositionWriter.Format = Self.wantsOpenMetrics(request.headers[.accept]) ? .openMetrics : .prometheus
            let text = ExpositionWriter.document(sources.flatMap { $0.metricFamilies() }, format: format)
            return Response(
                status: .ok, headers: [.contentType: format.contentType], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
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
