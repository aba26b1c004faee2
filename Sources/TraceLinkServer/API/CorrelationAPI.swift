import Foundation
public import Hummingbird
import NIOCore
import ServiceLifecycle
import TraceLinkAPIModels
public import TraceLinkCore

/// `/api/v1/...`: traces with their logs in place, log search, "jump" from a log line to its trace,
/// attribute search and a live feed of correlations.
public struct CorrelationAPI: Sendable {
    public var store: CorrelationStore
    public var configuration: APIConfiguration
    /// Extracts trace context from a pasted line with the same rules as the sources.
    public var extract: @Sendable (String) -> ExtractedRecord
    /// Reads back the log line at a file offset or journal cursor and extracts it; nil when it no longer exists.
    public var locate: @Sendable (LogLocation) async throws -> ExtractedRecord?
    /// RED per service for `/api/v1/services`; nil answers an empty list.
    public var spanMetrics: SpanMetrics?
    let rates: CallRateWindow
    let clock: MonotonicClock

    public init(
        store: CorrelationStore, configuration: APIConfiguration,
        extract: @escaping @Sendable (String) -> ExtractedRecord,
        locate: @escaping @Sendable (LogLocation) async throws -> ExtractedRecord?,
        spanMetrics: SpanMetrics? = nil, rates: CallRateWindow? = nil, clock: MonotonicClock = .continuous
    ) {
        self.store = store
        self.configuration = configuration
        self.extract = extract
        self.locate = locate
        self.spanMetrics = spanMetrics
        self.clock = clock
        self.rates = rates ?? CallRateWindow(startNanos: clock.now())
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        let group = router.group("api/v1")
        if let token = configuration.bearerToken {
            group.add(middleware: BearerTokenMiddleware(token: token))
        }
        if !configuration.corsAllowedOrigins.isEmpty {
            group.add(middleware: CORSMiddleware(allowOrigin: .custom(configuration.corsAllowedOrigins.joined(separator: " "))))
        }
        group.get("traces/{traceID}") { request, context in try trace(request, context: context) }
        group.get("traces/{traceID}/otlp") { _, context in try otlpExport(context: context) }
        group.get("traces") { request, _ in try traces(request) }
        group.get("logs") { request, _ in try logs(request) }
        group.get("jump") { request, _ in try await jump(request) }
        group.get("search") { request, _ in try search(request) }
        group.get("services") { _, _ in try services() }
        group.get("events") { _, _ in events() }
    }

    func trace(_ request: Request, context: BasicRequestContext) throws -> Response {
        let text = context.parameters.get("traceID") ?? ""
        guard let id = TraceID(hex: text) else {
            throw APIError.badRequest("invalid_trace_id", "trace id must be 32 (or 16) hex digits, not \"\(text)\"")
        }
        guard let view = store.trace(id) else { throw APIError.notFound("no trace \(id.hexString) is held") }
        let query = FormQuery(request.uri.query)
        let context = query.get("context") == "true" ? store.contextLogs(for: view.traceID) : nil
        let limit = try Self.limit(query.get("span_limit"), default: Self.spansPerPage, maximum: Self.spansPerPage, name: "span_limit")
        var offset = 0
        if let text = query.get("span_offset") {
            guard let value = Int(text), (0...Int.max - Self.spansPerPage).contains(value) else {
                throw APIError.badRequest("invalid_span_offset", "span_offset must be a non-negative integer")
            }
            offset = value
        }
        let links = configuration.links(for: view.traceID.hexString)
        return try Self.json(
            APIModels.Trace(
                view, links: links, contextLogs: context, spanPage: offset..<offset.addingReportingOverflow(limit).partialValue))
    }

    /// The trace's spans as an OTLP `ExportTraceServiceRequest` in protobuf, each span exactly as received with its
    /// resource and scope: for `otel-cli`, a collector, or any OTLP tool.
    func otlpExport(context: BasicRequestContext) throws -> Response {
        let text = context.parameters.get("traceID") ?? ""
        guard let id = TraceID(hex: text) else {
            throw APIError.badRequest("invalid_trace_id", "trace id must be 32 (or 16) hex digits, not \"\(text)\"")
        }
        guard let bytes = store.exportRequest(for: id) else { throw APIError.notFound("no span of trace \(id.hexString) is held") }
        return Response(
            status: .ok, headers: [.contentType: "application/x-protobuf"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    func traces(_ request: Request) throws -> Response {
        let query = FormQuery(request.uri.query)
        var filter = TraceFilter(limit: try Self.limit(query.get("limit"), default: 20))
        filter.service = query.get("service")
        filter.spanName = query.get("span_name")
        if let text = query.get("min_duration") {
            guard let nanos = QueryValues.durationNanos(text) else {
                throw APIError.badRequest("invalid_min_duration", "min_duration must be like 250ms, 2s or 1500 (ms), not \"\(text)\"")
            }
            filter.minDurationNanos = nanos
        }
        if let status = query.get("status") {
            guard status == "error" else { throw APIError.badRequest("invalid_status", "status accepts only \"error\"") }
            filter.errorsOnly = true
        }
        let summaries = store.traces(filter).map { APIModels.Summary($0, links: configuration.links(for: $0.traceID.hexString)) }
        return try Self.json(APIModels.TraceList(summaries))
    }

    func logs(_ request: Request) throws -> Response {
        let query = FormQuery(request.uri.query)
        var filter = LogFilter(limit: try Self.limit(query.get("limit"), default: 100))
        if let text = query.get("trace_id") {
            guard let id = TraceID(hex: text) else { throw APIError.badRequest("invalid_trace_id", "trace_id must be 32 or 16 hex digits") }
            filter.traceID = id
        }
        if let text = query.get("span_id") {
            guard let id = SpanID(hex: text) else { throw APIError.badRequest("invalid_span_id", "span_id must be 16 hex digits") }
            filter.spanID = id
        }
        filter.service = query.get("service")
        filter.source = query.get("source")
        filter.contains = query.get("contains")
        if let text = query.get("min_severity") {
            guard let severity = QueryValues.severity(text) else {
                throw APIError.badRequest("invalid_min_severity", "min_severity must be a level (e.g. warn, error) or 1-24")
            }
            filter.minSeverity = severity
        }
        for (key, keyPath) in [("since", \LogFilter.sinceUnixNano), ("until", \LogFilter.untilUnixNano)] {
            if let text = query.get(key) {
                guard let nanos = QueryValues.timeUnixNano(text) else {
                    throw APIError.badRequest("invalid_\(key)", "\(key) must be RFC 3339 or Unix seconds/nanoseconds")
                }
                filter[keyPath: keyPath] = nanos
            }
        }
        if let token = query.get("cursor") {
            guard let cursor = LogCursor(token: token) else { throw APIError.badRequest("invalid_cursor", "cursor is not one this API handed out") }
            filter.cursor = cursor
        }
        let page = store.logs(filter)
        return try Self.json(APIModels.LogList(page.logs.map { APIModels.Log($0) }, nextCursor: page.nextCursor?.token))
    }

    func jump(_ request: Request) async throws -> Response {
        let query = FormQuery(request.uri.query)
        let record: ExtractedRecord
        let location: LogLocation?
        if let pasted = query.get("line") {
            record = extract(pasted)
            location = nil
        } else if let cursor = query.get("journal_cursor") {
            location = .journal(cursor: cursor)
            guard let found = try await locate(.journal(cursor: cursor)) else {
                throw APIError.notFound("no journal entry at cursor \(cursor)")
            }
            record = found
        } else if let path = query.get("file") {
            guard let offset = query.get("offset").flatMap(UInt64.init) else {
                throw APIError.badRequest("invalid_offset", "file= needs offset= (the byte offset of the line)")
            }
            location = .file(path: path, offset: offset)
            guard let found = try await locate(.file(path: path, offset: offset)) else {
                throw APIError.notFound("no line at \(path) offset \(offset)")
            }
            record = found
        } else {
            throw APIError.badRequest("missing_line", "give line=, journal_cursor=, or file= with offset=")
        }
        guard let traceID = record.traceID else {
            throw APIError.notFound("no trace id found in the line")
        }
        let resolution = store.resolve(traceID)
        let fullID = resolution?.traceID ?? traceID
        let logID = resolution == nil
            ? nil : store.trace(fullID)?.log(jumpedFrom: record, line: query.get("line"), location: location)?.id
        let jump = APIModels.Jump(
            traceId: fullID.hexString, spanId: record.spanID?.hexString, logId: logID, resolution: resolution,
            links: configuration.links(for: fullID.hexString))
        if request.headers[.accept]?.contains("text/html") == true {
            // The configured UI when links are set (`jump_redirect`, else the first), else the built-in page.
            let links = jump.links
            let target =
                configuration.jumpRedirect.flatMap { links[$0] } ?? links.sorted(by: { $0.key < $1.key }).first?.value
                ?? jump.page
            return Response(status: .found, headers: [.location: target])
        }
        return try Self.json(jump)
    }

    /// RED per service and operation: calls per second over the last minute, error ratio and quantiles since start.
    func services() throws -> Response {
        let bounds = spanMetrics?.configuration.bucketsMilliseconds ?? []
        let operations = spanMetrics?.operationStatistics() ?? []
        let perSecond = rates.rates(current: CallRateWindow.calls(of: operations), nowNanos: clock.now())
        func quantiles(_ statistics: OperationStatistics) -> [Double?] {
            [0.5, 0.95, 0.99].map { statistics.quantile($0, bounds: bounds) }
        }
        var services: [APIModels.ServiceRED] = []
        for (service, group) in Dictionary(grouping: operations, by: \.service).sorted(by: { $0.key < $1.key }) {
            var total = OperationStatistics(
                service: service, spanName: "", spanKind: .unspecified, calls: 0, errors: 0,
                bucketCounts: Array(repeating: 0, count: bounds.count + 1))
            var rows: [APIModels.OperationRED] = []
            var serviceRate = 0.0
            for operation in group {
                total.add(operation)
                let rate = perSecond[
                    CallRateWindow.Key(service: service, spanName: operation.spanName, spanKind: operation.spanKind)] ?? 0
                serviceRate += rate
                rows.append(
                    APIModels.OperationRED(
                        spanName: operation.spanName, spanKind: operation.spanKind.labelValue, calls: operation.calls,
                        errors: operation.errors, callsPerSecond: rate, quantiles: quantiles(operation)))
            }
            services.append(
                APIModels.ServiceRED(
                    service: service, calls: total.calls, errors: total.errors, callsPerSecond: serviceRate,
                    quantiles: quantiles(total), operations: rows))
        }
        return try Self.json(
            APIModels.ServiceList(windowSeconds: Double(rates.windowNanos) / 1e9, services: services))
    }

    func search(_ request: Request) throws -> Response {
        let query = FormQuery(request.uri.query)
        guard let attribute = query.get("attr"), let equals = attribute.firstIndex(of: "="), equals != attribute.startIndex else {
            throw APIError.badRequest("invalid_attr", "attr must be KEY=VALUE, e.g. attr=order.id=123")
        }
        let key = String(attribute[..<equals])
        let value = String(attribute[attribute.index(after: equals)...])
        let limit = try Self.limit(query.get("limit"), default: 20)
        let summaries = store.search(attribute: key, value: value, limit: limit)
            .map { APIModels.Summary($0, links: configuration.links(for: $0.traceID.hexString)) }
        return try Self.json(APIModels.TraceList(summaries))
    }

    /// Server-sent events: `event: log_joined` / `error_span` / `traces_updated`, each with a JSON `data:` line,
    /// and a `: ping` comment every `keepAliveInterval`, so a client that went away is noticed (the write fails)
    /// and its connection closed even while nothing happens.
    func events() -> Response {
        let stream = store.events.subscribe()
        let interval = Self.keepAliveInterval
        let body = ResponseBody { writer in
            // Events and pings meet in one stream, so only this task writes.
            let (merged, output) = AsyncStream.makeStream(of: String.self, bufferingPolicy: .bufferingNewest(1024))
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    for await event in stream { output.yield(ServerSentEvents.format(event)) }
                    output.finish()
                }
                group.addTask {
                    while !Task.isCancelled {
                        try await Task.sleep(for: interval)
                        output.yield(": ping\n\n")
                    }
                }
                // The stream ends on graceful shutdown, so an open client does not hold the agent up.
                for await text in merged.cancelOnGracefulShutdown() {
                    try await writer.write(ByteBuffer(string: text))
                }
                group.cancelAll()
            }
            try await writer.finish(nil)
        }
        return Response(
            status: .ok, headers: [.contentType: "text/event-stream", .cacheControl: "no-cache"], body: body)
    }

    static let keepAliveInterval: Duration = .seconds(15)

    /// Spans per answer of `/api/v1/traces/{id}` at most: a bigger trace is answered in pages (`span_offset`).
    static let spansPerPage = 10_000

    static func limit(_ text: String?, default value: Int, maximum: Int = 10_000, name: String = "limit") throws -> Int {
        guard let text else { return value }
        guard let limit = Int(text), (1...maximum).contains(limit) else {
            throw APIError.badRequest("invalid_\(name)", "\(name) must be an integer in 1...\(maximum)")
        }
        return limit
    }

    static var encoder: JSONEncoder { APIModels.encoder }

    static func json(_ value: some Encodable) throws -> Response {
        let data = try encoder.encode(value)
        return Response(status: .ok, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(bytes: data)))
    }
}
