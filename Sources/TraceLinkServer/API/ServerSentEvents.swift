import Foundation
import TraceLinkCore

/// The text of one server-sent event for a correlation.
enum ServerSentEvents {
    struct Payload: Encodable {
        var traceId: String
        var span: Span
        var logs: [APIModels.Log]

        struct Span: Encodable {
            var spanId: String
            var service: String
            var name: String
            var status: String
        }
    }

    static func format(_ event: CorrelationEvent) -> String {
        let name: String
        let payload: Payload
        switch event {
        case .logJoined(let traceID, let span, let log):
            name = "log_joined"
            payload = Payload(traceId: traceID.hexString, span: brief(span), logs: [APIModels.Log(log, joinedBy: "trace_id")])
        case .errorSpan(let traceID, let span, let logs):
            name = "error_span"
            payload = Payload(traceId: traceID.hexString, span: brief(span), logs: logs.map { APIModels.Log($0, joinedBy: "trace_id") })
        }
        let data = (try? CorrelationAPI.encoder.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "event: \(name)\ndata: \(data)\n\n"
    }

    static func brief(_ span: TraceLinkCore.Span) -> Payload.Span {
        Payload.Span(spanId: span.spanID.hexString, service: span.service, name: span.name, status: span.status.labelValue)
    }
}
