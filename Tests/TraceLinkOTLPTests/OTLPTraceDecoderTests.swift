import Foundation
import SwiftProtobuf
import Testing
import TraceLinkCore
import TraceLinkOTLP

@Suite struct OTLPTraceDecoderTests {
    static func request(traceID: [UInt8] = Array(1...16), spanCount: Int = 3) -> ExportTraceServiceRequest {
        var request = ExportTraceServiceRequest()
        var resourceSpans = Opentelemetry_Proto_Trace_V1_ResourceSpans()
        var service = OTLPKeyValue()
        service.key = "service.name"
        service.value.stringValue = "checkout"
        resourceSpans.resource.attributes = [service]
        var scope = Opentelemetry_Proto_Trace_V1_ScopeSpans()
        for index in 0..<spanCount {
            var span = OTLPSpan()
            span.traceID = Data(traceID)
            span.spanID = Data([0, 0, 0, 0, 0, 0, 0, UInt8(index + 1)])
            if index > 0 { span.parentSpanID = Data([0, 0, 0, 0, 0, 0, 0, 1]) }
            span.name = "op-\(index)"
            span.kind = .client
            span.startTimeUnixNano = 1_000
            span.endTimeUnixNano = 5_000_000
            span.status.code = index == 2 ? .error : .unset
            var attribute = OTLPKeyValue()
            attribute.key = "http.status_code"
            attribute.value.intValue = 500
            span.attributes = [attribute]
            var event = Opentelemetry_Proto_Trace_V1_Span.Event()
            event.name = "exception"
            span.events = [event]
            scope.spans.append(span)
        }
        resourceSpans.scopeSpans = [scope]
        request.resourceSpans = [resourceSpans]
        return request
    }

    @Test func decodesProtobufIntoSpans() throws {
        let bytes: [UInt8] = try Self.request().serializedBytes()
        let decoded = try OTLPTraceDecoder.decode(protobuf: bytes)
        #expect(decoded.rejected == 0)
        #expect(decoded.spans.count == 3)
        let span = decoded.spans[2]
        #expect(span.service == "checkout")
        #expect(span.name == "op-2")
        #expect(span.kind == .client)
        #expect(span.status == .error)
        #expect(span.durationNanos == 4_999_000)
        #expect(span.traceID.hexString == "0102030405060708090a0b0c0d0e0f10")
        #expect(span.parentSpanID == SpanID(1))
        #expect(span.attributes == [Attribute(key: "http.status_code", value: .int(500))])
        #expect(span.events.map(\.name) == ["exception"])
    }

    @Test func invalidTraceIDsAreRejectedOneByOne() throws {
        var request = Self.request()
        request.resourceSpans[0].scopeSpans[0].spans[1].traceID = Data(count: 16)
        request.resourceSpans[0].scopeSpans[0].spans[2].traceID = Data([1, 2, 3])
        let decoded = try OTLPTraceDecoder.decode(protobuf: try request.serializedBytes() as [UInt8])
        #expect(decoded.spans.count == 1)
        #expect(decoded.rejected == 2)
        #expect(decoded.rejectionMessage.contains("trace_id"))
    }

    @Test func truncatedProtobufIsAnError() throws {
        let bytes: [UInt8] = try Self.request().serializedBytes()
        #expect(throws: OTLPDecodingError.self) { try OTLPTraceDecoder.decode(protobuf: Array(bytes.prefix(bytes.count - 5))) }
    }

    @Test func jsonDecodesTheSameSpansAsProtobuf() throws {
        let request = Self.request()
        // swift-protobuf writes bytes as base64; OTLP/JSON wants hex ids, as the spec and SDKs write them.
        var json = try request.jsonString()
        for span in request.resourceSpans[0].scopeSpans[0].spans {
            for id in [span.traceID, span.spanID, span.parentSpanID] where !id.isEmpty {
                json = json.replacing("\"\(id.base64EncodedString())\"", with: "\"\(id.map { String(format: "%02X", $0) }.joined())\"")
            }
        }
        let fromJSON = try OTLPJSONTraceDecoder.decode(json: Array(json.utf8))
        let fromProtobuf = try OTLPTraceDecoder.decode(protobuf: try request.serializedBytes() as [UInt8])
        #expect(fromJSON.spans == fromProtobuf.spans)
    }

    @Test(arguments: ["{", "[]", #"{"resourceSpans": 5}"#, #"{"resourceSpans": [7]}"#])
    func malformedJSONIsAnError(text: String) {
        #expect(throws: OTLPDecodingError.self) { try OTLPJSONTraceDecoder.decode(json: Array(text.utf8)) }
    }
}
