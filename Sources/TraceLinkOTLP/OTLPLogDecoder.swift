import Foundation
public import SwiftProtobuf
public import TraceLinkCore

/// Turns OTLP log export requests (protobuf or JSON) into log events that join traces like tailed lines.
public enum OTLPLogDecoder {
    /// The source name OTLP log records carry in the store and in metrics.
    public static let sourceName = "otlp"

    public static func decode(protobuf bytes: some SwiftProtobufContiguousBytes, observedUnixNano: UInt64) throws(OTLPDecodingError) -> DecodedLogs {
        let request: ExportLogsServiceRequest
        do {
            request = try ExportLogsServiceRequest(serializedBytes: bytes)
        } catch {
            throw OTLPDecodingError("invalid ExportLogsServiceRequest protobuf: \(error)")
        }
        var result = DecodedLogs()
        for resourceLogs in request.resourceLogs {
            let service = OTLPTraceDecoder.serviceName(of: resourceLogs.resource.attributes)
            for scopeLogs in resourceLogs.scopeLogs {
                for record in scopeLogs.logRecords {
                    let traceID = record.traceID.withUnsafeBytes { TraceID(bytes: $0) }
                    let spanID = record.spanID.withUnsafeBytes { SpanID(bytes: $0) }
                    guard record.traceID.isEmpty || record.traceID.count == 16 else {
                        result.reject("log record: trace_id must be empty or 16 bytes, found \(record.traceID.count)")
                        continue
                    }
                    guard record.spanID.isEmpty || record.spanID.count == 8 else {
                        result.reject("log record: span_id must be empty or 8 bytes, found \(record.spanID.count)")
                        continue
                    }
                    result.events.append(
                        event(
                            time: record.timeUnixNano, observed: record.observedTimeUnixNano, now: observedUnixNano,
                            severityNumber: record.severityNumber.rawValue, severityText: record.severityText,
                            body: record.hasBody ? OTLPTraceDecoder.value(record.body).text : "",
                            service: service, traceID: traceID, spanID: spanID, flags: record.flags,
                            attributes: record.attributes.map(OTLPTraceDecoder.attribute)
                        )
                    )
                }
            }
        }
        return result
    }

    static func event(
        time: UInt64, observed: UInt64, now: UInt64, severityNumber: Int, severityText: String, body: String,
        service: String, traceID: TraceID?, spanID: SpanID?, flags: UInt32, attributes: [Attribute]
    ) -> LogEvent {
        var severity = Severity(number: UInt8(clamping: max(0, severityNumber)))
        if severity == .unspecified, let fromText = Severity(text: severityText) { severity = fromText }
        return LogEvent(
            timeUnixNano: time != 0 ? time : (observed != 0 ? observed : now),
            observedUnixNano: now,
            severity: severity,
            message: body,
            service: service,
            traceID: traceID,
            spanID: spanID,
            traceFlags: traceID == nil ? nil : UInt8(truncatingIfNeeded: flags),
            source: sourceName,
            location: .otlp,
            attributes: attributes
        )
    }
}
