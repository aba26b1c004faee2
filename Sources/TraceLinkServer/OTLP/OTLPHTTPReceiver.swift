public import Hummingbird
import Logging
import NIOCore
import TraceLinkCore
public import TraceLinkOTLP

/// OTLP/HTTP: `POST /v1/traces` in protobuf or JSON, gzip or deflate, with OTLP's own responses.
public struct OTLPHTTPReceiver: Sendable {
    public var spans: SpanIngest
    public var limits: BodyLimits

    public init(spans: SpanIngest, limits: BodyLimits = .default) {
        self.spans = spans
        self.limits = limits
    }

    /// Adds the OTLP routes to a router, so one listener can serve them.
    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/v1/traces") { request, _ in
            await exportTraces(request)
        }
    }

    func exportTraces(_ request: Request) async -> Response {
        guard let encoding = OTLPHTTPResponse.Encoding(contentType: request.headers[.contentType]) else {
            let error = IngestError(
                .unsupportedMediaType,
                "Content-Type must be application/x-protobuf or application/json, not \(request.headers[.contentType] ?? "none")"
            )
            spans.metrics.requestRejected(transport: "http", signal: "traces", reason: error.code.reason)
            return OTLPHTTPResponse.error(error, encoding: .protobuf)
        }
        do {
            let body = try await RequestBodyReader.read(request, limits: limits)
            spans.metrics.bytesReceived(request.headers[.contentLength].flatMap(Int.init) ?? body.readableBytes, transport: "http")
            let decoded: DecodedSpans
            switch encoding {
            case .protobuf:
                decoded = try body.withUnsafeReadableBytes { bytes throws(IngestError) in
                    try spans.decodeProtobuf(bytes, transport: "http")
                }
            case .json:
                do {
                    decoded = try OTLPJSONTraceDecoder.decode(json: Array(buffer: body))
                } catch {
                    let refusal = IngestError(.invalidJSON, error.message)
                    spans.metrics.requestRejected(transport: "http", signal: "traces", reason: refusal.code.reason)
                    throw refusal
                }
            }
            spans.accept(decoded, transport: "http")
            var response = ExportTraceServiceResponse()
            if decoded.rejected > 0 {
                response.partialSuccess.rejectedSpans = Int64(decoded.rejected)
                response.partialSuccess.errorMessage = decoded.rejectionMessage
            }
            return OTLPHTTPResponse.message(response, encoding: encoding)
        } catch let error as IngestError {
            if error.code != .invalidProtobuf && error.code != .invalidJSON {
                spans.metrics.requestRejected(transport: "http", signal: "traces", reason: error.code.reason)
            }
            return OTLPHTTPResponse.error(error, encoding: encoding)
        } catch {
            let refusal = IngestError(.invalidEncoding, "could not read the request body: \(error)")
            spans.metrics.requestRejected(transport: "http", signal: "traces", reason: refusal.code.reason)
            return OTLPHTTPResponse.error(refusal, encoding: encoding)
        }
    }
}
