import TraceLinkCore
import TraceLinkServer

/// libFuzzer entry: one query string as it follows `?` in an API request, decoded as `FormQuery` does and each
/// value handed to the parser `CorrelationAPI` hands it to; then the whole input to every parser, so that a seed
/// such as `250ms` reaches `durationNanos` without a key in front. Bad values must give nil, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let query = FormQuery(text)
    for key in ["context", "span_limit", "span_offset", "limit", "service", "span_name", "status", "source",
                "contains", "line", "journal_cursor", "file", "offset", "attr"] {
        _ = query.get(key)
    }
    if let value = query.get("min_duration") { _ = QueryValues.durationNanos(value) }
    if let value = query.get("since") { _ = QueryValues.timeUnixNano(value) }
    if let value = query.get("until") { _ = QueryValues.timeUnixNano(value) }
    if let value = query.get("min_severity") { _ = QueryValues.severity(value) }
    if let value = query.get("cursor") { _ = LogCursor(token: value) }
    if let value = query.get("trace_id") { checkTraceID(value) }
    if let value = query.get("span_id") { checkSpanID(value) }

    _ = QueryValues.durationNanos(text)
    _ = QueryValues.timeUnixNano(text)
    _ = QueryValues.severity(text)
    _ = LogCursor(token: text)
    checkTraceID(text)
    checkSpanID(text)
    return 0
}

func checkTraceID(_ text: String) {
    if let traceID = TraceID(hex: text), traceID.high == 0, traceID.low == 0 {
        fatalError("TraceID(hex:) accepted an all-zero id: \(text)")
    }
}

func checkSpanID(_ text: String) {
    if let spanID = SpanID(hex: text), TraceID(hex: text)?.low != spanID.value {
        fatalError("SpanID(hex:) and TraceID(hex:) read \(text) differently")
    }
}
