/// One way of finding trace context in a record. The set and its options are decided by the
/// extraction work; sources and config only pass them through.
public enum ExtractionRule: Sendable {
    case json
    case logfmt
    case headers

    public static let defaults: [ExtractionRule] = [.json, .logfmt, .headers]
}
