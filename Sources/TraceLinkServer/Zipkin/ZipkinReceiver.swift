public import Hummingbird
import NIOCore
import TraceLinkCore
import TraceLinkOTLP

/// Zipkin v2: `POST /api/v2/spans` (Zipkin's own endpoint, so a Zipkin tracer or the OpenTelemetry Zipkin exporter
/// needs only the host changed), JSON or Zipkin's protobuf (`ListOfSpans`), gzip or deflate. The spans are converted once into the canonical OTLP form
/// (`ZipkinConversion`) and go the way OTLP spans go; the answer is Zipkin's `202 Accepted`, or `400` with what
/// was wrong.
public struct ZipkinReceiver: Sendable {
    public var spans: SpanIngest
    public var limits: BodyLimits

    public init(spans: SpanIngest, limits: BodyLimits = .default) {
        self.spans = spans
        self.limits = limits
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.post("/api/v2/spans") { request, _ in await accept(request) }
    }

    func accept(_ request: Request) async -> Response {
        let metrics = spans.metrics
        let contentType = request.headers[.contentType]?.lowercased() ?? "application/json"
        let isProtobuf = contentType.hasPrefix("application/x-protobuf") || contentType.hasPrefix("application/protobuf")
        guard isProtobuf || contentType.hasPrefix("application/json") else {
            let error = IngestError(
                .unsupportedMediaType,
                "Content-Type must be application/json (Zipkin v2 JSON) or application/x-protobuf (Zipkin's proto3), "
                    + "not \(request.headers[.contentType] ?? "none")")
            metrics.requestRejected(transport: "zipkin", signal: "traces", reason: error.code.reason)
            return Self.answer(error)
        }
        do {
            let body = try await RequestBodyReader.read(request, limits: limits)
            metrics.bytesReceived(request.headers[.contentLength].flatMap(Int.init) ?? body.readableBytes, transport: "zipkin")
            let protobuf: [UInt8]
            do throws(OTLPDecodingError) {
                protobuf = try body.withUnsafeReadableBytes { bytes throws(OTLPDecodingError) in
                    isProtobuf ? try ZipkinConversion.traceRequest(protobuf: bytes) : try ZipkinConversion.traceRequest(json: bytes)
                }
            } catch {
                let refusal = IngestError(isProtobuf ? .invalidProtobuf : .invalidJSON, error.message)
                // Protobuf refusals are otherwise counted by the span reader; this one never reached it.
                if isProtobuf { metrics.requestRejected(transport: "zipkin", signal: "traces", reason: refusal.code.reason) }
                throw refusal
            }
            let batch = try protobuf.withUnsafeBytes { bytes throws(IngestError) in
                try spans.decodeProtobuf(bytes, transport: "zipkin")
            }
            spans.accept(batch, transport: "zipkin")
            return Response(status: .accepted)
        } catch let error as IngestError {
            if error.code != .invalidProtobuf {
                metrics.requestRejected(transport: "zipkin", signal: "traces", reason: error.code.reason)
            }
            return Self.answer(error)
        } catch {
            let refusal = IngestError(.invalidEncoding, "could not read the request body: \(error)")
            metrics.requestRejected(transport: "zipkin", signal: "traces", reason: refusal.code.reason)
            return Self.answer(refusal)
        }
    }

    /// Zipkin answers errors as plain text.
    static func answer(_ error: IngestError) -> Response {
        Response(
            status: error.httpStatus, headers: [.contentType: "text/plain; charset=utf-8"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: error.message + "\n")))
    }
}
