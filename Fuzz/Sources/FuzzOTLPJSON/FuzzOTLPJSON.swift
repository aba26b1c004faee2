import TraceLinkCore
import TraceLinkOTLP

/// libFuzzer entry: one OTLP/JSON request body (`POST /v1/traces` or `/v1/logs` with
/// `Content-Type: application/json`), converted to the canonical protobuf form and read as the receiver reads it,
/// and through the logs decoder. Any error must be thrown, never trapped; the spans handed on must carry the ids
/// the reader promises.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Array(UnsafeBufferPointer(start: data, count: size))
    if let protobuf = try? bytes.withUnsafeBytes({ try OTLPJSONConversion.traceRequest(json: $0) }),
        let batch = try? protobuf.withUnsafeBytes({ try SpanBatch(request: $0) })
    {
        for span in batch.decodedSpans where span.traceID.isLow64Only {
            fatalError("OTLP/JSON span with a 64-bit trace id: \(span.traceID)")
        }
    }
    if let protobuf = try? bytes.withUnsafeBytes({ try OTLPJSONConversion.logsRequest(json: $0) }) {
        _ = try? OTLPLogDecoder.decode(protobuf: protobuf, observedUnixNano: 1_700_000_000_000_000_000)
    }
    return 0
}
