import Foundation
import Hummingbird
import HummingbirdTesting
import NIOCore
import SwiftProtobuf
import Testing
import TraceLinkCore
import TraceLinkOTLP
import TraceLinkServer

/// What goes in comes out: a request carrying every OTLP field, sent as a client sends it, is held by the store
/// byte for byte — `exportRequest(for:)` of each trace equals swift-protobuf's re-encoding of the received
/// request cut to that trace's spans.
@Suite struct CanonicalFidelityTests {
    static let traceA = Data((1...16).map { UInt8($0) })
    static let traceB = Data((101...116).map { UInt8($0) })

    static func keyValue(_ key: String, _ set: (inout OTLPAnyValue) -> Void) -> OTLPKeyValue {
        var keyValue = OTLPKeyValue()
        keyValue.key = key
        set(&keyValue.value)
        return keyValue
    }

    /// Every value type, nested arrays and maps included.
    static var everyValue: [OTLPKeyValue] {
        var text = OTLPAnyValue()
        text.stringValue = "ünïcödé ✓"
        var number = OTLPAnyValue()
        number.intValue = .min
        return [
            keyValue("s") { $0.stringValue = "GET /orders/{id}" },
            keyValue("empty") { $0.stringValue = "" },
            keyValue("b") { $0.boolValue = true },
            keyValue("i") { $0.intValue = -42 },
            keyValue("d") { $0.doubleValue = 2.5 },
            keyValue("bytes") { $0.bytesValue = Data([0, 1, 254, 255]) },
            keyValue("array") { $0.arrayValue.values = [text, number] },
            keyValue("map") { $0.kvlistValue.values = [keyValue("inner") { $0.arrayValue.values = [text] }] },
        ]
    }

    /// Two resources (schema URLs, dropped counts) with two scopes each (version, attributes, schema URL); two
    /// traces whose spans are spread over all of them; links, events, trace state, flags, status, dropped counts.
    static func everyFieldRequest() -> ExportTraceServiceRequest {
        var request = ExportTraceServiceRequest()
        var spanNumber: UInt8 = 0
        for resourceIndex in 0..<2 {
            var resourceSpans = Opentelemetry_Proto_Trace_V1_ResourceSpans()
            resourceSpans.resource.attributes = [keyValue("service.name") { $0.stringValue = "svc-\(resourceIndex)" }] + everyValue
            resourceSpans.resource.droppedAttributesCount = 3
            resourceSpans.schemaURL = "https://opentelemetry.io/schemas/1.26.0"
            for scopeIndex in 0..<2 {
                var scopeSpans = Opentelemetry_Proto_Trace_V1_ScopeSpans()
                scopeSpans.scope.name = "io.opentelemetry.lib-\(scopeIndex)"
                scopeSpans.scope.version = "1.\(scopeIndex).0"
                scopeSpans.scope.attributes = [keyValue("scope.attr") { $0.intValue = Int64(scopeIndex) }]
                scopeSpans.scope.droppedAttributesCount = 1
                scopeSpans.schemaURL = "https://opentelemetry.io/schemas/1.\(scopeIndex).0"
                for trace in [traceA, traceB, traceA] {
                    spanNumber += 1
                    var span = OTLPSpan()
                    span.traceID = trace
                    span.spanID = Data([spanNumber, 0, 0, 0, 0, 0, 0, 1])
                    if spanNumber > 2 { span.parentSpanID = Data([1, 0, 0, 0, 0, 0, 0, 1]) }
                    span.traceState = "vendor=\(spanNumber),other=x"
                    span.name = "op \(spanNumber)"
                    span.kind = .client
                    span.startTimeUnixNano = 1_700_000_000_000_000_000 + UInt64(spanNumber)
                    span.endTimeUnixNano = span.startTimeUnixNano + 1_234_567
                    span.attributes = everyValue
                    span.droppedAttributesCount = 2
                    var event = OTLPSpan.Event()
                    event.timeUnixNano = span.startTimeUnixNano + 10
                    event.name = "exception"
                    event.attributes = [keyValue("exception.stacktrace") { $0.stringValue = "line 1\nline 2" }]
                    event.droppedAttributesCount = 1
                    span.events = [event]
                    span.droppedEventsCount = 4
                    var link = OTLPSpan.Link()
                    link.traceID = traceB
                    link.spanID = Data([9, 9, 9, 9, 9, 9, 9, 9])
                    link.traceState = "l=1"
                    link.attributes = [keyValue("link.kind") { $0.stringValue = "follows" }]
                    link.droppedAttributesCount = 5
                    link.flags = 0x301
                    span.links = [link]
                    span.droppedLinksCount = 6
                    span.status.code = spanNumber % 3 == 0 ? .error : .ok
                    span.status.message = spanNumber % 3 == 0 ? "boom" : ""
                    span.flags = 0x301
                    scopeSpans.spans.append(span)
                }
                resourceSpans.scopeSpans.append(scopeSpans)
            }
            request.resourceSpans.append(resourceSpans)
        }
        return request
    }

    /// The reference: the request re-encoded by swift-protobuf with only `trace`'s spans (and without the scopes
    /// and resources left empty).
    static func reference(_ request: ExportTraceServiceRequest, trace: Data) throws -> [UInt8] {
        var cut = request
        cut.resourceSpans = request.resourceSpans.compactMap { resourceSpans in
            var kept = resourceSpans
            kept.scopeSpans = resourceSpans.scopeSpans.compactMap { scopeSpans in
                var keptScope = scopeSpans
                keptScope.spans = scopeSpans.spans.filter { $0.traceID == trace }
                return keptScope.spans.isEmpty ? nil : keptScope
            }
            return kept.scopeSpans.isEmpty ? nil : kept
        }
        return try cut.serializedBytes()
    }

    /// OTLP/JSON as the SDKs write it: lowerCamelCase, ids in hex (swift-protobuf writes bytes in base64).
    static func otlpJSON(_ request: ExportTraceServiceRequest) throws -> String {
        let json = try request.jsonString()
        let idPattern = try NSRegularExpression(pattern: #""(traceId|spanId|parentSpanId)":"([^"]*)""#)
        var result = json
        for match in idPattern.matches(in: json, range: NSRange(json.startIndex..., in: json)).reversed() {
            let key = String(json[Range(match.range(at: 1), in: json)!])
            let base64 = String(json[Range(match.range(at: 2), in: json)!])
            let hex = Data(base64Encoded: base64)!.map { String(format: "%02x", $0) }.joined()
            result.replaceSubrange(Range(match.range, in: result)!, with: "\"\(key)\":\"\(hex)\"")
        }
        return result
    }

    static func send(_ body: ByteBuffer, contentType: String, to store: CorrelationStore) async throws {
        let router = Router()
        let ingest = SpanIngest(consumers: [store, SpanMetrics()], metrics: ReceiverMetrics(registry: SelfMetrics()))
        OTLPHTTPReceiver(spans: ingest, limits: BodyLimits(maxRequestBytes: 1 << 20, maxDecompressedBytes: 1 << 20))
            .addRoutes(to: router)
        try await Application(router: router).test(.router) { client in
            try await client.execute(uri: "/v1/traces", method: .post, headers: [.contentType: contentType], body: body) {
                #expect($0.status == .ok)
            }
        }
    }

    @Test("OTLP/HTTP protobuf: each trace comes out of the store byte-identical to the reference re-encoding")
    func protobufIsHeldByteForByte() async throws {
        let request = Self.everyFieldRequest()
        let store = CorrelationStore()
        try await Self.send(ByteBuffer(bytes: try request.serializedBytes() as [UInt8]), contentType: "application/x-protobuf", to: store)
        for trace in [Self.traceA, Self.traceB] {
            let id = try #require(trace.withUnsafeBytes { TraceID(bytes: $0) })
            let held = try #require(store.exportRequest(for: id))
            #expect(held == (try Self.reference(request, trace: trace)))
        }
    }

    @Test("OTLP/HTTP JSON: converted once, each trace comes out equal to the reference re-encoding")
    func jsonIsHeldAsItsProtobufEquivalent() async throws {
        let request = Self.everyFieldRequest()
        let store = CorrelationStore()
        try await Self.send(ByteBuffer(string: try Self.otlpJSON(request)), contentType: "application/json", to: store)
        for trace in [Self.traceA, Self.traceB] {
            let id = try #require(trace.withUnsafeBytes { TraceID(bytes: $0) })
            let held = try #require(store.exportRequest(for: id))
            #expect(held == (try Self.reference(request, trace: trace)))
        }
    }

    @Test("the API model of a held span has what OTLP carried: typed values, resource, scope, links, trace state")
    func queriesSeeEveryField() throws {
        let request = Self.everyFieldRequest()
        let store = CorrelationStore()
        let bytes: [UInt8] = try request.serializedBytes()
        store.insert(spans: try bytes.withUnsafeBytes { try SpanBatch(request: $0) })
        let id = try #require(Self.traceA.withUnsafeBytes { TraceID(bytes: $0) })
        let view = try #require(store.trace(id))
        #expect(view.spans.count == 8)
        let references = OTLPTraceDecoder.decode(request).spans
        for node in view.spans {
            #expect(node.span == references.first { $0.spanID == node.span.spanID })
        }
        let span = try #require(view.spans.first { $0.span.name == "op 1" }?.span)
        #expect(span.attributes.first { $0.key == "array" }?.value == .array([.string("ünïcödé ✓"), .int(.min)]))
        #expect(span.links.first?.traceID?.hexString == "65666768696a6b6c6d6e6f7071727374")
        #expect(span.scope?.version == "1.0.0")
        #expect(span.resourceAttributes.contains { $0.key == "bytes" && $0.value == .bytes([0, 1, 254, 255]) })
        #expect(span.traceState == "vendor=1,other=x")
        #expect(span.flags == 0x301)
        #expect(span.droppedLinksCount == 6)
    }
}
