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
        #expect(throws: OTLPDecodingError.self) {
            try OTLPTraceDecoder.decode(protobuf: Array(bytes.prefix(bytes.count - 5)))
        }
    }

    @Test func jsonDecodesTheSameSpansAsProtobuf() throws {
        let request = Self.request()
        // swift-protobuf writes bytes as base64; OTLP/JSON wants hex ids, as the spec and SDKs write them.
        var json = try request.jsonString()
        for span in request.resourceSpans[0].scopeSpans[0].spans {
            for id in [span.traceID, span.spanID, span.parentSpanID] where !id.isEmpty {
                json = json.replacing(
                    "\"\(id.base64EncodedString())\"", with: "\"\(id.map { String(format: "%02X", $0) }.joined())\"")
            }
        }
        let converted = try Array(json.utf8).withUnsafeBytes { try OTLPJSONConversion.traceRequest(json: $0) }
        let fromJSON = try converted.withUnsafeBytes { try SpanBatch(request: $0) }
        let fromProtobuf = try OTLPTraceDecoder.decode(protobuf: try request.serializedBytes() as [UInt8])
        #expect(fromJSON.decodedSpans == fromProtobuf.spans)
    }

    @Test(arguments: ["{", "[]", #"{"resourceSpans": 5}"#, #"{"resourceSpans": [7]}"#])
    func malformedJSONIsAnError(text: String) {
        #expect(throws: OTLPDecodingError.self) {
            try Array(text.utf8).withUnsafeBytes { try OTLPJSONConversion.traceRequest(json: $0) }
        }
    }
}

@Suite struct OTLPTraceReaderTests {
    /// A request with the shapes the SDKs send: several resources, scopes, attributes of every type, events.
    static func richRequest(seed: UInt64) -> ExportTraceServiceRequest {
        var generator = SplitMix(seed: seed)
        var request = ExportTraceServiceRequest()
        for resourceIndex in 0..<Int(generator.next() % 3 + 1) {
            var resourceSpans = Opentelemetry_Proto_Trace_V1_ResourceSpans()
            var service = OTLPKeyValue()
            service.key = "service.name"
            service.value.stringValue = "svc-\(resourceIndex)-é"
            var host = OTLPKeyValue()
            host.key = "host.name"
            host.value.stringValue = "h"
            resourceSpans.resource.attributes = resourceIndex == 2 ? [host] : [host, service]
            for _ in 0..<Int(generator.next() % 3 + 1) {
                var scope = Opentelemetry_Proto_Trace_V1_ScopeSpans()
                scope.scope.name = "lib"
                for spanIndex in 0..<Int(generator.next() % 20) {
                    var span = OTLPSpan()
                    span.traceID = Data((0..<16).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
                    span.spanID = Data((0..<8).map { _ in UInt8(truncatingIfNeeded: generator.next() | 1) })
                    if spanIndex % 2 == 1 {
                        span.parentSpanID = Data((0..<8).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
                    }
                    span.name = "op \(generator.next() % 100)"
                    span.kind = OTLPSpan.SpanKind(rawValue: Int(generator.next() % 6)) ?? .server
                    span.startTimeUnixNano = generator.next() >> 4
                    span.endTimeUnixNano = span.startTimeUnixNano + generator.next() % 10_000_000_000
                    span.status.code =
                        Opentelemetry_Proto_Trace_V1_Status.StatusCode(rawValue: Int(generator.next() % 3)) ?? .unset
                    span.status.message = spanIndex % 3 == 0 ? "boom" : ""
                    span.traceState = "k=v"
                    span.flags = 0x101
                    var values: [OTLPAnyValue] = []
                    var text = OTLPAnyValue()
                    text.stringValue = "GET /x"
                    values.append(text)
                    var flag = OTLPAnyValue()
                    flag.boolValue = true
                    values.append(flag)
                    var number = OTLPAnyValue()
                    number.intValue = -42
                    values.append(number)
                    var real = OTLPAnyValue()
                    real.doubleValue = 2.5
                    values.append(real)
                    var bytes = OTLPAnyValue()
                    bytes.bytesValue = Data([1, 2, 3, 4])
                    values.append(bytes)
                    var array = OTLPAnyValue()
                    array.arrayValue.values = [text, number]
                    values.append(array)
                    var list = OTLPAnyValue()
                    var inner = OTLPKeyValue()
                    inner.key = "a"
                    inner.value = number
                    list.kvlistValue.values = [inner]
                    values.append(list)
                    span.attributes = values.enumerated().map { index, value in
                        var keyValue = OTLPKeyValue()
                        keyValue.key = "attr.\(index)"
                        keyValue.value = value
                        return keyValue
                    }
                    // Strings the reader's cache handles (16-128 bytes): repeated, or differing in one byte or in
                    // length only.
                    for _ in 0..<4 {
                        var url = OTLPKeyValue()
                        url.key = "url.full.\(String(repeating: "k", count: Int(generator.next() % 3) * 7))"
                        let path = String(repeating: "x", count: Int(generator.next() % 90))
                        url.value.stringValue = "https://shop.example.com/\(path)\(generator.next() % 4)"
                        span.attributes.append(url)
                    }
                    var event = Opentelemetry_Proto_Trace_V1_Span.Event()
                    event.name = "exception"
                    event.timeUnixNano = span.startTimeUnixNano + 5
                    var stack = OTLPKeyValue()
                    stack.key = "exception.stacktrace"
                    stack.value.stringValue = "line 1\nline 2"
                    event.attributes = [stack]
                    span.events = [event]
                    if spanIndex == 3 { span.traceID = Data(count: 16) }
                    if spanIndex == 5 { span.spanID = Data([1]) }
                    scope.spans.append(span)
                }
                resourceSpans.scopeSpans.append(scope)
            }
            request.resourceSpans.append(resourceSpans)
        }
        return request
    }

    @Test(arguments: 0..<40)
    func fastReaderMatchesTheReferenceDecoder(seed: Int) throws {
        let bytes: [UInt8] = try Self.richRequest(seed: UInt64(seed)).serializedBytes()
        let reference = try OTLPTraceDecoder.decode(protobuf: bytes)
        let fast = try bytes.withUnsafeBytes { try SpanBatch(request: $0) }
        #expect(fast.decodedSpans == reference.spans)
        #expect(fast.refused == reference.rejected)
        #expect(fast.refusalMessage == reference.rejectionMessage)
    }

    @Test func everyTruncationIsAnErrorOrAPrefixNeverACrash() throws {
        let bytes: [UInt8] = try Self.richRequest(seed: 7).serializedBytes()
        var errors = 0
        for length in stride(from: 0, to: bytes.count, by: max(1, bytes.count / 500)) {
            let prefix = Array(bytes.prefix(length))
            do {
                _ = try prefix.withUnsafeBytes { try SpanBatch(request: $0) }
            } catch {
                errors += 1
            }
        }
        #expect(errors > 0)
    }

    @Test func randomBytesNeverCrash() {
        var generator = SplitMix(seed: 99)
        for _ in 0..<2000 {
            let bytes = (0..<Int(generator.next() % 200)).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            _ = try? bytes.withUnsafeBytes { try SpanBatch(request: $0) }
        }
    }
}

/// A small deterministic generator, so failures reproduce.
struct SplitMix: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
