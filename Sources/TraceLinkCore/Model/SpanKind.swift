/// OTLP `Span.SpanKind`, with the label text the spanmetrics connector writes.
public enum SpanKind: UInt8, Sendable, CaseIterable {
    case unspecified = 0
    case `internal` = 1
    case server = 2
    case client = 3
    case producer = 4
    case consumer = 5

    /// From the OTLP enum number; unknown numbers read as unspecified.
    public init(otlpValue: Int) {
        self = SpanKind(rawValue: UInt8(clamping: max(0, otlpValue))) ?? .unspecified
    }

    /// The `span_kind` label value, e.g. `SPAN_KIND_SERVER`.
    public var labelValue: String {
        switch self {
        case .unspecified: "SPAN_KIND_UNSPECIFIED"
        case .internal: "SPAN_KIND_INTERNAL"
        case .server: "SPAN_KIND_SERVER"
        case .client: "SPAN_KIND_CLIENT"
        case .producer: "SPAN_KIND_PRODUCER"
        case .consumer: "SPAN_KIND_CONSUMER"
        }
    }
}

extension SpanKind {
    /// SERVER and CONSUMER: the half of a call that received it.
    public var isServerSide: Bool { self == .server || self == .consumer }

    /// CLIENT and PRODUCER: the half of a call that made it.
    public var isClientSide: Bool { self == .client || self == .producer }
}
