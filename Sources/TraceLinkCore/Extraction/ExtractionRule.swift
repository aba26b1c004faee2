/// One way of finding trace context in a record, with its options. A `TraceContextExtractor` tries its
/// rules in order; the first that yields a valid trace id wins.
///
/// Config builds rules from `sources[].extract`, a list such as
/// `[{type: json}, {type: logfmt, trace_id_keys: [tid]}, {type: regex, pattern: '…'}, {type: headers}]`;
/// see `FieldKeys`, `HeaderFormat` and `JournaldFields` for each type's options.
public struct ExtractionRule: Sendable {
    enum Kind: Sendable {
        case json(KeyTable)
        case logfmt(KeyTable)
        case regex(PatternMatcher)
        case headers([HeaderFormat])
        case journald(JournaldFieldTable)
    }

    /// Boxed so that copying a rule is one retain, whatever its options hold; the hot path reaches it without one
    /// (`TraceContextExtractor.applyLineRules`).
    final class Storage: Sendable {
        let kind: Kind
        /// A json or logfmt rule's key table, not retained (`kind` holds it): binding it out of `kind` retained it.
        private let keyTable: Unmanaged<KeyTable>?

        init(_ kind: Kind) {
            self.kind = kind
            switch kind {
            case .json(let table), .logfmt(let table): keyTable = .passUnretained(table)
            case .regex, .headers, .journald: keyTable = nil
            }
        }

        /// Runs the rule on one line (journald rules do nothing here).
        @inline(__always)
        func scan(_ line: UnsafeBufferPointer<UInt8>, into found: inout FieldAccumulator) {
            switch kind {
            // `_withUnsafeGuaranteedRef` (standard library, underscored) is what keeps the retain away; should a
            // toolchain drop it, `Extraction.Places.1000VariedJSONLines` shows the retains coming back.
            case .json:
                keyTable.unsafelyUnwrapped._withUnsafeGuaranteedRef {
                    JSONScanner.scan(line, table: $0, into: &found)
                }
            case .logfmt:
                keyTable.unsafelyUnwrapped._withUnsafeGuaranteedRef {
                    LogfmtScanner.scan(line, table: $0, into: &found)
                }
            case .regex(let matcher): matcher.scan(line, into: &found)
            case .headers(let formats): HeaderScanner.scan(line, formats: formats, into: &found)
            case .journald: break
            }
        }
    }

    let storage: Storage
    var kind: Kind { storage.kind }

    init(kind: Kind) {
        storage = Storage(kind)
    }

    /// JSON object lines, read by key; dotted keys also match nested objects.
    public static func json(_ keys: FieldKeys) -> ExtractionRule {
        ExtractionRule(kind: .json(KeyTable(keys)))
    }

    /// `key=value` pairs: logfmt, and the pairs text formats embed (`[trace_id=… span_id=…]`).
    public static func logfmt(_ keys: FieldKeys) -> ExtractionRule {
        ExtractionRule(kind: .logfmt(KeyTable(keys)))
    }

    /// A regular expression (Swift `Regex` syntax) with the named group `trace_id` and optionally
    /// `span_id`, `trace_flags`, `severity`, `ts`, `service`, `message`. Throws when the pattern does
    /// not compile or has no `trace_id` group.
    public static func regex(_ pattern: String) throws(ExtractionRuleError) -> ExtractionRule {
        ExtractionRule(kind: .regex(try PatternMatcher(pattern: pattern)))
    }

    /// Header-shaped values anywhere in the line, tried in the order given.
    public static func headers(_ formats: [HeaderFormat]) -> ExtractionRule {
        ExtractionRule(kind: .headers(formats))
    }

    /// Journal entries' own fields (`extract(fields:)`, `extractPlaces(journalFields:)`; a no-op for lines).
    public static func journald(_ fields: JournaldFields) -> ExtractionRule {
        ExtractionRule(kind: .journald(JournaldFieldTable(fields)))
    }

    /// JSON with the default keys.
    public static let json = ExtractionRule.json(.default)
    /// logfmt with the default keys.
    public static let logfmt = ExtractionRule.logfmt(.default)
    /// Every header format, in `HeaderFormat.allCases` order.
    public static let headers = ExtractionRule.headers(HeaderFormat.allCases)
    /// Journald with the default field names.
    public static let journald = ExtractionRule.journald(.default)

    /// journald fields, JSON keys, logfmt keys, then header-shaped values anywhere in the line.
    public static let defaults: [ExtractionRule] = [.journald, .json, .logfmt, .headers]

    /// The pattern for Spring Cloud Sleuth and Spring Boot 3.0–3.1 with Micrometer Tracing, whose level
    /// is followed by `[service,traceId,spanId]` or `[service,traceId,spanId,exportable]`.
    public static let springSleuthPattern =
        #"^(?<ts>\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:[.,]\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?\s*"#
        + #"(?<severity>TRACE|DEBUG|INFO|WARN|ERROR|FATAL)\s+"#
        + #"\[(?<service>[^,\]\s]*),(?<trace_id>[0-9a-fA-F]{32}|[0-9a-fA-F]{16}),(?<span_id>[0-9a-fA-F]{16})(?:,[^\]]*)?\]"#

    /// The config name of the rule's type: `json`, `logfmt`, `regex`, `headers` or `journald`.
    public var type: String {
        switch kind {
        case .json: "json"
        case .logfmt: "logfmt"
        case .regex: "regex"
        case .headers: "headers"
        case .journald: "journald"
        }
    }
}

extension ExtractionRule: CustomStringConvertible {
    public var description: String {
        switch kind {
        case .json(let table), .logfmt(let table):
            "\(type)(trace_id_keys: \(table.keys.traceID + table.keys.decimalTraceID), span_id_keys: \(table.keys.spanID + table.keys.decimalSpanID))"
        case .regex(let matcher): "regex(\(matcher.pattern))"
        case .headers(let formats): "headers(\(formats.map(\.rawValue).joined(separator: ", ")))"
        case .journald(let table):
            "journald(trace_id_fields: \(table.fields.traceID), span_id_fields: \(table.fields.spanID))"
        }
    }
}
