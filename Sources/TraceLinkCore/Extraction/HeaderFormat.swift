/// A propagation format recognised by its shape anywhere in a line, e.g. a header echoed in an access log.
/// The raw value is the name config uses.
public enum HeaderFormat: String, Sendable, Hashable, CaseIterable {
    /// W3C `traceparent`: `00-<32 hex>-<16 hex>-<2 hex>`, with or without the header name.
    case traceparent
    /// B3 single header after a `b3:` or `b3=` name: `<16|32 hex>-<16 hex>[-<0|1|d>[-<16 hex>]]`.
    case b3
    /// B3 multi headers: `X-B3-TraceId` (16 or 32 hex), `X-B3-SpanId`, `X-B3-Sampled`, any case.
    case b3Multi = "x-b3"
    /// Jaeger `uber-trace-id: <trace>:<span>:<parent>:<flags>`, short hex left-padded, `%3A` accepted.
    case uberTraceID = "uber-trace-id"
    /// AWS X-Ray `Root=1-<8 hex>-<24 hex>[;Parent=<16 hex>][;Sampled=<0|1>]`; the trace id is the two parts.
    case xray
    /// RFC 5424 structured data: `[<sd-id> trace_id="…" span_id="…" trace_flags="…"]`.
    case rfc5424
    /// A bare `<32 hex>-<16 hex>` pair, as Spring Boot 3.2+ prints its correlation `[traceId-spanId]`.
    case traceSpanPair = "trace-span-pair"
}
