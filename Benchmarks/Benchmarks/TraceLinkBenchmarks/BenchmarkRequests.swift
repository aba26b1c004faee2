import Foundation
import SwiftProtobuf
import TraceLinkCore
import TraceLinkOTLP

/// The load the benchmarks measure: a 1000-span OTLP request (~350 bytes a span, HTTP and DB attributes),
/// the same shape as Benchmarks/load/requests_body.py sends end to end.
enum BenchmarkRequests {
    static func exportRequest(spans: Int = 1000, services: Int = 4) -> [UInt8] {
        var random = SystemRandomNumberGenerator()
        func bytes(_ count: Int) -> Data { Data((0..<count).map { _ in UInt8.random(in: 1...255, using: &random) }) }
        func keyValue(_ key: String, _ value: String) -> OTLPKeyValue {
            var keyValue = OTLPKeyValue()
            keyValue.key = key
            keyValue.value.stringValue = value
            return keyValue
        }
        func keyValue(_ key: String, _ value: Int64) -> OTLPKeyValue {
            var keyValue = OTLPKeyValue()
            keyValue.key = key
            keyValue.value.intValue = value
            return keyValue
        }
        let names = ["GET /api/orders", "POST /api/orders", "SELECT orders", "INSERT payments", "redis GET"]
        var request = ExportTraceServiceRequest()
        for service in 0..<services {
            var resourceSpans = Opentelemetry_Proto_Trace_V1_ResourceSpans()
            resourceSpans.resource.attributes = [
                keyValue("service.name", "service-\(service)"), keyValue("host.name", "bench"),
            ]
            var scope = Opentelemetry_Proto_Trace_V1_ScopeSpans()
            scope.scope.name = "bench"
            var traceID = bytes(16)
            for index in 0..<(spans / services) {
                if index % 10 == 0 { traceID = bytes(16) }
                var span = OTLPSpan()
                span.traceID = traceID
                span.spanID = bytes(8)
                if index % 10 != 0 { span.parentSpanID = bytes(8) }
                span.name = names[index % names.count]
                span.kind = index % 10 == 0 ? .server : .client
                span.startTimeUnixNano = 1_700_000_000_000_000_000 + UInt64(index) * 1_000_000
                span.endTimeUnixNano = span.startTimeUnixNano + UInt64.random(in: 100_000...900_000_000)
                span.attributes = [
                    keyValue("http.request.method", "GET"), keyValue("http.route", "/api/orders/{id}"),
                    keyValue("http.response.status_code", index % 17 == 0 ? 500 : 200),
                    keyValue("url.full", "https://shop.example.com/api/orders/\(Int.random(in: 1...1_000_000_000))"),
                    keyValue("db.system", "postgresql"), keyValue("db.statement", "SELECT * FROM orders WHERE id = $1"),
                    keyValue("server.address", "orders-db.internal"), keyValue("network.peer.port", 5432),
                ]
                span.status.code = index % 17 == 0 ? .error : .unset
                scope.spans.append(span)
            }
            resourceSpans.scopeSpans = [scope]
            request.resourceSpans.append(resourceSpans)
        }
        return try! request.serializedBytes()
    }
}
