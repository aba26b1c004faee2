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
            deserializer: LogDeserializer(logs: logs, maxMessageBytes: maxMessageBytes),
            serializer: ProtobufSerializer<ExportLogsServiceResponse>(),
            handler: { request, _ in
                let message = try await ServerRequest(stream: request).message
                await logs.accept(message, transport: "grpc")
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

/// Decodes log export bytes; malformed is INVALID_ARGUMENT, oversized RESOURCE_EXHAUSTED.
struct LogDeserializer: MessageDeserializer {
    var logs: LogIngest
    var maxMessageBytes: Int

    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> DecodedLogs {
        logs.metrics.bytesReceived(serializedMessageBytes.count, transport: "grpc")
        guard serializedMessageBytes.count <= maxMessageBytes else {
            let refusal = IngestError(
                .decompressedTooLarge, "message of \(serializedMessageBytes.count) bytes exceeds the limit of \(maxMessageBytes)"
            )
            logs.metrics.requestRejected(transport: "grpc", signal: "logs", reason: refusal.code.reason)
            throw RPCError(code: refusal.grpcCode, message: refusal.message)
        }
        do {
            return try serializedMessageBytes.withUnsafeBytes { bytes throws(IngestError) in
                try logs.decodeProtobuf(bytes, transport: "grpc")
            }
        } catch let error as IngestError {
            throw RPCError(code: error.grpcCode, message: error.message)
        }
    }
}
