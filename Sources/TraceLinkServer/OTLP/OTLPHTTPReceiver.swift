public import Hummingbird
import Logging
import NIOCore
import TraceLinkCore
import TraceLinkOTLP

/// OTLP/HTTP: `POST /v1/traces` and `POST /v1/logs` in protobuf or JSON, gzip or deflate, with OTLP's own responses.
public struct OTLPHTTPReceiver: Sendable {
    public var spans: SpanIngest
    /// nil when log records are not accepted (the route then answers 404).
    public var logs: LogIngest?
    public var limits: BodyLimits

    public init(spans: SpanIngest, logs: LogIngest? = nil, limits: BodyLimits = .default) {
        self.spans = spans
        self.logs = logs
        self.limits = limits
    }

    /// Adds the OTLP routes to a router, so one listener can serve them.
    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/traces") { request, _ in
            await exportTraces(request)
        }
        if let logs {
            router.post("/v1/logs") { request, _ in
                await exportLogs(request, logs: logs)
            }
        }
    }

    func exportTraces(_ request: Request) async -> Response {
        await export(request, signal: "traces", metrics: spans.metrics) { body, encoding in
            let decoded: SpanBatch
            switch encoding {
            case .protobuf:
                decoded = try body.withUnsafeReadableBytes { bytes throws(IngestError) in
                    try spans.decodeProtobuf(bytes, transport: "http")
                }
            case .json:
                // Converted once into the canonical protobuf form, then read as a protobuf request is.
                let protobuf: [UInt8]
                do throws(OTLPDecodingError) {
                    protobuf = try body.withUnsafeReadableBytes { bytes throws(OTLPDecodingError) in
                        try OTLPJSONConversion.traceRequest(json: bytes)
                    }
                } catch {
                    throw IngestError(.invalidJSON, error.message)
                }
                decoded = try protobuf.withUnsafeBytes { bytes throws(IngestError) in
                    try spans.decodeProtobuf(bytes, transport: "http")
                }
            }
            let accepted = spans.accept(decoded, transport: "http")
            var response = ExportTraceServiceResponse()
            if accepted.refused > 0 {
                response.partialSuccess.rejectedSpans = Int64(accepted.refused)
                response.partialSuccess.errorMessage = accepted.refusalMessage
            }
            return OTLPHTTPResponse.message(response, encoding: encoding)
        }
    }

    func exportLogs(_ request: Request, logs: LogIngest) async -> Response {
        await export(request, signal: "logs", metrics: logs.metrics) { body, encoding in
            let decoded: DecodedLogs
            switch encoding {
            case .protobuf:
                decoded = try body.withUnsafeReadableBytes { bytes throws(IngestError) in
                    try logs.decodeProtobuf(bytes, transport: "http")
                }
            case .json:
                // Converted once into the canonical protobuf form, then read as a protobuf request is.
                let protobuf: [UInt8]
                do throws(OTLPDecodingError) {
                    protobuf = try body.withUnsafeReadableBytes { bytes throws(OTLPDecodingError) in
                        try OTLPJSONConversion.logsRequest(json: bytes)
                    }
                } catch {
                    throw IngestError(.invalidJSON, error.message)
                }
                decoded = try protobuf.withUnsafeBytes { bytes throws(IngestError) in
                    try logs.decodeProtobuf(bytes, transport: "http")
                }
            }
            let accepted = await logs.accept(decoded, transport: "http")
            var response = ExportLogsServiceResponse()
            if accepted.rejected > 0 {
                response.partialSuccess.rejectedLogRecords = Int64(accepted.rejected)
                response.partialSuccess.errorMessage = accepted.rejectionMessage
            }
            return OTLPHTTPResponse.message(response, encoding: encoding)
        }
    }

    /// Checks the content type, reads the body within limits, runs `handle` and encodes its answer or the error.
    /// Refusals are counted once here (protobuf decode errors are counted by the ingest that saw them).
    func export(
        _ request: Request, signal: String, metrics: ReceiverMetrics,
        handle: (ByteBuffer, OTLPHTTPResponse.Encoding) async throws -> Response
    ) async -> Response {
        guard let encoding = OTLPHTTPResponse.Encoding(contentType: request.headers[.contentType]) else {
            let error = IngestError(
                .unsupportedMediaType,
                "Content-Type must be application/x-protobuf or application/json, not \(request.headers[.contentType] ?? "none")"
            )
            metrics.requestRejected(transport: "http", signal: signal, reason: error.code.reason)
            return OTLPHTTPResponse.error(error, encoding: .protobuf)
        }
        do {
            let body = try await RequestBodyReader.read(request, limits: limits)
            metrics.bytesReceived(request.headers[.contentLength].flatMap(Int.init) ?? body.readableBytes, transport: "http")
            return try await handle(body, encoding)
        } catch let error as IngestError {
            if error.code != .invalidProtobuf {
                metrics.requestRejected(transport: "http", signal: signal, reason: error.code.reason)
            }
            return OTLPHTTPResponse.error(error, encoding: encoding)
        } catch {
            let refusal = IngestError(.invalidEncoding, "could not read the request body: \(error)")
            metrics.requestRejected(transport: "http", signal: signal, reason: refusal.code.reason)
            return OTLPHTTPResponse.error(refusal, encoding: encoding)
        }
    }
}
