import Foundation
import SwiftProtobuf
import Testing
import TraceLinkCore
import TraceLinkOTLP

@Suite struct OTLPJSONConversionTests {
    /// `examples/trace.json` of opentelemetry-proto v1.11.0, verbatim.
    static let traceExample = #"""
        {
          "resourceSpans": [
            {
              "resource": {
                "attributes": [
                  {
                    "key": "service.name",
                    "value": {
                      "stringValue": "my.service"
                    }
                  }
                ]
              },
              "scopeSpans": [
                {
                  "scope": {
                    "name": "my.library",
                    "version": "1.0.0",
                    "attributes": [
                      {
                        "key": "my.scope.attribute",
                        "value": {
                          "stringValue": "some scope attribute"
                        }
                      }
                    ]
                  },
                  "spans": [
                    {
                      "traceId": "5B8EFFF798038103D269B633813FC60C",
                      "spanId": "EEE19B7EC3C1B174",
                      "parentSpanId": "EEE19B7EC3C1B173",
                      "name": "I'm a server span",
                      "startTimeUnixNano": "1544712660000000000",
                      "endTimeUnixNano": "1544712661000000000",
                      "kind": 2,
                      "attributes": [
                        {
                          "key": "my.span.attr",
                          "value": {
                            "stringValue": "some value"
                          }
                        }
                      ]
                    }
                  ]
                }
              ]
            }
          ]
        }
        """#

    /// `examples/logs.json` of opentelemetry-proto v1.11.0, verbatim.
    static let logsExample = #"""
        {
          "resourceLogs": [
            {
              "resource": {
                "attributes": [
                  {
                    "key": "service.name",
                    "value": {
                      "stringValue": "my.service"
                    }
                  }
                ]
              },
              "scopeLogs": [
                {
                  "scope": {
                    "name": "my.library",
                    "version": "1.0.0",
                    "attributes": [
                      {
                        "key": "my.scope.attribute",
                        "value": {
                          "stringValue": "some scope attribute"
                        }
                      }
                    ]
                  },
                  "logRecords": [
                    {
                      "timeUnixNano": "1544712660300000000",
                      "observedTimeUnixNano": "1544712660300000000",
                      "severityNumber": 10,
                      "severityText": "Information",
                      "traceId": "5B8EFFF798038103D269B633813FC60C",
                      "spanId": "EEE19B7EC3C1B174",
                      "body": {
                        "stringValue": "Example log record"
                      },
                      "attributes": [
                        {
                          "key": "string.attribute",
                          "value": {
                            "stringValue": "some string"
                          }
                        },
                        {
                          "key": "boolean.attribute",
                          "value": {
                            "boolValue": true
                          }
                        },
                        {
                          "key": "int.attribute",
                          "value": {
                            "intValue": "10"
                          }
                        },
                        {
                          "key": "double.attribute",
                          "value": {
                            "doubleValue": 637.704
                          }
                        },
                        {
                          "key": "array.attribute",
                          "value": {
                            "arrayValue": {
                              "values": [
                                {
                                  "stringValue": "many"
                                },
                                {
                                  "stringValue": "values"
                                }
                              ]
                            }
                          }
                        },
                        {
                          "key": "map.attribute",
                          "value": {
                            "kvlistValue": {
                              "values": [
                                {
                                  "key": "some.map.key",
                                  "value": {
                                    "stringValue": "some value"
                                  }
                                }
                              ]
                            }
                          }
                        }
                      ]
                    }
                  ]
                }
              ]
            }
          ]
        }
        """#

    static func traceRequest(_ json: String) throws -> ExportTraceServiceRequest {
        let bytes = try Array(json.utf8).withUnsafeBytes { try OTLPJSONConversion.traceRequest(json: $0) }
        return try ExportTraceServiceRequest(serializedBytes: bytes)
    }

    static func logsRequest(_ json: String) throws -> ExportLogsServiceRequest {
        let bytes = try Array(json.utf8).withUnsafeBytes { try OTLPJSONConversion.logsRequest(json: $0) }
        return try ExportLogsServiceRequest(serializedBytes: bytes)
    }

    /// The only span of a request with one span whose fields are `spanFields` (a JSON object body).
    static func span(_ spanFields: String) throws -> OTLPSpan {
        let request = try traceRequest(#"{"resourceSpans":[{"scopeSpans":[{"spans":[{\#(spanFields)}]}]}]}"#)
        return try #require(request.resourceSpans.first?.scopeSpans.first?.spans.first)
    }

    static func hex(_ data: Data) -> String { data.map { String(format: "%02X", $0) }.joined() }

    static func attributes(_ keyValues: [OTLPKeyValue]) -> [String: OTLPAnyValue.OneOf_Value] {
        Dictionary(
            uniqueKeysWithValues: keyValues.compactMap { keyValue in keyValue.value.value.map { (keyValue.key, $0) } })
    }

    // MARK: The official examples

    @Test func officialTraceExampleConverts() throws {
        let request = try Self.traceRequest(Self.traceExample)
        let resourceSpans = try #require(request.resourceSpans.first)
        #expect(Self.attributes(resourceSpans.resource.attributes) == ["service.name": .stringValue("my.service")])
        let scopeSpans = try #require(resourceSpans.scopeSpans.first)
        #expect(scopeSpans.scope.name == "my.library")
        #expect(scopeSpans.scope.version == "1.0.0")
        #expect(
            Self.attributes(scopeSpans.scope.attributes) == ["my.scope.attribute": .stringValue("some scope attribute")]
        )
        let span = try #require(scopeSpans.spans.first)
        #expect(Self.hex(span.traceID) == "5B8EFFF798038103D269B633813FC60C")
        #expect(Self.hex(span.spanID) == "EEE19B7EC3C1B174")
        #expect(Self.hex(span.parentSpanID) == "EEE19B7EC3C1B173")
        #expect(span.name == "I'm a server span")
        #expect(span.startTimeUnixNano == 1_544_712_660_000_000_000)
        #expect(span.endTimeUnixNano == 1_544_712_661_000_000_000)
        #expect(span.kind == .server)
        #expect(Self.attributes(span.attributes) == ["my.span.attr": .stringValue("some value")])

        let decoded = OTLPTraceDecoder.decode(request)
        #expect(decoded.rejected == 0)
        #expect(decoded.spans.first?.traceID.hexString == "5b8efff798038103d269b633813fc60c")
        #expect(decoded.spans.first?.service == "my.service")
    }

    @Test func officialLogsExampleConverts() throws {
        let request = try Self.logsRequest(Self.logsExample)
        let resourceLogs = try #require(request.resourceLogs.first)
        #expect(Self.attributes(resourceLogs.resource.attributes) == ["service.name": .stringValue("my.service")])
        let scopeLogs = try #require(resourceLogs.scopeLogs.first)
        #expect(scopeLogs.scope.name == "my.library")
        #expect(scopeLogs.scope.version == "1.0.0")
        #expect(
            Self.attributes(scopeLogs.scope.attributes) == ["my.scope.attribute": .stringValue("some scope attribute")])
        let record = try #require(scopeLogs.logRecords.first)
        #expect(Self.hex(record.traceID) == "5B8EFFF798038103D269B633813FC60C")
        #expect(Self.hex(record.spanID) == "EEE19B7EC3C1B174")
        #expect(record.timeUnixNano == 1_544_712_660_300_000_000)
        #expect(record.observedTimeUnixNano == 1_544_712_660_300_000_000)
        #expect(record.severityNumber == .info2)
        #expect(record.severityText == "Information")
        #expect(record.body.stringValue == "Example log record")

        var many = OTLPAnyValue()
        many.stringValue = "many"
        var values = OTLPAnyValue()
        values.stringValue = "values"
        var array = Opentelemetry_Proto_Common_V1_ArrayValue()
        array.values = [many, values]
        var mapEntry = OTLPKeyValue()
        mapEntry.key = "some.map.key"
        mapEntry.value.stringValue = "some value"
        var map = Opentelemetry_Proto_Common_V1_KeyValueList()
        map.values = [mapEntry]
        #expect(
            Self.attributes(record.attributes) == [
                "string.attribute": .stringValue("some string"),
                "boolean.attribute": .boolValue(true),
                "int.attribute": .intValue(10),
                "double.attribute": .doubleValue(637.704),
                "array.attribute": .arrayValue(array),
                "map.attribute": .kvlistValue(map),
            ]
        )

        let bytes: [UInt8] = try request.serializedBytes()
        let fromProtobuf = try OTLPLogDecoder.decode(protobuf: bytes, observedUnixNano: 1)
        #expect(fromProtobuf.rejected == 0)
        #expect(fromProtobuf.events.first?.traceID?.hexString == "5b8efff798038103d269b633813fc60c")
        #expect(fromProtobuf.events.first?.fields.contains { $0.key == "int.attribute" && $0.value == .int(10) } == true)
    }

    /// `bytesValue` is base64 in OTLP/JSON (only the ids are hex), and is left to swift-protobuf.
    @Test func bytesAttributeValuesAreBase64() throws {
        let span = try Self.span(#""attributes":[{"key":"raw","value":{"bytesValue":"AQIDBA=="}}]"#)
        #expect(span.attributes.first?.value.bytesValue == Data([1, 2, 3, 4]))
    }

    // MARK: Keys, enums, integers

    @Test(arguments: [
        #"{"resourceSpans":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"svc"}}]},"scopeSpans":[{"spans":[{"traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"EEE19B7EC3C1B173","startTimeUnixNano":"5","endTimeUnixNano":"9","status":{"code":2},"attributes":[{"key":"n","value":{"intValue":"-3"}}]}]}]}]}"#,
        #"{"resource_spans":[{"resource":{"attributes":[{"key":"service.name","value":{"string_value":"svc"}}]},"scope_spans":[{"spans":[{"trace_id":"5B8EFFF798038103D269B633813FC60C","span_id":"EEE19B7EC3C1B174","parent_span_id":"EEE19B7EC3C1B173","start_time_unix_nano":"5","end_time_unix_nano":"9","status":{"code":2},"attributes":[{"key":"n","value":{"int_value":"-3"}}]}]}]}]}"#,
    ])
    func camelCaseAndSnakeCaseKeys(json: String) throws {
        let request = try Self.traceRequest(json)
        #expect(request.resourceSpans.first?.resource.attributes.first?.value.stringValue == "svc")
        let span = try #require(request.resourceSpans.first?.scopeSpans.first?.spans.first)
        #expect(Self.hex(span.traceID) == "5B8EFFF798038103D269B633813FC60C")
        #expect(Self.hex(span.spanID) == "EEE19B7EC3C1B174")
        #expect(Self.hex(span.parentSpanID) == "EEE19B7EC3C1B173")
        #expect(span.startTimeUnixNano == 5)
        #expect(span.endTimeUnixNano == 9)
        #expect(span.status.code == .error)
        #expect(span.attributes.first?.value.intValue == -3)
    }

    @Test func enumsAsNamesOrIntegers() throws {
        #expect(try Self.span(#""kind":"SPAN_KIND_CLIENT","status":{"code":"STATUS_CODE_ERROR"}"#).kind == .client)
        #expect(try Self.span(#""kind":3,"status":{"code":2}"#).kind == .client)
        #expect(try Self.span(#""status":{"code":"STATUS_CODE_ERROR"}"#).status.code == .error)
        #expect(try Self.span(#""status":{"code":2}"#).status.code == .error)
        // An unknown name is an unknown value: ignored, as unknown fields are.
        #expect(try Self.span(#""kind":"SPAN_KIND_TELEPATHIC","unknownField":{"a":[1]}"#).kind == .unspecified)
        let record = try Self.logsRequest(
            #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityNumber":"SEVERITY_NUMBER_WARN"}]}]}]}"#)
        #expect(record.resourceLogs.first?.scopeLogs.first?.logRecords.first?.severityNumber == .warn)
    }

    @Test func int64AsStringOrNumber() throws {
        let asStrings = try Self.span(
            #""startTimeUnixNano":"1544712660000000001","attributes":[{"key":"n","value":{"intValue":"-9223372036854775808"}}]"#
        )
        let asNumbers = try Self.span(
            #""startTimeUnixNano":1544712660000000001,"attributes":[{"key":"n","value":{"intValue":-9223372036854775808}}]"#
        )
        for span in [asStrings, asNumbers] {
            #expect(span.startTimeUnixNano == 1_544_712_660_000_000_001)
            #expect(span.attributes.first?.value.intValue == .min)
        }
    }

    // MARK: Ids

    /// Malformed ids must be refused downstream, never turn into another valid id (a 22-digit hex string is
    /// 16 bytes as base64; spaces are skipped by base64; 33 digits are not base64 at all).
    @Test(arguments: [
        "5B8EFFF798038103D269B633813FC60",  // 31 digits
        "5B8EFFF798038103D269B633813FC60C0",  // 33 digits: not base64
        "5B8EFFF798038103D269B6",  // 22 digits: 16 bytes as base64
        "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",  // 32 letters, valid base64
        "5B8EFFF7-98038103D269B633813FC6",  // URL-safe base64
        "5B8EFFF798038103 D269B633813FC60C",  // base64 skips the space
        "5B8EFFF798038103D269B633813FC6=",  // padding
        "EEE19B7EC3C1B174",  // a 64-bit id where OTLP wants 128 bits
        "5B8EFFF798038103D269B633813FC6é!",  // not ASCII
        "5B8EFFF798038103D269B633813FC6\\t",  // an escape that is no hex digit
    ])
    func malformedTraceIDsAreRefused(id: String) throws {
        let span = try Self.span(#""traceId":"\#(id)","spanId":"EEE19B7EC3C1B174","name":"s""#)
        #expect(span.traceID.count != 16)
        #expect(!span.traceID.isEmpty)
        let request = try Self.traceRequest(
            #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"\#(id)","spanId":"EEE19B7EC3C1B174"}]}]}]}"#)
        #expect(OTLPTraceDecoder.decode(request).rejected == 1)
    }

    @Test(arguments: [
        "EEE19B7EC3C1B17",  // 15 digits
        "EEE19B7EC3C1B1740",  // 17 digits: not base64
        "EEE19B7EC3C",  // 11 digits: 8 bytes as base64
        "zzzzzzzzzzzzzzzz",
        "EEE19B7EC3C1B174EEE19B7EC3C1B174",  // a trace id where a span id belongs
    ])
    func malformedSpanIDsAreRefused(id: String) throws {
        let span = try Self.span(
            #""traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"\#(id)","parentSpanId":"\#(id)""#)
        #expect(span.spanID.count != 8 && !span.spanID.isEmpty)
        #expect(span.parentSpanID.count != 8 && !span.parentSpanID.isEmpty)
        let logs = try Self.logsRequest(
            #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"spanId":"\#(id)","body":{"stringValue":"x"}}]}]}]}"#)
        let record = try #require(logs.resourceLogs.first?.scopeLogs.first?.logRecords.first)
        #expect(record.spanID.count != 8 && !record.spanID.isEmpty)
        let decoded = try OTLPLogDecoder.decode(protobuf: try logs.serializedBytes() as [UInt8], observedUnixNano: 1)
        #expect(decoded.rejected == 1)
    }

    @Test func emptyAndNullIDsStayEmpty() throws {
        let span = try Self.span(
            #""traceId":"5B8EFFF798038103D269B633813FC60C","spanId":"EEE19B7EC3C1B174","parentSpanId":"""#)
        #expect(span.parentSpanID.isEmpty)
        #expect(try Self.span(#""parentSpanId":null"#).parentSpanID.isEmpty)
        let logs = try Self.logsRequest(
            #"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":"","spanId":""}]}]}]}"#)
        let record = try #require(logs.resourceLogs.first?.scopeLogs.first?.logRecords.first)
        #expect(record.traceID.isEmpty && record.spanID.isEmpty)
    }

    @Test func idsInLinksAndLowercaseAndEscapedHexAreRead() throws {
        let span = try Self.span(
            #"""
            "trace\u0049d":"5b8efff798038103d269b633813fc60c","span_id":"\u0045EE19B7EC3C1B174",
            "links":[{"traceId":"0102030405060708090A0B0C0D0E0F10","spanId":"0102030405060708"}]
            """#)
        #expect(Self.hex(span.traceID) == "5B8EFFF798038103D269B633813FC60C")
        #expect(Self.hex(span.spanID) == "EEE19B7EC3C1B174")
        #expect(Self.hex(span.links.first?.traceID ?? Data()) == "0102030405060708090A0B0C0D0E0F10")
        #expect(Self.hex(span.links.first?.spanID ?? Data()) == "0102030405060708")
    }

    /// Id keys are only rewritten as keys: an attribute named `traceId`, or a string value equal to one, is data.
    @Test func idNamesAsAttributeKeysAndValuesAreUntouched() throws {
        let span = try Self.span(
            #""name":"traceId","attributes":[{"key":"traceId","value":{"stringValue":"5B8EFFF798038103D269B633813FC60C"}}]"#
        )
        #expect(span.name == "traceId")
        #expect(span.attributes.first?.key == "traceId")
        #expect(span.attributes.first?.value.stringValue == "5B8EFFF798038103D269B633813FC60C")
    }

    // MARK: Refusals

    @Test(arguments: [
        "", "{", "[]", "null", #"{"resourceSpans": 5}"#, #"{"resourceSpans": [7]}"#, #"{"resourceSpans": []} x"#,
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"name":5}]}]}]}"#,
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":"soon"}]}]}]}"#,
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"startTimeUnixNano":-1}]}]}]}"#,
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":5}]}]}]}"#,
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"traceId":"\x"}]}]}]}"#,
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"ab\u{01}\"}]}]}]}",
        #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":{"stringValue":"a","intValue":1}}]}]}]}]}"#,
    ])
    func invalidJSONIsRefused(json: String) {
        let error = #expect(throws: OTLPDecodingError.self) {
            try Array(json.utf8).withUnsafeBytes { try OTLPJSONConversion.traceRequest(json: $0) }
        }
        #expect(
            error?.message.hasPrefix(
                "invalid OTLP/JSON opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest: ") == true)
    }

    @Test func invalidUTF8IsRefused() {
        let json =
            Array(#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"severityText":"#.utf8) + [0xFF, 0x22]
            + Array("}]}]}]}".utf8)
        #expect(throws: OTLPDecodingError.self) {
            try json.withUnsafeBytes { try OTLPJSONConversion.logsRequest(json: $0) }
        }
        let badID =
            Array(#"{"resourceLogs":[{"scopeLogs":[{"logRecords":[{"traceId":""#.utf8) + [0xFF, 0x22]
            + Array("}]}]}]}".utf8)
        #expect(throws: OTLPDecodingError.self) {
            try badID.withUnsafeBytes { try OTLPJSONConversion.logsRequest(json: $0) }
        }
    }

    @Test func deeplyNestedValuesAreRefused() throws {
        let depth = 10_000
        let nested =
            String(repeating: #"{"arrayValue":{"values":["#, count: depth) + String(repeating: "]}}", count: depth)
        let json = #"{"resourceSpans":[{"scopeSpans":[{"spans":[{"attributes":[{"key":"k","value":\#(nested)}]}]}]}]}"#
        let error = #expect(throws: OTLPDecodingError.self) {
            try Array(json.utf8).withUnsafeBytes { try OTLPJSONConversion.traceRequest(json: $0) }
        }
        #expect(error?.message.contains("nested deeper") == true)
        // Within the limit it converts.
        let shallow = String(repeating: #"{"arrayValue":{"values":["#, count: 20) + String(repeating: "]}}", count: 20)
        _ = try Self.span(#""attributes":[{"key":"k","value":\#(shallow)}]"#)
    }

    @Test func deeplyNestedUnknownFieldsNeverCrash() {
        for (open, close) in [("[", "]"), (#"{"x":"#, "}")] {
            let unknown = String(repeating: open, count: 100_000) + "1" + String(repeating: close, count: 100_000)
            let json = #"{"unknown":\#(unknown),"resourceSpans":[]}"#
            _ = try? Array(json.utf8).withUnsafeBytes { try OTLPJSONConversion.traceRequest(json: $0) }
        }
    }

    // MARK: The same spans as the JSON decoder it replaces

    /// `request` as OTLP/JSON: swift-protobuf's JSON with the ids turned from base64 into hex (as in
    /// `OTLPTraceDecoderTests.jsonDecodesTheSameSpansAsProtobuf`).
    static func otlpJSON(_ request: ExportTraceServiceRequest) throws -> String {
        var json = try request.jsonString()
        for span in request.resourceSpans.flatMap(\.scopeSpans).flatMap(\.spans) {
            for id in [span.traceID, span.spanID, span.parentSpanID] where !id.isEmpty {
                json = json.replacing("\"\(id.base64EncodedString())\"", with: "\"\(hex(id))\"")
            }
        }
        return json
    }

    /// The JSON of `request`, converted and read as tracelink reads a request, gives what the reference decoder
    /// reads from the protobuf of the same request: every field, typed.
    static func expectSameSpans(as request: ExportTraceServiceRequest) throws {
        let json = try Self.otlpJSON(request)
        let converted = try Array(json.utf8).withUnsafeBytes { try OTLPJSONConversion.traceRequest(json: $0) }
        let batch = try converted.withUnsafeBytes { try SpanBatch(request: $0) }
        let reference = try OTLPTraceDecoder.decode(protobuf: try request.serializedBytes() as [UInt8])
        #expect(!reference.spans.isEmpty)
        #expect(batch.decodedSpans == reference.spans)
        #expect(batch.refused == reference.rejected)
    }

    @Test func sameSpansAsTheProtobuf() throws {
        try Self.expectSameSpans(as: OTLPTraceDecoderTests.request())
    }

    /// Several resources and scopes, attributes of every type, events, an all-zero trace id and a short span id.
    @Test(arguments: 0..<10)
    func sameSpansAsTheProtobufOnRichRequests(seed: Int) throws {
        try Self.expectSameSpans(as: OTLPTraceReaderTests.richRequest(seed: UInt64(seed)))
    }

    @Test(arguments: ["{", "[]", #"{"resourceSpans": 5}"#, #"{"resourceSpans": [7]}"#])
    func malformedJSONIsRefused(json: String) {
        #expect(throws: OTLPDecodingError.self) {
            try Array(json.utf8).withUnsafeBytes { try OTLPJSONConversion.traceRequest(json: $0) }
        }
    }
}
