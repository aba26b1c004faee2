public import GRPCCore
import GRPCProtobuf
import TraceLinkCore
import TraceLinkOTLP

/// `opentelemetry.proto.collector.trace.v1.TraceService/Export`, decoding straight from the request
/// bytes into spans (no generated request message on this path).
public struct OTLPTraceGRPCService: RegistrableRPCService {
    public var spans: SpanIngest

    public init(spans: SpanIngest) {
        self.spans = spans
    }

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        let spans = self.spans
        router.registerHandler(
            forMethod: Opentelemetry_Proto_Collector_Trace_V1_TraceService.Method.Export.descriptor,
            deserializer: SpanDeserializer(spans: spans),
            serializer: ProtobufSerializer<ExportTraceServiceResponse>(),
            handler: { request, _ in
                let message = try await ServerRequest(stream: request).message
                spans.accept(message, transport: "grpc")
                var response = ExportTraceServiceResponse()
                if message.rejected > 0 {
                    response.partialSuccess.rejectedSpans = Int64(message.rejected)
                    response.partialSuccess.errorMessage = message.rejectionMessage
                }
                return StreamingServerResponse(single: ServerResponse(message: response))
            }
        )
    }
}

/// Decodes the request bytes into spans; a malformed message is INVALID_ARGUMENT.
struct SpanDeserializer: MessageDeserializer {
    var spans: SpanIngest

    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> DecodedSpans {
        spans.metrics.bytesReceived(serializedMessageBytes.count, transport: "grpc")
        do {
            return try serializedMessageBytes.withUnsafeBytes { bytes throws(IngestError) in
                try spans.decodeProtobuf(bytes, transport: "grpc")
            }
        } catch let error as IngestError {
            throw RPCError(code: error.grpcCode, message: error.message)
        }
    }
}
