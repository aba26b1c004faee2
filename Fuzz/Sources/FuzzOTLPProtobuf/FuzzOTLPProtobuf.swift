import Foundation
import TraceLinkCore
import TraceLinkOTLP

/// libFuzzer entry: one OTLP/protobuf request body, read by the intake walk (`SpanBatch(request:)`, every span
/// then decoded as a query would) and, when the walk accepts it, by the reference swift-protobuf decoder. The two
/// must find the same spans (count, rejections, trace, span and parent ids), as `OTLPTraceReaderTests` asserts on
/// valid requests.
/// The same bytes also go through the logs decoder (an `ExportLogsServiceRequest` has the same outer shape).
///
/// The fast reader is allowed to accept what the reference refuses (it repairs invalid UTF-8 and skips
/// unused nested messages without validating them), so only requests both accept are compared.
/// `FUZZ_OTLP_STRICT=1` compares every field of every span as well, to explore where the two differ.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let array = Array(bytes)
    if let batch = try? SpanBatch(request: bytes) {
        let fast = DecodedSpans(spans: batch.decodedSpans, rejected: batch.refused, rejectionMessage: batch.refusalMessage)
        if let reference = try? OTLPTraceDecoder.decode(protobuf: array) { compare(fast: fast, reference: reference) }
    }
    if let logs = try? OTLPLogDecoder.decode(protobuf: array, observedUnixNano: 1_700_000_000_000_000_000) {
        for event in logs.events where event.timeUnixNano == 0 {
            fatalError("log event without a time: \(event)")
        }
    }
    return 0
}

let strict = ProcessInfo.processInfo.environment["FUZZ_OTLP_STRICT"] == "1"

func compare(fast: DecodedSpans, reference: DecodedSpans) {
    guard fast.spans.count == reference.spans.count, fast.rejected == reference.rejected else {
        fatalError(
            "fast reader found \(fast.spans.count) spans (\(fast.rejected) rejected), "
                + "reference \(reference.spans.count) (\(reference.rejected) rejected)")
    }
    for (index, (mine, theirs)) in zip(fast.spans, reference.spans).enumerated() {
        guard mine.traceID == theirs.traceID, mine.spanID == theirs.spanID, mine.parentSpanID == theirs.parentSpanID
        else {
            fatalError("span \(index): fast reader ids \(ids(mine)), reference \(ids(theirs))")
        }
        // Described rather than compared with `==`, so that a NaN attribute equals itself.
        if strict, String(describing: mine) != String(describing: theirs) {
            fatalError("span \(index) differs:\nfast      \(mine)\nreference \(theirs)")
        }
    }
    if strict, fast.rejectionMessage != reference.rejectionMessage {
        fatalError("rejection message: fast \"\(fast.rejectionMessage)\", reference \"\(reference.rejectionMessage)\"")
    }
}

func ids(_ span: Span) -> String {
    "\(span.traceID.hexString)/\(span.spanID.hexString)/\(span.parentSpanID?.hexString ?? "-")"
}
