/// OTLP `Status.StatusCode`, with the label text the spanmetrics connector writes.
public enum SpanStatusCode: UInt8, Sendable, CaseIterable {
    case unset = 0
    case ok = 1
    case error = 2

    /// From the OTLP enum number; unknown numbers read as unset.
    public init(otlpValue: Int) {
        self = SpanStatusCode(rawValue: UInt8(clamping: max(0, otlpValue))) ?? .unset
    }

    /// The `status_code` label value, e.g. `STATUS_CODE_ERROR`.
    public var labelValue: String {
        switch self {
        case .unset: "STATUS_CODE_UNSET"
        case .ok: "STATUS_CODE_OK"
        case .error: "STATUS_CODE_ERROR"
        }
    }
}
