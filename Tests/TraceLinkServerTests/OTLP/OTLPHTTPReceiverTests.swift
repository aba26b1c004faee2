import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import Testing
import TraceLinkCore
import TraceLinkOTLP
import TraceLinkServer

@Suite struct OTLPHTTPReceiverTests {
    struct Fixture {
        let metrics = SpanMetrics()
        let registry = SelfMetrics()
        let router = Router()

        init(limits: BodyLimits = BodyLimits(maxRequestBytes: 4096, maxDecompressedBytes: 8192)) {
            let ingest = SpanIngest(consumers: [metrics], metrics: ReceiverMetrics(registry: registry))
            OTLPHTTPReceiver(spans: ingest, limits: limits).addRoutes(to: router)
        }

        func selfMetrics() -> String {
            var text = ""
            registry.render(into: &text)
            return text
        }
    }

    static let json = #"""
        {"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"shop"}}]},
        "scopeSpans":[{"spans":[{"traceId":"5b8efff798038103d269b633813fc60c","spanId":"eee19b7ec3c1b174",
        "name":"GET /","kind":2,"startTimeUnixNano":"1000","endTimeUnixNano":"3000000"}]}]}]}
        """#

    @Test func acceptsOTLPJSONAndAnswersInJSON() async throws {
        let fixture = Fixture()
        try await Application(router: fixture.router).test(.router) { client in
            try await client.execute(
                uri: "/v1/traces", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: Self.json)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
            }
        }
        #expect(fixture.metrics.seriesCount == 1)
        #expect(fixture.selfMetrics().contains(#"tracelink_spans_received_total{transport="http"} 1"#))
    }

    @Test(
        "media types are matched case-insensitively, with parameters and spaces",
        arguments: ["application/json; charset=utf-8", "Application/JSON", " application/json ;charset=UTF-8"])
    func jsonMediaTypeSpellings(contentType: String) async throws {
        let fixture = Fixture()
        try await Application(router: fixture.router).test(.router) { client in
            try await client.execute(
                uri: "/v1/traces", method: .post, headers: [.contentType: contentType], body: ByteBuffer(string: Self.json)
            ) { response in
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "application/json")
            }
        }
        #expect(fixture.metrics.seriesCount == 1)
    }

    @Test(arguments: ["application/jsonl", "application/x-protobuff", "json", ""])
    func nearMissMediaTypesAre415(contentType: String) async throws {
        let fixture = Fixture()
        try await Application(router: fixture.router).test(.router) { client in
            try await client.execute(
                uri: "/v1/traces", method: .post, headers: [.contentType: contentType], body: ByteBuffer(string: Self.json)
            ) { #expect($0.status == .unsupportedMediaType) }
        }
    }

    @Test func unknownContentTypeIs415() async throws {
        let fixture = Fixture()
        try await Application(router: fixture.router).test(.router) { client in
            try await client.execute(uri: "/v1/traces", method: .post, headers: [.contentType: "text/plain"], body: ByteBuffer(string: "x")) {
                #expect($0.status == .unsupportedMediaType)
            }
        }
        #expect(fixture.selfMetrics().contains(#"reason="unsupported_media_type""#))
    }

    @Test func bodyOverTheLimitIs413() async throws {
        let fixture = Fixture()
        try await Application(router: fixture.router).test(.router) { client in
            try await client.execute(
                uri: "/v1/traces", method: .post, headers: [.contentType: "application/x-protobuf"],
                body: ByteBuffer(repeating: 0x0a, count: 5000)
            ) { #expect($0.status == .contentTooLarge) }
        }
        #expect(fixture.selfMetrics().contains(#"reason="body_too_large""#))
    }

    @Test func gzipThatInflatesPastTheLimitIs413() async throws {
        let fixture = Fixture()
        // 20 000 zero bytes, gzip-compressed (well under the 4 KiB wire limit, over the 8 KiB inflate limit).
        let bomb = try #require(Data(base64Encoded: "H4sIAAAAAAACA+3BMQEAAADCoPVPbQ0PoAAAAAAAAAAAAAAAAAAAAAAAAAB4MAJTL5cgTgAA"))
        try await Application(router: fixture.router).test(.router) { client in
            try await client.execute(
                uri: "/v1/traces", method: .post,
                headers: [.contentType: "application/x-protobuf", .contentEncoding: "gzip"],
                body: ByteBuffer(bytes: bomb)
            ) { #expect($0.status == .contentTooLarge) }
        }
        #expect(fixture.selfMetrics().contains(#"reason="decompressed_too_large""#))
    }

    @Test func truncatedProtobufIs400WithRPCStatus() async throws {
        let fixture = Fixture()
        try await Application(router: fixture.router).test(.router) { client in
            try await client.execute(
                uri: "/v1/traces", method: .post, headers: [.contentType: "application/x-protobuf"],
                body: ByteBuffer(bytes: [0x0a, 0x40, 0x01])
            ) { response in
                #expect(response.status == .badRequest)
                // google.rpc.Status: field 1 = 3 (INVALID_ARGUMENT), field 2 = message.
                #expect(Array(response.body.readableBytesView.prefix(2)) == [0x08, 0x03])
            }
        }
    }
}
