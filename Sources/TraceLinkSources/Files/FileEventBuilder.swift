internal import TraceLinkCore

/// Lines read from one file and not yet delivered, each with the checkpoint offset that becomes safe once it
/// (and everything before it) is in the sink.
struct FileEventBuffer {
    var lines: TraceLinkCore.LineBatch
    var commits: [UInt64] = []

    init(source: String, path: String) {
        lines = TraceLinkCore.LineBatch(source: source, path: path)
    }

    var count: Int { lines.count }

    /// Empties the buffer, keeping its storage.
    mutating func removeAll() {
        lines.removeAll()
        commits.removeAll(keepingCapacity: true)
    }
}

/// Adds a line (or multiline record) of raw bytes to a batch: extraction on its bytes, UTF-8 repair, service
/// mapping, counted. Built once per `run()`, used on the source's task only.
struct FileEventBuilder {
    let source: String
    let extractor: TraceContextExtractor
    let metrics: FileSourceMetrics
    let multilineStart: Regex<AnyRegexOutput>?
    /// Whether lines are joined into records (`multilineStart` is set), read per line without copying the regex.
    let isMultiline: Bool
    let multilineMaxLines: Int
    let multilineMaxBytes: Int
    private let fixedService: String?
    private let serviceFromPath: Regex<AnyRegexOutput>?

    init(configuration: FileSourceConfiguration, metrics: FileSourceMetrics) throws {
        source = configuration.name
        extractor = configuration.extractor
        self.metrics = metrics
        multilineStart = try configuration.multiline.map { try Regex($0.startPattern) }
        isMultiline = multilineStart != nil
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

    /// Appends the line that starts at `offset` in its file to `buffer`, safe to checkpoint past at `commit`.
    func append(
        _ bytes: UnsafeRawBufferPointer, offset: UInt64, service: String?, truncated: Bool, observed: UInt64,
        into buffer: inout FileEventBuffer, commit: UInt64
    ) {
        let valid = buffer.lines.append(
            bytes, offset: offset, truncated: truncated, observed: observed, service: service, extractor: extractor)
        buffer.commits.append(commit)
        if !valid { metrics.invalidUTF8Lines.increment() }
        if truncated { metrics.linesTruncated.increment() }
    }
}
