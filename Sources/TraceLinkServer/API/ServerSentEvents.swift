import Foundation
import TraceLinkAPIModels
import TraceLinkCore

/// The text of one server-sent event for a correlation.
enum ServerSentEvents {
    static func format(_ event: CorrelationEvent) -> String {
        let name: String
        let payload: APIModels.EventPayload
        switch event {
        case .logJoined(let traceID, let span, let log):
            name = "log_joined"
            payload = APIModels.EventPayload(
                traceId: traceID.hexString, span: .init(span), logs: [APIModels.Log(log, joinedBy: "trace_id")])
        case .errorSpan(let traceID, let span, let logs):
            name = "error_span"
            payload = APIModels.EventPayload(
                traceId: traceID.hexString, span: .init(span), logs: logs.map { APIModels.Log($0, joinedBy: "trace_id") })
        case .tracesUpdated(let traceIDs):
            name = "traces_updated"
            payload = APIModels.EventPayload(traceId: nil, span: nil, logs: nil, traceIds: traceIDs.map(\.hexString))
        }
        let data = (try? APIModels.encoder.encode(payload)).map { String(decoding: $0, as: UTF8.self) } ?? "{}"
        return "event: \(name)\ndata: \(data)\n\n"
    }
}
