public import TraceLinkCore

extension APIModels.Log {
    public init(_ event: LogEvent, id: String? = nil, joinedBy: String? = nil) {
        self.id = id
        timeUnixNano = event.timeUnixNano
        time = RFC3339.format(unixNano: event.timeUnixNano)
        severity = event.severity.text
        severityNumber = event.severity.number
        message = event.message
        service = event.service
        traceId = event.traceID?.hexString
        spanId = event.spanID?.hexString
        source = event.source
        location = APIModels.Location(event.location)
        attributes = .lastWins(event.attributes.map { ($0.key, $0.value.text) })
        fields = .lastWins(event.fields.map { ($0.key, FieldValue($0.value)) })
        self.joinedBy = joinedBy
    }

    public init(_ log: StoredLog, joinedBy: String? = nil) {
        self.init(log.event, id: log.id, joinedBy: joinedBy)
    }
}

extension APIModels.Location {
    public init(_ location: LogLocation) {
        switch location {
        case .file(let path, let offset):
            file = path
            self.offset = offset
        case .journal(let cursor): journalCursor = cursor
        case .otlp: otlp = true
        }
    }
}

extension FieldValue {
    public init(_ value: AttributeValue) {
        switch value {
        case .string(let text), .other(let text): self = .string(text)
        case .bool(let flag): self = .bool(flag)
        case .int(let number): self = .int(number)
        case .double(let number): self = .double(number)
        case .array(let values): self = .array(values.map(FieldValue.init))
        case .map(let pairs): self = .map(.lastWins(pairs.map { ($0.key, FieldValue($0.value)) }))
        case .bytes: self = .string(value.text)  // base64, as OTLP/JSON writes bytes
        }
    }
}

extension APIModels.SpanNode {
    public init(_ node: TraceView.Node, view: TraceView) {
        let span = node.span
        spanId = span.spanID.hexString
        parentSpanId = span.parentSpanID?.hexString
        service = span.service
        name = span.name
        kind = span.kind.labelValue
        startUnixNano = span.startUnixNano
        start = RFC3339.format(unixNano: span.startUnixNano)
        durationMs = Double(span.durationNanos) / 1_000_000
        selfTimeMs = Double(node.selfTimeNanos) / 1_000_000
        criticalPath = node.isCritical
        status = Status(code: span.status.labelValue, message: span.statusMessage)
        depth = node.depth
        children = node.childIndices.map { view.spans[$0].span.spanID.hexString }
        attributes = .lastWins(span.attributes.map { ($0.key, $0.value.text) })
        fields = .typed(span.attributes)
        resource = .typed(span.resourceAttributes)
        scope = span.scope.map { APIModels.Scope(name: $0.name, version: $0.version, attributes: .typed($0.attributes)) }
        traceState = span.traceState.isEmpty ? nil : span.traceState
        flags = span.flags
        links = span.links.map { link in
            APIModels.Link(
                traceId: link.traceID?.hexString ?? "", spanId: link.spanID?.hexString ?? "",
                traceState: link.traceState.isEmpty ? nil : link.traceState, attributes: .typed(link.attributes))
        }
        events = span.events.map { event in
            APIModels.Event(
                name: event.name, timeUnixNano: event.timeUnixNano,
                attributes: .lastWins(event.attributes.map { ($0.key, $0.value.text) }), fields: .typed(event.attributes))
        }
        logs = node.logs.map { APIModels.Log($0, joinedBy: "trace_id") }
    }
}

extension APIModels.Summary {
    public init(_ summary: TraceSummary, links: [String: String]) {
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

extension APIModels.EventPayload.SpanBrief {
    public init(_ span: Span) {
        self.init(spanId: span.spanID.hexString, service: span.service, name: span.name, status: span.status.labelValue)
    }
}

extension Dictionary where Key == String {
    /// Keys as they come; a repeated key keeps its last value.
    /// Attributes by key with their typed values, the last of a repeated key winning.
    static func typed(_ attributes: [Attribute]) -> Self where Value == FieldValue {
        .lastWins(attributes.map { ($0.key, FieldValue($0.value)) })
    }

    static func lastWins(_ pairs: [(String, Value)]) -> Self {
        Dictionary(pairs, uniquingKeysWith: { _, last in last })
    }
}

extension APIModels.Trace {
    /// The trace view as the API shows it, the spans of `spanPage` (depth-first order) with their logs;
    /// `contextLogs` are the logs joined by time window, when asked for.
    public init(
        _ view: TraceView, links: [String: String], contextLogs: [LogEvent]? = nil, spanPage: Range<Int>? = nil
    ) {
        let page = (spanPage ?? view.spans.indices).clamped(to: view.spans.indices)
        traceId = view.traceID.hexString
        summary = APIModels.Summary(view.summary, links: links)
        spans = view.spans[page].map { APIModels.SpanNode($0, view: view) }
        spanTotal = view.spans.count
        nextSpanOffset = page.upperBound < view.spans.count ? page.upperBound : nil
        logs = page.lowerBound == 0 ? view.traceLogs.map { APIModels.Log($0, joinedBy: "trace_id") } : []
        self.contextLogs = contextLogs?.map { APIModels.Log($0, joinedBy: "time") }
        self.links = links
    }
}

extension APIModels.TraceList {
    public init(_ traces: [APIModels.Summary]) { self.traces = traces }
}

extension APIModels.LogList {
    public init(_ logs: [APIModels.Log], nextCursor: String?) {
        self.logs = logs
        self.nextCursor = nextCursor
    }
}

extension APIModels.Jump {
    public init(
        traceId: String, spanId: String?, logId: String?, resolution: TraceResolution?, links: [String: String]
    ) {
        self.traceId = traceId
        self.spanId = spanId
        self.logId = logId
        found = resolution != nil
        spanCount = resolution?.spanCount ?? 0
        logCount = resolution?.logCount ?? 0
        self.links = links
        trace = "/api/v1/traces/\(traceId)"
        page = Self.pagePath(traceId: traceId, spanId: spanId, logId: logId)
    }

    /// `/#/trace/ID?span=…&log=…`: the page's route to a trace, a span selected and a line highlighted.
    public static func pagePath(traceId: String, spanId: String?, logId: String?) -> String {
        var query: [String] = []
        if let spanId { query.append("span=\(spanId)") }
        if let logId { query.append("log=\(logId)") }
        return "/#/trace/\(traceId)" + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
    }
}

extension APIModels.ServiceRED {
    public init(
        service: String, calls: UInt64, errors: UInt64, callsPerSecond: Double, quantiles: [Double?],
        operations: [APIModels.OperationRED]
    ) {
        self.service = service
        self.calls = calls
        self.errors = errors
        self.callsPerSecond = callsPerSecond
        errorRatio = calls == 0 ? 0 : Double(errors) / Double(calls)
        p50Ms = quantiles[0]
        p95Ms = quantiles[1]
        p99Ms = quantiles[2]
        self.operations = operations
    }
}

extension APIModels.OperationRED {
    public init(
        spanName: String, spanKind: String, calls: UInt64, errors: UInt64, callsPerSecond: Double, quantiles: [Double?]
    ) {
        self.spanName = spanName
        self.spanKind = spanKind
        self.calls = calls
        self.errors = errors
        self.callsPerSecond = callsPerSecond
        errorRatio = calls == 0 ? 0 : Double(errors) / Double(calls)
        p50Ms = quantiles[0]
        p95Ms = quantiles[1]
        p99Ms = quantiles[2]
    }
}
