import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TraceLinkAPIModels
import TraceLinkCore
import TraceLinkServer

@Suite struct PageAndServicesAPITests {
    static let traceID = CorrelationAPITests.traceID

    static func router(
        store: CorrelationStore = CorrelationAPITests.store(), links: [String: String] = [:], token: String? = nil,
        metrics: SpanMetrics? = nil
    ) -> Router<BasicRequestContext> {
        let router = Router()
        CorrelationAPI(
            store: store,
            configuration: APIConfiguration(bearerToken: token, links: links),
            extract: { TraceContextExtractor.default.extract(line: $0) },
            locate: { _ in nil },
            spanMetrics: metrics
        ).addRoutes(to: router)
        PageAssets(directory: nil).addRoutes(to: router)
        return router
    }

    static func decode<Model: Decodable>(_ type: Model.Type, _ buffer: ByteBuffer) throws -> Model {
        try APIModels.decoder.decode(type, from: Data(buffer.readableBytesView))
    }

    @Test("without links, a browser's jump lands on the built-in page with the span selected and the line marked")
    func jumpLandsOnThePage() async throws {
        let line = "card declined traceparent=00-\(Self.traceID.hexString)-0000000000000002-01"
        let encoded = line.addingPercentEncoding(withAllowedCharacters: .alphanumerics)!
        let store = CorrelationAPITests.store()
        store.insert(logs: [
            LogEvent(
                timeUnixNano: 1_016_000_000, observedUnixNano: 1_016_000_000, severity: .error, message: line,
                traceID: Self.traceID, spanID: SpanID(2), source: "app", location: .file(path: "/l", offset: 90))
        ])
        try await Application(router: Self.router(store: store)).test(.router) { client in
            let jump = try await client.execute(uri: "/api/v1/jump?line=\(encoded)", method: .get) {
                try Self.decode(APIModels.Jump.self, $0.body)
            }
            #expect(jump.spanId == "0000000000000002")
            let logID = try #require(jump.logId)
            #expect(jump.page == "/#/trace/\(Self.traceID.hexString)?span=0000000000000002&log=\(logID)")
            try await client.execute(uri: "/api/v1/jump?line=\(encoded)", method: .get, headers: [.accept: "text/html"]) {
                #expect($0.status == .found)
                #expect($0.headers[.location] == jump.page)
            }
            let trace = try await client.execute(uri: "/api/v1/traces/\(Self.traceID.hexString)", method: .get) {
                try Self.decode(APIModels.Trace.self, $0.body)
            }
            #expect(trace.spans[1].logs.last?.id == logID && trace.spans[1].logs.last?.message == line)
        }
    }

    @Test("the page is served at / without a token; its API calls need one")
    func pageIsServed() async throws {
        try await Application(router: Self.router(token: "t0ken")).test(.router) { client in
            try await client.execute(uri: "/", method: .get) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType]?.hasPrefix("text/html") == true)
                #expect(String(buffer: response.body).contains("/assets/app.js"))
            }
            try await client.execute(uri: "/assets/app.js", method: .get) { #expect($0.status == .ok) }
            try await client.execute(uri: "/assets/..%2F..%2Fetc%2Fpasswd", method: .get) { #expect($0.status == .notFound) }
            try await client.execute(uri: "/api/v1/traces", method: .get) { #expect($0.status == .unauthorized) }
        }
    }

    @Test("the services view's RED comes from the agent's own span metrics")
    func services() async throws {
        let metrics = SpanMetrics()
        let spans = (0..<4).map { index in
            Span(
                traceID: Self.traceID, spanID: SpanID(UInt64(index + 1))!, service: "checkout", name: "pay", kind: .server,
                startUnixNano: 0, endUnixNano: 5_000_000, status: index == 0 ? .error : .ok)
        }
        metrics.record(spans)
        try await Application(router: Self.router(metrics: metrics)).test(.router) { client in
            let list = try await client.execute(uri: "/api/v1/services", method: .get) {
                try Self.decode(APIModels.ServiceList.self, $0.body)
            }
            let checkout = try #require(list.services.first)
            #expect(checkout.service == "checkout" && checkout.calls == 4 && checkout.errors == 1)
            #expect(checkout.errorRatio == 0.25 && checkout.callsPerSecond > 0)
            #expect(checkout.operations.map(\.spanName) == ["pay"])
            #expect(checkout.p50Ms.map { (4.0...6.0).contains($0) } == true)
        }
    }

    @Test("a trace's spans carry self time and the critical-path mark; logs carry their fields")
    func traceModel() async throws {
        try await Application(router: Self.router()).test(.router) { client in
            let trace = try await client.execute(uri: "/api/v1/traces/\(Self.traceID.hexString)", method: .get) {
                try Self.decode(APIModels.Trace.self, $0.body)
            }
            #expect(trace.spans.map(\.criticalPath) == [true, true])
            #expect(trace.spans.map(\.selfTimeMs) == [40, 10])
        }
    }
}
