/// A span decoded in full, as a query shows it: what RED needs, what the trace view shows, and what OTLP
/// carried besides (resource and scope, links, trace state, flags).
public struct Span: Sendable, Hashable {
    public var traceID: TraceID
    public var spanID: SpanID
    public var parentSpanID: SpanID?
    /// `service.name` from the resource; "unknown_service" when absent, as the SDKs default.
    public var service: String
    public var name: String
    public var kind: SpanKind
    public var startUnixNano: UInt64
    public var endUnixNano: UInt64
    public var status: SpanStatusCode
    public var statusMessage: String
    public var attributes: [Attribute]
    public var events: [SpanEvent]
    public var links: [SpanLink]
    /// W3C `tracestate`, as sent.
    public var traceState: String
    /// OTLP span flags (the W3C trace flags in the low byte).
    public var flags: UInt32
    /// The resource's attributes, `service.name` among them.
    public var resourceAttributes: [Attribute]
    public var scope: InstrumentationScope?
    /// What the sender (or a limit on intake) left out, as OTLP counts it.
    public var droppedAttributesCount: UInt32 = 0
    public var droppedEventsCount: UInt32 = 0
    public var droppedLinksCount: UInt32 = 0

    public init(
        traceID: TraceID,
        spanID: SpanID,
        parentSpanID: SpanID? = nil,
        service: String,
        name: String,
        kind: SpanKind,
        startUnixNano: UInt64,
        endUnixNano: UInt64,
        status: SpanStatusCode,
        statusMessage: String = "",
        attributes: [Attribute] = [],
        events: [SpanEvent] = [],
        links: [SpanLink] = [],
        traceState: String = "",
        flags: UInt32 = 0,
        resourceAttributes: [Attribute]? = nil,
        scope: InstrumentationScope? = nil
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.service = service
        self.name = name
        self.kind = kind
        self.startUnixNano = startUnixNano
        self.endUnixNano = endUnixNano
        self.status = status
        self.statusMessage = statusMessage
        self.attributes = attributes
        self.events = events
        self.links = links
        self.traceState = traceState
        self.flags = flags
        self.resourceAttributes = resourceAttributes ?? [Attribute(key: "service.name", value: .string(service))]
        self.scope = scope
    }

    /// The service of a span whose resource names none, as the SDKs default.
    public static let unknownService = "unknown_service"

    /// End minus start, zero when the sender's clock made it negative.
    public var durationNanos: UInt64 { endUnixNano >= startUnixNano ? endUnixNano - startUnixNano : 0 }
}

/// A timed event on a span, e.g. an `exception` with its stack trace.
public struct SpanEvent: Sendable, Hashable {
    public var name: String
    public var timeUnixNano: UInt64
    public var attributes: [Attribute]

    public init(name: String, timeUnixNano: UInt64, attributes: [Attribute] = []) {
        self.name = name
        self.timeUnixNano = timeUnixNano
        self.attributes = attributes
    }
}

/// A link from a span to another span, of this trace or another.
public struct SpanLink: Sendable, Hashable {
    public var traceID: TraceID?
    public var spanID: SpanID?
    public var traceState: String
    public var attributes: [Attribute]
    public var flags: UInt32

    public init(traceID: TraceID?, spanID: SpanID?, traceState: String = "", attributes: [Attribute] = [], flags: UInt32 = 0) {
        self.traceID = traceID
        self.spanID = spanID
        self.traceState = traceState
        self.attributes = attributes
        self.flags = flags
    }
}
