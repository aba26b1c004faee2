import GRPCCore

/// Decodes an OTLP export message straight from the request bytes. A message over the limit is
/// RESOURCE_EXHAUSTED, a malformed one INVALID_ARGUMENT, each counted for its signal.
struct OTLPExportDeserializer<Decoded: Sendable>: MessageDeserializer {
    var metrics: ReceiverMetrics
    var signal: String
    var maxMessageBytes: Int
    var decode: @Sendable (UnsafeRawBufferPointer) throws(IngestError) -> Decoded

    func deserialize<Bytes: GRPCContiguousBytes>(_ serializedMessageBytes: Bytes) throws -> Decoded {
        metrics.bytesReceived(serializedMessageBytes.count, transport: "grpc")
        guard serializedMessageBytes.count <= maxMessageBytes else {
            let refusal = IngestError(
                .decompressedTooLarge, "message of \(serializedMessageBytes.count) bytes exceeds the limit of \(maxMessageBytes)"
            )
            metrics.requestRejected(transport: "grpc", signal: signal, reason: refusal.code.reason)
            throw RPCError(code: refusal.grpcCode, message: refusal.message)
        }
        do {
            return try serializedMessageBytes.withUnsafeBytes { bytes throws(IngestError) in try decode(bytes) }
        } catch let error as IngestError {
            throw RPCError(code: error.grpcCode, message: error.message)
        }
    }
}
