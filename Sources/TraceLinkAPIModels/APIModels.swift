/// The JSON the API answers with, shared by the server (which writes it) and the CLI (which reads it); the page
/// reads the same JSON. Keys are written snake_case (`APIModels.encoder`); times are Unix nanoseconds plus
/// RFC 3339 text.
public enum APIModels {
    /// One log record.
    public struct Log: Codable, Sendable, Hashable {
        /// Names the log within its trace while it is held (nil where the store does not say).
        public var id: String?
        public var timeUnixNano: UInt64
        public var time: String
        public var severity: String
        public var severityNumber: UInt8
        public var message: String
        public var service: String?
        public var traceId: String?
        public var spanId: String?
        public var source: String
        public var location: Location
        /// The fields kept with the record (journald fields, OTLP attributes), as text.
        public var attributes: [String: String]
        /// Every field of the record, typed: a JSON line's keys (flattened with dots), logfmt pairs, journald
        /// fields, OTLP attributes.
        public var fields: [String: FieldValue]
        /// `trace_id` when joined by id, `time` for context logs joined by time window.
        public var joinedBy: String?
    }

    /// Where a log record can be read again.
    public struct Location: Codable, Sendable, Hashable {
        public var file: String?
        public var offset: UInt64?
        public var journalCursor: String?
        public var otlp: Bool?
    }

    public struct Event: Codable, Sendable, Hashable {
        public var name: String
        public var timeUnixNano: UInt64
        public var attributes: [String: String]
        /// The attributes with their types (numbers, booleans, arrays, maps).
        public var fields: [String: FieldValue]?
    }

    /// The library that made a span (OTLP `InstrumentationScope`).
    public struct Scope: Codable, Sendable, Hashable {
        public var name: String
        public var version: String
        public var attributes: [String: FieldValue]
    }

    /// A link from a span to another span.
    public struct Link: Codable, Sendable, Hashable {
        public var traceId: String
        public var spanId: String
        public var traceState: String?
        public var attributes: [String: FieldValue]
    }

    /// One span of a trace, with its place in the tree and its logs.
    public struct SpanNode: Codable, Sendable, Hashable {
        public var spanId: String
        public var parentSpanId: String?
        public var service: String
        public var name: String
        public var kind: String
        public var startUnixNano: UInt64
        public var start: String
        public var durationMs: Double
        /// The span's own time: its duration not covered by its children.
        public var selfTimeMs: Double
        /// On the chain of spans the request waited on (Jaeger's critical path).
        public var criticalPath: Bool
        public var status: Status
        public var depth: Int
        public var children: [String]
        public var attributes: [String: String]
        /// The attributes with their types (numbers, booleans, arrays, maps); `attributes` has them as text.
        public var fields: [String: FieldValue]?
        /// The resource the span came from (`service.name` and the rest), typed.
        public var resource: [String: FieldValue]?
        public var scope: Scope?
        public var links: [Link]?
        /// W3C `tracestate`, when the span carried one.
        public var traceState: String?
        /// OTLP span flags (the W3C trace flags in the low byte).
        public var flags: UInt32?
        public var events: [Event]
        public var logs: [Log]

        public struct Status: Codable, Sendable, Hashable {
            public var code: String
            public var message: String
        }
    }

    public struct Summary: Codable, Sendable, Hashable {
        public var traceId: String
        public var rootService: String?
        public var rootSpanName: String?
        public var startUnixNano: UInt64
        public var start: String
        public var durationMs: Double
        public var spanCount: Int
        public var logCount: Int
        public var errorCount: Int
        public var errorLogCount: Int
        public var services: [String]
        public var links: [String: String]
    }

    public struct Trace: Codable, Sendable, Hashable {
        public var traceId: String
        public var summary: Summary
        /// Depth first: each root followed by its subtree, siblings by start time; one page of them.
        public var spans: [SpanNode]
        /// Spans in the whole trace; more than `spans` holds when the trace is answered in pages.
        public var spanTotal: Int
        /// Pass as `span_offset` for the next page; nil on the last.
        public var nextSpanOffset: Int?
        /// Logs of the trace whose span is not held (or that carry no span id), in time order (first page only).
        public var logs: [Log]
        public var contextLogs: [Log]?
        public var links: [String: String]
    }

    public struct TraceList: Codable, Sendable, Hashable {
        public var traces: [Summary]
    }

    public struct LogList: Codable, Sendable, Hashable {
        public var logs: [Log]
        public var nextCursor: String?
    }

    public struct Jump: Codable, Sendable, Hashable {
        public var traceId: String
        public var spanId: String?
        /// The held log that is the line jumped from, when it is held.
        public var logId: String?
        /// False when the id was extracted but no span or log of that trace is held (yet).
        public var found: Bool
        public var spanCount: Int
        public var logCount: Int
        public var links: [String: String]
        /// The API path of the trace.
        public var trace: String
        /// The built-in page's address of the trace, with the span selected and the line highlighted.
        public var page: String
    }

    /// RED per service, from the agent's own span metrics.
    public struct ServiceList: Codable, Sendable, Hashable {
        /// The window `calls_per_second` is measured over; error ratio and quantiles are since the agent started.
        public var windowSeconds: Double
        public var services: [ServiceRED]

        public init(windowSeconds: Double, services: [ServiceRED]) {
            self.windowSeconds = windowSeconds
            self.services = services
        }
    }

    public struct ServiceRED: Codable, Sendable, Hashable {
        public var service: String
        public var calls: UInt64
        public var errors: UInt64
        public var callsPerSecond: Double
        public var errorRatio: Double
        public var p50Ms: Double?
        public var p95Ms: Double?
        public var p99Ms: Double?
        public var operations: [OperationRED]
    }

    public struct OperationRED: Codable, Sendable, Hashable {
        public var spanName: String
        public var spanKind: String
        public var calls: UInt64
        public var errors: UInt64
        public var callsPerSecond: Double
        public var errorRatio: Double
        public var p50Ms: Double?
        public var p95Ms: Double?
        public var p99Ms: Double?
    }

    /// The data of a server-sent event of `/api/v1/events`.
    public struct EventPayload: Codable, Sendable, Hashable {
        /// `log_joined` and `error_span`: the trace and span.
        public var traceId: String?
        public var span: SpanBrief?
        public var logs: [Log]?
        /// `traces_updated`: traces that gained spans.
        public var traceIds: [String]?

        public init(traceId: String?, span: SpanBrief?, logs: [Log]?, traceIds: [String]? = nil) {
            self.traceId = traceId
            self.span = span
            self.logs = logs
            self.traceIds = traceIds
        }

        public struct SpanBrief: Codable, Sendable, Hashable {
            public var spanId: String
            public var service: String
            public var name: String
            public var status: String
        }
    }

    /// The body of every API error: `{"error":{"code":…,"message":…}}`.
    public struct ErrorBody: Codable, Sendable, Hashable {
        public var error: Detail

        public struct Detail: Codable, Sendable, Hashable {
            public var code: String
            public var message: String
        }
    }
}
