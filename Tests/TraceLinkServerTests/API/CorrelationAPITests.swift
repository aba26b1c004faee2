import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TraceLinkCore
import TraceLinkServer

@Suite struct CorrelationAPITests {
    static let traceID = TraceID(hex: "5b8efff798038103d269b633813fc60c")!

    static func store() -> CorrelationStore {
        let store = CorrelationStore()
        let root = Span(
            traceID: traceID, spanID: SpanID(1)!, service: "checkout", name: "POST /orders", kind: .server,
            startUnixNano: 1_000_000_000, endUnixNano: 1_050_000_000, status: .unset,
            attributes: [Attribute(key: "order.id", value: .string("123"))]
        )
        let child = Span(
            traceID: traceID, spanID: SpanID(2)!, parentSpanID: SpanID(1), service: "checkout", name: "charge",
            kind: .client, startUnixNano: 1_010_000_000, endUnixNano: 1_020_000_000, status: .error, statusMessage: "declined"
        )
        store.insert(spans: [root, child])
        store.insert(logs: [
            LogEvent(
                timeUnixNano: 1_015_000_000, observedUnixNano: 1_015_000_000, severity: .error, message: "card declined",
                service: "checkout", traceID: traceID, spanID: SpanID(2), source: "app", location: .file(path: "/l", offset: 7)
            )
        ])
        return store
    }

    static func router(token: String? = nil) -> Router<BasicRequestContext> {
        let router = Router()
        CorrelationAPI(
            store: store(),
            configuration: APIConfiguration(bearerToken: token, links: ["jaeger": "http://j/trace/{trace_id}"]),
            extract: { TraceContextExtractor.default.extract(line: $0) },
            locate: { _ in nil }
        ).addRoutes(to: router)
        return router
    }

    static func json(_ buffer: ByteBuffer) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(buffer.readableBytesView)) as? [String: Any])
    }

    @Test func traceHasItsLogsUnderTheSpan() async throws {
        try await Application(router: Self.router()).test(.router) { client in
            try await client.execute(uri: "/api/v1/traces/\(Self.traceID.hexString)", method: .get) { response in
                #expect(response.status == .ok)
                let body = try Self.json(response.body)
                let spans = try #require(body["spans"] as? [[String: Any]])
                #expect(spans.map { $0["name"] as? String } == ["POST /orders", "charge"])
                let charge = spans[1]
                #expect((charge["logs"] as? [[String: Any]])?.first?["message"] as? String == "card declined")
                #expect((charge["status"] as? [String: Any])?["code"] as? String == "STATUS_CODE_ERROR")
                #expect((body["links"] as? [String: String])?["jaeger"] == "http://j/trace/\(Self.traceID.hexString)")
            }
        }
    }

    @Test(arguments: [
        ("/api/v1/traces/xyz", HTTPResponse.Status.badRequest, "invalid_trace_id"),
        ("/api/v1/traces/0123456789abcdef0123456789abcdef", .notFound, "not_found"),
        ("/api/v1/logs?limit=0", .badRequest, "invalid_limit"),
        ("/api/v1/logs?cursor=nope", .badRequest, "invalid_cursor"),
        ("/api/v1/traces?min_duration=soon", .badRequest, "invalid_min_duration"),
        ("/api/v1/search?attr=justakey", .badRequest, "invalid_attr"),
        ("/api/v1/jump", .badRequest, "missing_line"),
        ("/api/v1/jump?line=nothing+here", .notFound, "not_found"),
    ])
    func errorsAreJSONWithACode(uri: String, status: HTTPResponse.Status, code: String) async throws {
        try await Application(router: Self.router()).test(.router) { client in
            try await client.execute(uri: uri, method: .get) { response in
                #expect(response.status == status)
                let error = try #require(try Self.json(response.body)["error"] as? [String: Any])
                #expect(error["code"] as? String == code)
                #expect((error["message"] as? String)?.isEmpty == false)
            }
        }
    }

    @Test func searchAndFiltersFindTheTrace() async throws {
        try await Application(router: Self.router()).test(.router) { client in
            try await client.execute(uri: "/api/v1/search?attr=order.id=123", method: .get) { response in
                let traces = try #require(try Self.json(response.body)["traces"] as? [[String: Any]])
                #expect(traces.map { $0["trace_id"] as? String } == [Self.traceID.hexString])
            }
            try await client.execute(uri: "/api/v1/traces?status=error&min_duration=40ms", method: .get) { response in
                let traces = try #require(try Self.json(response.body)["traces"] as? [[String: Any]])
                #expect(traces.first?["error_count"] as? Int == 1)
            }
            try await client.execute(uri: "/api/v1/logs?min_severity=error&contains=declined", method: .get) { response in
                let logs = try #require(try Self.json(response.body)["logs"] as? [[String: Any]])
                #expect(logs.map { $0["message"] as? String } == ["card declined"])
                #expect((logs.first?["location"] as? [String: Any])?["offset"] as? Int == 7)
            }
        }
    }

    @Test func jumpFindsThePastedLinesTrace() async throws {
        let line = "GET /orders 500 traceparent=00-\(Self.traceID.hexString)-0000000000000002-01"
        let encoded = line.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        try await Application(router: Self.router()).test(.router) { client in
            try await client.execute(uri: "/api/v1/jump?line=\(encoded)", method: .get) { response in
                let body = try Self.json(response.body)
                #expect(body["trace_id"] as? String == Self.traceID.hexString)
                #expect(body["found"] as? Bool == true)
                #expect(body["span_count"] as? Int == 2)
            }
            try await client.execute(uri: "/api/v1/jump?line=\(encoded)", method: .get, headers: [.accept: "text/html"]) { response in
                #expect(response.status == .found)
                #expect(response.headers[.location] == "http://j/trace/\(Self.traceID.hexString)")
            }
        }
    }

    @Test func bearerTokenIsRequiredWhenConfigured() async throws {
        try await Application(router: Self.router(token: "t0ken")).test(.router) { client in
            try await client.execute(uri: "/api/v1/traces", method: .get) { #expect($0.status == .unauthorized) }
            try await client.execute(uri: "/api/v1/traces", method: .get, headers: [.authorization: "Bearer t0ken"]) {
                #expect($0.status == .ok)
            }
        }
    }
}
