import Foundation
import SwiftProtobuf
import Testing
import TraceLinkCore
import TraceLinkOTLP

@Suite struct ZipkinConversionTests {
    /// A trace in the shape of the Zipkin v2 API (zipkin2-api.yaml): a frontend calls the backend, which reports the
    /// server side of that call under the same span id (`shared`), then calls a database and fails.
    static let sharedTrace = #"""
        [
          {
            "traceId": "5af7183fb1d4cf5f6b221d5bc9e6496c",
            "id": "6b221d5bc9e6496c",
            "name": "get /api",
            "kind": "CLIENT",
            "timestamp": 1556604172355737,
            "duration": 1431,
            "localEndpoint": { "serviceName": "frontend", "ipv4": "192.168.99.1" },
            "remoteEndpoint": { "serviceName": "backend", "ipv4": "172.19.0.2", "port": 9000 },
            "annotations": [
              { "timestamp": 1556604172355800, "value": "ws" },
              { "timestamp": 1556604172357100, "value": "wr" }
            ],
            "tags": { "http.method": "GET", "http.path": "/api" }
          },
          {
            "traceId": "5af7183fb1d4cf5f6b221d5bc9e6496c",
            "id": "6b221d5bc9e6496c",
            "name": "get /api",
            "kind": "SERVER",
            "shared": true,
            "timestamp": 1556604172355900,
            "duration": 1200,
            "localEndpoint": { "serviceName": "backend", "ipv4": "172.19.0.2", "port": 9000 },
            "remoteEndpoint": { "ipv4": "192.168.99.1", "port": 58648 },
            "tags": { "http.method": "GET", "http.path": "/api", "http.status_code": "500" },
            "debug": true
          },
          {
            "traceId": "5af7183fb1d4cf5f6b221d5bc9e6496c",
            "parentId": "6b221d5bc9e6496c",
            "id": "352bff9a74ca9ad2",
            "name": "query",
            "kind": "CLIENT",
            "timestamp": 1556604172356000,
            "duration": 900,
            "localEndpoint": { "serviceName": "backend", "ipv4": "172.19.0.2" },
            "remoteEndpoint": { "serviceName": "postgres", "ipv6": "2001:DB8:0:0:0:0:0:1", "port": 5432 },
            "tags": { "error": "connection refused", "sql.query": "select 1" }
          }
        ]
        """#

    static func convert(_ json: String) throws -> [UInt8] {
        try Array(json.utf8).withUnsafeBytes { try ZipkinConversion.traceRequest(json: $0) }
    }

    static func request(_ json: String) throws -> ExportTraceServiceRequest {
        try ExportTraceServiceRequest(serializedBytes: convert(json))
    }

    static func attributes(_ keyValues: [OTLPKeyValue]) -> [String: OTLPAnyValue.OneOf_Value] {
        Dictionary(keyValues.map { ($0.key, $0.value.value!) }, uniquingKeysWith: { $1 })
    }

    static func hex(_ data: Data) -> String { data.map { String(format: "%02x", $0) }.joined() }

    @Test func groupsSpansIntoOneResourcePerServiceInCollectorOrder() throws {
        let request = try Self.request(Self.sharedTrace)
        #expect(request.resourceSpans.count == 2)
        // The collector orders resources by service name: backend before frontend.
        let services = request.resourceSpans.map { Self.attributes($0.resource.attributes)["service.name"] }
        #expect(services == [.stringValue("backend"), .stringValue("frontend")])
        #expect(request.resourceSpans.map { $0.resource.attributes.count } == [1, 1])
        let backend = request.resourceSpans[0].scopeSpans
        #expect(backend.count == 1)
        #expect(!backend[0].hasScope)
        #expect(backend[0].spans.map(\.name) == ["get /api", "query"])  // in the order sent
        #expect(request.resourceSpans[1].scopeSpans[0].spans.map(\.name) == ["get /api"])
    }

    @Test("the SDK exporters' {\"name\": {attributes}} annotation is read back as that event, Java's form too")
    func sdkEncodedEvents() throws {
        let json = #"""
            [{"traceId":"5af7183fb1d4cf5f5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","name":"pay","timestamp":1556604172355737,
              "duration":10,"localEndpoint":{"serviceName":"orders"},"annotations":[
                {"timestamp":1556604172355740,"value":"{\"exception\": {\"exception.type\": \"RuntimeError\", \"exception.escaped\": \"False\", \"n\": 3}}"},
                {"timestamp":1556604172355741,"value":"\"retry\":{\"attempt\":2}"},
                {"timestamp":1556604172355742,"value":"{\"a\": 1}"}]}]
            """#
        let request = try ExportTraceServiceRequest(serializedBytes: try Self.convert(json))
        let events = request.resourceSpans[0].scopeSpans[0].spans[0].events
        #expect(events.map(\.name) == ["exception", "retry", #"{"a": 1}"#])
        #expect(events[0].attributes.map(\.key) == ["exception.escaped", "exception.type", "n"])
        #expect(events[0].attributes[1].value.stringValue == "RuntimeError")
        #expect(events[0].attributes[2].value.intValue == 3)
        #expect(events[1].attributes.first?.value.intValue == 2)
    }

    @Test func keepsBothHalvesOfASharedSpan() throws {
        let request = try Self.request(Self.sharedTrace)
        let server = request.resourceSpans[0].scopeSpans[0].spans[0]
        let client = request.resourceSpans[1].scopeSpans[0].spans[0]
        #expect(server.spanID == client.spanID)
        #expect(Self.hex(server.spanID) == "6b221d5bc9e6496c")
        #expect(Self.hex(server.traceID) == "5af7183fb1d4cf5f6b221d5bc9e6496c")
        #expect(server.kind == .server)
        #expect(client.kind == .client)
        #expect(server.parentSpanID.isEmpty && client.parentSpanID.isEmpty)
        #expect(server.startTimeUnixNano == 1_556_604_172_355_900_000)
        #expect(server.endTimeUnixNano == 1_556_604_172_357_100_000)
        #expect(client.startTimeUnixNano == 1_556_604_172_355_737_000)
        #expect(client.endTimeUnixNano == 1_556_604_172_357_168_000)
        #expect(!server.hasStatus || server.status.code == .unset)
    }

    @Test func mapsEndpointsTagsAndAnnotations() throws {
        let request = try Self.request(Self.sharedTrace)
        let client = request.resourceSpans[1].scopeSpans[0].spans[0]
        #expect(
            Self.attributes(client.attributes) == [
                "http.method": .stringValue("GET"), "http.path": .stringValue("/api"),
                "net.host.ip": .stringValue("192.168.99.1"), "peer.service": .stringValue("backend"),
                "net.peer.ip": .stringValue("172.19.0.2"), "net.peer.port": .intValue(9000),
            ])
        // Tags sorted by key, then the endpoint attributes in the collector's order.
        #expect(
            client.attributes.map(\.key) == [
                "http.method", "http.path", "net.host.ip", "peer.service", "net.peer.ip", "net.peer.port",
            ])
        #expect(client.events.map(\.name) == ["ws", "wr"])
        #expect(client.events.map(\.timeUnixNano) == [1_556_604_172_355_800_000, 1_556_604_172_357_100_000])
        #expect(client.events.allSatisfy { $0.attributes.isEmpty })

        let server = request.resourceSpans[0].scopeSpans[0].spans[0]
        #expect(Self.attributes(server.attributes)["net.host.port"] == .intValue(9000))
        #expect(Self.attributes(server.attributes)["net.peer.port"] == .intValue(58648))
        #expect(Self.attributes(server.attributes)["peer.service"] == nil)
        #expect(Self.attributes(server.attributes)["http.status_code"] == .stringValue("500"))  // strings stay strings
    }

    @Test func errorTagMakesTheStatusAnError() throws {
        let request = try Self.request(Self.sharedTrace)
        let query = request.resourceSpans[0].scopeSpans[0].spans[1]
        #expect(Self.hex(query.parentSpanID) == "6b221d5bc9e6496c")
        #expect(query.status.code == .error)
        #expect(query.status.message == "connection refused")
        #expect(Self.attributes(query.attributes)["error"] == .stringValue("connection refused"))
        #expect(Self.attributes(query.attributes)["net.peer.ip"] == .stringValue("2001:db8::1"))  // as Go prints it
        #expect(Self.attributes(query.attributes)["peer.service"] == .stringValue("postgres"))
    }

    @Test func shortIdsArePaddedWithZeros() throws {
        let request = try Self.request(
            #"[{"traceId":"463ac35c9f6413ad","id":"1","parentId":"00000000000000a","name":"x","timestamp":1,"duration":2}]"#
        )
        let span = request.resourceSpans[0].scopeSpans[0].spans[0]
        #expect(Self.hex(span.traceID) == "0000000000000000463ac35c9f6413ad")
        #expect(span.traceID.count == 16)
        #expect(Self.hex(span.spanID) == "0000000000000001")
        #expect(Self.hex(span.parentSpanID) == "000000000000000a")
        #expect(span.startTimeUnixNano == 1000 && span.endTimeUnixNano == 3000)
        // No local service: the collector leaves the resource empty.
        #expect(request.resourceSpans[0].resource.attributes.isEmpty)
        #expect(span.kind == .unspecified)
    }

    @Test func upperCaseHexAndSelfParentAsTheCollectorReadsThem() throws {
        let request = try Self.request(
            #"[{"traceId":"5AF7183FB1D4CF5F6B221D5BC9E6496C","id":"ABCDEF0123456789","parentId":"abcdef0123456789"}]"#)
        let span = request.resourceSpans[0].scopeSpans[0].spans[0]
        #expect(Self.hex(span.traceID) == "5af7183fb1d4cf5f6b221d5bc9e6496c")
        #expect(Self.hex(span.spanID) == "abcdef0123456789")
        #expect(span.parentSpanID.isEmpty)  // a span is not its own parent
    }

    @Test(
        arguments: [
            ("PRODUCER", nil, Opentelemetry_Proto_Trace_V1_Span.SpanKind.producer),
            ("CONSUMER", nil, .consumer),
            ("SERVER", nil, .server),
            ("CLIENT", "internal", .client),
            (nil, "internal", .internal),
            (nil, "server", .unspecified),
            (nil, nil, .unspecified),
            ("client", nil, .unspecified),  // kinds are upper case; anything else is not a kind
        ] as [(String?, String?, Opentelemetry_Proto_Trace_V1_Span.SpanKind)])
    func kinds(kind: String?, spanKindTag: String?, expected: Opentelemetry_Proto_Trace_V1_Span.SpanKind) throws {
        let kindField = kind.map { #","kind":"\#($0)""# } ?? ""
        let tags = spanKindTag.map { #","tags":{"span.kind":"\#($0)"}"# } ?? ""
        let span = try Self.request(#"[{"traceId":"1","id":"2"\#(kindField)\#(tags)}]"#).resourceSpans[0].scopeSpans[0]
            .spans[0]
        #expect(span.kind == expected)
        // The tag is read only when there is no kind, and then consumed.
        let tagKept = Self.attributes(span.attributes)["span.kind"] != nil
        #expect(tagKept == (spanKindTag != nil && kind == "CLIENT"))
    }

    @Test func statusTags() throws {
        let json = #"""
            [
              {"traceId":"1","id":"1","timestamp":1,"tags":{"otel.status_code":"STATUS_CODE_OK","otel.status_description":"fine"}},
              {"traceId":"1","id":"2","timestamp":1,"tags":{"otel.status_code":"Error","otel.status_description":"timeout","error":"x"}},
              {"traceId":"1","id":"3","timestamp":1,"tags":{"error":"true"}},
              {"traceId":"1","id":"4","timestamp":1,"tags":{"error":""}},
              {"traceId":"1","id":"5","timestamp":1,"tags":{"otel.status_description":"alone"}}
            ]
            """#
        let spans = try Self.request(json).resourceSpans[0].scopeSpans[0].spans
        #expect(spans.map(\.status.code) == [.ok, .error, .error, .error, .unset])
        #expect(spans.map(\.status.message) == ["fine", "timeout", "", "", ""])
        #expect(spans.map { $0.attributes.map(\.key) } == [[], ["error"], [], ["error"], ["otel.status_description"]])
    }

    @Test func scopeAndResourceTags() throws {
        let json = #"""
            [
              {"traceId":"1","id":"1","timestamp":1,"localEndpoint":{"serviceName":"svc"},
               "tags":{"otel.scope.name":"io.lib","otel.scope.version":"1.2","host.name":"other","w3c.tracestate":"a=b"}},
              {"traceId":"1","id":"2","timestamp":1,"localEndpoint":{"serviceName":"svc"},"tags":{"otel.library.name":"io.lib","host.name":"other"}},
              {"traceId":"1","id":"3","timestamp":1,"localEndpoint":{"serviceName":"svc"},"tags":{"host.name":"box","service.version":"7"}},
              {"traceId":"1","id":"4","timestamp":1,"localEndpoint":{"serviceName":"svc2"},"tags":{"otlp.service.name.source":"my.name"}}
            ]
            """#
        let request = try Self.request(json)
        #expect(request.resourceSpans.count == 2)
        let svc = request.resourceSpans[0]
        // The resource takes the resource tags of the group's first span (after sorting); the others' are dropped,
        // as by the collector.
        #expect(
            Self.attributes(svc.resource.attributes) == [
                "service.name": .stringValue("svc"), "host.name": .stringValue("box"),
                "service.version": .stringValue("7"),
            ])
        // Scopes sort before no scope ("" < "io.lib" byte-wise): the unscoped span comes first.
        #expect(svc.scopeSpans.map(\.scope.name) == ["", "io.lib"])
        #expect(
            svc.scopeSpans.map { $0.spans.map { Self.hex($0.spanID) } } == [
                ["0000000000000003"], ["0000000000000001", "0000000000000002"],
            ])
        #expect(svc.scopeSpans[1].scope.version == "1.2")
        let first = svc.scopeSpans[1].spans[0]
        #expect(first.traceState == "a=b")
        #expect(first.attributes.isEmpty)
        #expect(svc.scopeSpans[1].spans[1].attributes.isEmpty)
        #expect(svc.scopeSpans[0].spans[0].attributes.isEmpty)
        #expect(Self.attributes(request.resourceSpans[1].resource.attributes) == ["my.name": .stringValue("svc2")])
    }

    @Test func missingTimestampStartsAtZeroAndSaysSo() throws {
        let span = try Self.request(#"[{"traceId":"1","id":"1","duration":5}]"#).resourceSpans[0].scopeSpans[0].spans[0]
        #expect(span.startTimeUnixNano == 0)
        #expect(span.endTimeUnixNano == 5000)
        #expect(Self.attributes(span.attributes)["otel.zipkin.absentField.startTime"] == .boolValue(true))
    }

    @Test func exporterEncodedAnnotationsAndLinks() throws {
        let json = #"""
            [{"traceId":"1","id":"1","timestamp":1,
              "annotations":[
                {"timestamp":10,"value":"retry|{\"attempt\":2,\"ratio\":0.5,\"final\":false,\"why\":\"a|b\"}|3"},
                {"timestamp":11,"value":"GET /a|b"},
                {"timestamp":12,"value":"x|not json|1"}
              ],
              "tags":{
                "otlp.link.0":"0af7651916cd43dd8448eb211c80319c|b7ad6b7169203331|k=v|{\"n\":1}|0",
                "otlp.link.1":"too|few",
                "otlp.link.3":"skipped: not contiguous"
              }}]
            """#
        let span = try Self.request(json).resourceSpans[0].scopeSpans[0].spans[0]
        #expect(span.events.map(\.name) == ["retry", "GET /a|b", "x|not json|1"])
        #expect(
            Self.attributes(span.events[0].attributes) == [
                "attempt": .intValue(2), "ratio": .doubleValue(0.5), "final": .boolValue(false),
                "why": .stringValue("a|b"),
            ])
        #expect(span.events[0].droppedAttributesCount == 3)
        #expect(span.links.count == 1)
        #expect(Self.hex(span.links[0].traceID) == "0af7651916cd43dd8448eb211c80319c")
        #expect(Self.hex(span.links[0].spanID) == "b7ad6b7169203331")
        #expect(span.links[0].traceState == "k=v")
        #expect(Self.attributes(span.links[0].attributes) == ["n": .intValue(1)])
        #expect(span.attributes.map(\.key) == ["otlp.link.3"])
    }

    @Test func emptyListsAndNullSpans() throws {
        #expect(try Self.convert("[]").isEmpty)
        #expect(try Self.convert("null").isEmpty)
        #expect(try Self.request(#"[null, {"traceId":"1","id":"1"}]"#).resourceSpans[0].scopeSpans[0].spans.count == 1)
    }

    @Test(arguments: [
        ("", "empty body"),
        ("{}", "an object, not a list"),
        (#""spans""#, "a string, not a list"),
        ("[{", "truncated JSON"),
        (#"[{"id":"1"}]"#, "missing traceId"),
        (#"[{"traceId":"","id":"1"}]"#, "empty traceId"),
        (#"[{"traceId":"1"}]"#, "missing id"),
        (#"[{"traceId":"1","id":"0000000000000000"}]"#, "zero span id"),
        (#"[{"traceId":"xyz","id":"1"}]"#, "traceId not hex"),
        (#"[{"traceId":"0x1","id":"1"}]"#, "traceId with a prefix"),
        (#"[{"traceId":"15af7183fb1d4cf5f6b221d5bc9e6496c","id":"1"}]"#, "traceId of 33 digits"),
        (#"[{"traceId":"1","id":"12345678901234567"}]"#, "id of 17 digits"),
        (#"[{"traceId":"1","id":"1","parentId":"g"}]"#, "parentId not hex"),
        (#"[{"traceId":1,"id":"1"}]"#, "traceId a number"),
        (#"[{"traceId":"1","id":"1","tags":{"http.status_code":200}}]"#, "tag value a number"),
        (#"[{"traceId":"1","id":"1","timestamp":-1}]"#, "negative timestamp"),
        (#"[{"traceId":"1","id":"1","timestamp":18446744073709552}]"#, "timestamp past 2554"),
        (#"[{"traceId":"1","id":"1","localEndpoint":{"ipv4":"300.1.1.1"}}]"#, "bad IPv4"),
        (#"[{"traceId":"1","id":"1","remoteEndpoint":{"ipv6":"::g"}}]"#, "bad IPv6"),
        (#"[{"traceId":"1","id":"1","remoteEndpoint":{"port":70000}}]"#, "port out of range"),
        (#"[{"traceId":"1","id":"1","annotations":[{"value":"ws"}]}]"#, "annotation without timestamp"),
        (#"[{"traceId":"1","id":"1","tags":{"otlp.link.0":"zz|1||{}|0"}}]"#, "link with a bad id"),
    ])
    func refusesInvalidInput(json: String, why: String) {
        #expect(throws: OTLPDecodingError.self, "\(why)") { try Self.convert(json) }
    }

    @Test func errorMessagesSayWhere() {
        func message(_ json: String) -> String {
            do {
                _ = try Self.convert(json)
                return ""
            } catch {
                return "\(error)"
            }
        }
        #expect(message("{}").contains("JSON array"))
        #expect(message(#"[{"traceId":"1","id":"1"},{"id":"1"}]"#).contains("index 1: traceId is required"))
        #expect(message(#"[{"traceId":"1","id":"zz"}]"#).contains(#"id "zz" is not hexadecimal"#))
        #expect(message(#"[{"traceId":"1","id":"1","tags":{"a":1}}]"#).contains("[0].tags.a"))
    }

    @Test func tracelinksReaderAcceptsTheResult() throws {
        let bytes = try Self.convert(Self.sharedTrace)
        let batch = try bytes.withUnsafeBytes { try SpanBatch(request: $0) }
        #expect(batch.count == 3)
        #expect(batch.refused == 0)
        let spans = batch.decodedSpans
        #expect(spans.map(\.service) == ["backend", "backend", "frontend"])
        #expect(spans.map(\.kind) == [.server, .client, .client])
        #expect(spans[0].spanID == spans[2].spanID)
        #expect(spans[1].parentSpanID == spans[0].spanID)
        #expect(spans[1].status == .error)
        #expect(spans[1].statusMessage == "connection refused")
        #expect(spans[2].events.map(\.name) == ["ws", "wr"])
        #expect(spans[2].traceID.hexString == "5af7183fb1d4cf5f6b221d5bc9e6496c")
    }

    @Test func allZeroTraceIdIsLeftForTheReaderToRefuse() throws {
        let bytes = try Self.convert(#"[{"traceId":"0","id":"1"},{"traceId":"463ac35c9f6413ad","id":"2"}]"#)
        let batch = try bytes.withUnsafeBytes { try SpanBatch(request: $0) }
        #expect(batch.count == 1)
        #expect(batch.refused == 1)
        #expect(batch.decodedSpans.map(\.service) == ["unknown_service"])
    }
}

/// Zipkin's protobuf encoding gives the same OTLP request as the same spans in JSON.
@Suite struct ZipkinProtobufTests {
    /// The documented shared-span payload as `ListOfSpans` (zipkin2 proto3), written field by field.
    static func listOfSpans() -> [UInt8] {
        func endpoint(_ service: String, ipv4: [UInt8], port: UInt64) -> (inout ProtobufWriter) -> Void {
            { writer in
                writer.stringField(1, service)
                writer.bytesField(2, ipv4)
                writer.varintField(4, port)
            }
        }
        func hexBytes(_ hex: String) -> [UInt8] {
            stride(from: 0, to: hex.count, by: 2).map { UInt8(hex.dropFirst($0).prefix(2), radix: 16)! }
        }
        var list = ProtobufWriter()
        list.messageField(1) { span in
            span.bytesField(1, hexBytes("5af7183fb1d4cf5f5af7183fb1d4cf5f"))
            span.bytesField(2, hexBytes("6b221d5bc9e6496c"))
            span.bytesField(3, hexBytes("352bff9a74ca9ad2"))
            span.varintField(4, 1)
            span.stringField(5, "get /api")
            span.fixed64Field(6, 1_556_604_172_355_737)
            span.varintField(7, 1431)
            span.messageField(8, endpoint("frontend", ipv4: [192, 168, 99, 1], port: 3306))
            span.messageField(9, endpoint("backend", ipv4: [172, 19, 0, 2], port: 58648))
            span.messageField(11) { entry in
                entry.stringField(1, "http.method")
                entry.stringField(2, "GET")
            }
        }
        list.messageField(1) { span in
            span.bytesField(1, hexBytes("5af7183fb1d4cf5f5af7183fb1d4cf5f"))
            span.bytesField(2, hexBytes("6b221d5bc9e6496c"))
            span.bytesField(3, hexBytes("352bff9a74ca9ad2"))
            span.varintField(4, 2)
            span.stringField(5, "get /api")
            span.fixed64Field(6, 1_556_604_172_355_800)
            span.varintField(7, 1300)
            span.messageField(8, endpoint("backend", ipv4: [172, 19, 0, 2], port: 8080))
            span.messageField(10) { annotation in
                annotation.fixed64Field(1, 1_556_604_172_356_000)
                annotation.stringField(2, "wr")
            }
            span.messageField(11) { entry in
                entry.stringField(1, "error")
                entry.stringField(2, "upstream timeout")
            }
            span.varintField(13, 1)
        }
        return list.bytes
    }

    static let json = #"""
        [{"traceId":"5af7183fb1d4cf5f5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","parentId":"6b221d5bc9e6496c",
          "name":"get /api","kind":"CLIENT","timestamp":1556604172355737,"duration":1431,
          "localEndpoint":{"serviceName":"frontend","ipv4":"192.168.99.1","port":3306},
          "remoteEndpoint":{"serviceName":"backend","ipv4":"172.19.0.2","port":58648},"tags":{"http.method":"GET"}},
         {"traceId":"5af7183fb1d4cf5f5af7183fb1d4cf5f","id":"352bff9a74ca9ad2","parentId":"6b221d5bc9e6496c",
          "name":"get /api","kind":"SERVER","shared":true,"timestamp":1556604172355800,"duration":1300,
          "localEndpoint":{"serviceName":"backend","ipv4":"172.19.0.2","port":8080},
          "annotations":[{"timestamp":1556604172356000,"value":"wr"}],"tags":{"error":"upstream timeout"}}]
        """#

    @Test("a ListOfSpans converts to the same OTLP request as the same spans in JSON")
    func sameAsJSON() throws {
        let fromProtobuf = try Self.listOfSpans().withUnsafeBytes { try ZipkinConversion.traceRequest(protobuf: $0) }
        let fromJSON = try Array(Self.json.utf8).withUnsafeBytes { try ZipkinConversion.traceRequest(json: $0) }
        #expect(fromProtobuf == fromJSON)
        let batch = try fromProtobuf.withUnsafeBytes { try SpanBatch(request: $0) }
        #expect(batch.decodedSpans.map(\.kind) == [.server, .client] || batch.decodedSpans.map(\.kind) == [.client, .server])
    }

    @Test("malformed protobuf is refused", arguments: [[0x0A, 0x05, 0x0A], [0x0A, 0x02, 0x22, 0x01], [0x0A, 0x04, 0x42, 0x02, 0x12, 0x01]])
    func malformed(bytes: [UInt8]) {
        #expect(throws: OTLPDecodingError.self) { try bytes.withUnsafeBytes { try ZipkinConversion.traceRequest(protobuf: $0) } }
    }
}
