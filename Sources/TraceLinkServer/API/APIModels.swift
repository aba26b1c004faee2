import Foundation
import TraceLinkCore

/// The JSON the API answers with (keys written snake_case). Times are Unix nanoseconds plus RFC 3339 text.
enum APIModels {
    struct Log: Encodable {
        var timeUnixNano: UInt64
        var time: String
        var severity: String
        var severityNumber: UInt8
        var message: String
        var service: String?
        var traceId: String?
        var spanId: String?
        var source: String
        var location: Location
        var attributes: [String: String]
        /// `trace_id` when joined by id, `time` for context logs joined by time window.
        var joinedBy: String?

        init(_ event: LogEvent, joinedBy: String? = nil) {
            timeUnixNano = event.timeUnixNano
            time = RFC3339.format(unixNano: event.timeUnixNano)
            severity = event.severity.text
            severityNumber = event.severity.number
            message = event.message
            service = event.service
            traceId = event.traceID?.hexString
            spanId = event.spanID?.hexString
            source = event.source
            location = Location(event.location)
            attributes = Dictionary(event.attributes.map { ($0.key, $0.value.text) }, uniquingKeysWith: { _, last in last })
            self.joinedBy = joinedBy
        }
    }

    struct Location: Encodable {
        var file: String?
        var offset: UInt64?
        var journalCursor: String?
        var otlp: Bool?

        init(_ location: LogLocation) {
            switch location {
            case .file(let path, let offset): file = path; self.offset = offset
            case .journal(let cursor): journalCursor = cursor
            case .otlp: otlp = true
            }
        }
    }

    struct Event: Encodable {
        var name: String
        var timeUnixNano: UInt64
        var attributes: [String: String]
    }

    struct SpanNode: Encodable {
        var spanId: String
        var parentSpanId: String?
        var service: String
        var name: String
        var kind: String
        var startUnixNano: UInt64
        var start: String
        var durationMs: Double
        var status: Status
        var depth: Int
        var children: [String]
        var attributes: [String: String]
        var events: [Event]
        var logs: [Log]

        struct Status: Encodable {
            var code: String
            var message: String
        }

        init(_ node: TraceView.Node, view: TraceView) {
            let span = node.span
            spanId = span.spanID.hexString
            parentSpanId = span.parentSpanID?.hexString
            service = span.service
            name = span.name
            kind = span.kind.labelValue
            startUnixNano = span.startUnixNano
            start = RFC3339.format(unixNano: span.startUnixNano)
            durationMs = Double(span.durationNanos) / 1_000_000
            status = Status(code: span.status.labelValue, message: span.statusMessage)
            depth = node.depth
            children = node.childIndices.map { view.spans[$0].span.spanID.hexString }
            attributes = Dictionary(span.attributes.map { ($0.key, $0.value.text) }, uniquingKeysWith: { _, last in last })
            events = span.events.map { event in
                Event(
                    name: event.name, timeUnixNano: event.timeUnixNano,
                    attributes: Dictionary(event.attributes.map { ($0.key, $0.value.text) }, uniquingKeysWith: { _, last in last })
                )
            }
            logs = node.logs.map { Log($0, joinedBy: "trace_id") }
        }
    }

    struct Summary: Encodable {
        var traceId: String
        var rootService: String?
        var rootSpanName: String?
        var startUnixNano: UInt64
        var start: String
        var durationMs: Double
        var spanCount: Int
        var logCount: Int
        var errorCount: Int
        var errorLogCount: Int
        var services: [String]
        var links: [String: String]

        init(_ summary: TraceSummary, links: [String: String]) {
            traceId = summary.traceID.hexString
            rootService = summary.rootService
            rootSpanName = summary.rootSpanName
            startUnixNano = summary.startUnixNano
            start = RFC3339.format(unixNano: summary.startUnixNano)
            durationMs = Double(summary.durationNanos) / 1_000_000
            spanCount = summary.spanCount
            logCount = summary.logCount
            errorCount = summary.errorCount
            errorLogCount = summary.errorLogCount
            services = summary.services
            self.links = links
        }
    }

    struct Trace: Encodable {
        var traceId: String
        var summary: Summary
        var spans: [SpanNode]
        /// Logs of the trace whose span is not held (or that carry no span id), in time order.
        var logs: [Log]
        var contextLogs: [Log]?
        var links: [String: String]
    }

    struct TraceList: Encodable {
        var traces: [Summary]
    }

    struct LogList: Encodable {
        var logs: [Log]
        var nextCursor: String?
    }

    struct Jump: Encodable {
        var traceId: String
        var spanId: String?
        /// False when the id was extracted but no span or log of that trace is held (yet).
        var found: Bool
        var spanCount: Int
        var logCount: Int
        var links: [String: String]
        var trace: String
    }
}

/// RFC 3339 timestamps with nanoseconds, in UTC.
enum RFC3339 {
    static func format(unixNano: UInt64) -> String {
        let seconds = time_t(unixNano / 1_000_000_000)
        var parts = tm()
        var copy = seconds
        gmtime_r(&copy, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let text = String(value)
            return String(repeating: "0", count: max(0, width - text.count)) + text
        }
        let nanos = String(unixNano % 1_000_000_000)
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + String(repeating: "0", count: 9 - nanos.count) + nanos + "Z"
    }
}
