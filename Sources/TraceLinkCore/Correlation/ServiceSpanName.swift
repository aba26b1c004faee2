/// The labels of `tracelink_span_error_logs_total`.
struct ServiceSpanName: Hashable, Sendable {
    var service: String
    var spanName: String
}
