internal import TraceLinkCore

/// Events read from one file and not yet delivered, each with the checkpoint offset that becomes
/// safe once it (and everything before it) is in the sink.
struct FileEventBuffer {
    var events: [TraceLinkCore.LogEvent] = []
    var commits: [UInt64] = []

    mutating func append(_ event: TraceLinkCore.LogEvent, commit: UInt64) {
        events.append(event)
        commits.append(commit)
    }
}

/// Turns a line (or multiline record) of raw bytes into a `LogEvent`: extraction, UTF-8 repair,
/// service mapping, location. Built once per `run()`, used on the source's task only.
struct FileEventBuilder {
    let source: String
    let extractor: TraceContextExtractor
    let metrics: FileSourceMetrics
    let multilineStart: Regex<AnyRegexOutput>?
    let multilineMaxLines: Int
    let multilineMaxBytes: Int
    private let fixedService: String?
    private let serviceFromPath: Regex<AnyRegexOutput>?

    static let truncatedAttribute = Attribute(key: "log.truncated", value: .bool(true))

    init(configuration: FileSourceConfiguration, metrics: FileSourceMetrics) throws {
        source = configuration.name
        extractor = configuration.extractor
        self.metrics = metrics
        multilineStart = try configuration.multiline.map { try Regex($0.startPattern) }
        multilineMaxLines = configuration.multiline?.maxLines ?? 1
        multilineMaxBytes = configuration.multiline?.maxBytes ?? configuration.maxLineBytes
        fixedService = configuration.service
        serviceFromPath = try configuration.serviceFromPath.map { try Regex($0) }
    }

    /// The configured service for lines of `path` that name none.
    func service(forPath path: String) -> String? {
        if let fixedService { return fixedService }
        guard let serviceFromPath, let match = try? serviceFromPath.firstMatch(in: path) else { return nil }
        if let named = match.output["service"]?.substring { return String(named) }
        if match.output.count > 1, let first = match.output[1].substring { return String(first) }
        return nil
    }

    /// Whether `line` starts a new multiline record.
    func startsRecord(_ line: UnsafeRawBufferPointer) -> Bool {
        guard let multilineStart else { return true }
        let text = String(decoding: line, as: UTF8.self)
        return (try? multilineStart.firstMatch(in: text)) != nil
    }

    func makeEvent(
        _ bytes: UnsafeRawBufferPointer, offset: UInt64, path: String, service: String?, truncated: Bool,
        observed: UInt64
    ) -> TraceLinkCore.LogEvent {
        let record = extractor.extract(line: bytes)
        let message: String
        let line: String
        if let valid = String(validating: bytes, as: UTF8.self) {
            line = valid
        } else {
            metrics.invalidUTF8Lines.increment()
            line = String(decoding: bytes, as: UTF8.self)
        }
        // A structured line keeps the whole record beside its message: its fields are parsed when asked.
        let kept: String?
        if let extracted = record.message {
            message = extracted
            kept = line
        } else {
            message = line
            kept = nil
        }
        if truncated { metrics.linesTruncated.increment() }
        return TraceLinkCore.LogEvent(
            timeUnixNano: record.timeUnixNano ?? observed,
            observedUnixNano: observed,
            severity: record.severity ?? .unspecified,
            message: message,
            service: record.service ?? service,
            traceID: record.traceID,
            spanID: record.spanID,
            traceFlags: record.traceFlags,
            source: source,
            location: .file(path: path, offset: offset),
            attributes: truncated ? [Self.truncatedAttribute] : [],
            record: kept
        )
    }
}
