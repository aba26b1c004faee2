/// A finished span as tracelink keeps it: what RED needs, and what the trace view shows.
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
        events: [SpanEvent] = []
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
    }

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
