public import GRPCCore
import GRPCProtobuf
import TraceLinkCore
import TraceLinkOTLP

/// `opentelemetry.proto.collector.trace.v1.TraceService/Export`, decoding straight from the request
/// bytes into spans (no generated request message on this path).
public struct OTLPTraceGRPCService: RegistrableRPCService {
    public var spans: SpanIngest
    /// Messages larger than this (after gRPC decompression) are refused with RESOURCE_EXHAUSTED.
    public var maxMessageBytes: Int

    public init(spans: SpanIngest, maxMessageBytes: Int) {
        self.spans = spans
        self.maxMessageBytes = maxMessageBytes
    }

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        let spans = self.spans
        router.registerHandler(
            forMethod: Opentelemetry_Proto_Collector_Trace_V1_TraceService.Method.Export.descriptor,
            deserializer: OTLPExportDeserializer(metrics: spans.metrics, signal: "traces", maxMessageBytes: maxMessageBytes) {
                bytes throws(IngestError) in try spans.decodeProtobuf(bytes, transport: "grpc")
            },
            serializer: ProtobufSerializer<ExportTraceServiceResponse>(),
            handler: { request, _ in
                let message = spans.accept(try await ServerRequest(stream: request).message, transport: "grpc")
                var response = ExportTraceServiceResponse()
                if message.refused > 0 {
                    response.partialSuccess.rejectedSpans = Int64(message.refused)
                    response.partialSuccess.errorMessage = message.refusalMessage
                }
                return StreamingServerResponse(single: ServerResponse(message: response))
            }
        )
    }
}
