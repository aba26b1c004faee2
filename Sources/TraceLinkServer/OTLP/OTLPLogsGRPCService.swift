public import GRPCCore
import GRPCProtobuf
import TraceLinkCore
import TraceLinkOTLP

/// `opentelemetry.proto.collector.logs.v1.LogsService/Export`: log records join their traces like tailed lines.
public struct OTLPLogsGRPCService: RegistrableRPCService {
    public var logs: LogIngest
    public var maxMessageBytes: Int

    public init(logs: LogIngest, maxMessageBytes: Int) {
        self.logs = logs
        self.maxMessageBytes = maxMessageBytes
    }

    public func registerMethods<Transport: ServerTransport>(with router: inout RPCRouter<Transport>) {
        let logs = self.logs
        router.registerHandler(
            forMethod: Opentelemetry_Proto_Collector_Logs_V1_LogsService.Method.Export.descriptor,
            deserializer: OTLPExportDeserializer(metrics: logs.metrics, signal: "logs", maxMessageBytes: maxMessageBytes) {
                bytes throws(IngestError) in try logs.decodeProtobuf(bytes, transport: "grpc")
            },
            serializer: ProtobufSerializer<ExportLogsServiceResponse>(),
            handler: { request, _ in
                let message = await logs.accept(try await ServerRequest(stream: request).message, transport: "grpc")
                var response = ExportLogsServiceResponse()
                if message.rejected > 0 {
                    response.partialSuccess.rejectedLogRecords = Int64(message.rejected)
                    response.partialSuccess.errorMessage = message.rejectionMessage
                }
                return StreamingServerResponse(single: ServerResponse(message: response))
            }
        )
    }
}
