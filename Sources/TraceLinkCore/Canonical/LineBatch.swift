internal import CIntrinsics

#if canImport(Glibc)
    import Glibc
#endif

/// Lines of one file (or multiline records) as read, back to back, each with a fixed entry of what extraction
/// found in it: the form file logs travel in from the read buffer to the store. No line becomes a `String` or a
/// `LogEvent` on the way; the store writes each line's bytes as they are, and `event(at:)` builds a `LogEvent`
/// only where one is asked for (a sink that takes events, a live subscriber).
public struct LineBatch: Sendable {
    /// The source's configured name.
    public let source: String
    /// The file the lines come from.
    public let path: String
    /// The lines' bytes back to back, repaired to valid UTF-8 where they were not.
    public private(set) var bytes: [UInt8] = []
    public private(set) var entries: [LineEntry] = []
    /// The services the lines name (in the line, or the source's for its files), each once; entries index them.
    /// Kept from batch to batch while they are few (so that one service is not a new `String` per batch), so they may
    /// include services of earlier batches.
    private var serviceNames = BatchServices()
    public var services: [String] { serviceNames.names }
    /// Messages kept as decoded text (escaped in the line, or a regex rule's group); entries index it.
    private(set) var texts: [String] = []

    /// The field a line cut at `max_line_bytes` carries.
    public static let truncatedAttribute = Attribute(key: "log.truncated", value: .bool(true))

    public init(source: String, path: String) {
        self.source = source
        self.path = path
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// Empties the batch, keeping its storage for the next one (and its services, while they are few).
    public mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        texts.removeAll(keepingCapacity: true)
        serviceNames.removeAllIfMany()
    }

    /// Appends a line (without its newline), extracting from its bytes. `service` is the source's service for
    /// the file, used when the line names none. Returns false when the line was not valid UTF-8 (it is kept
    /// repaired).
    @discardableResult
    public mutating func append(
        _ line: UnsafeRawBufferPointer, offset: UInt64, truncated: Bool, observed: UInt64, service: String?,
        extractor: TraceContextExtractor
    ) -> Bool {
        let start = bytes.count
        let valid = Self.isValidUTF8(line)
        if valid {
            bytes.append(contentsOf: line)
        } else {
            bytes.append(contentsOf: String(decoding: line, as: UTF8.self).utf8)
        }
        let end = bytes.count
        let found = bytes.withUnsafeBufferPointer { all in
            extractor.extractPlaces(line: UnsafeBufferPointer(rebasing: all[start..<end]))
        }
        var entry = LineEntry(
            traceID: found.traceID, spanID: found.spanID, traceFlags: found.traceFlags,
            severity: found.severity ?? .unspecified, truncated: truncated,
            timeUnixNano: found.timeUnixNano ?? observed, observedUnixNano: observed, offset: offset,
            start: UInt32(start), end: UInt32(end))
        if let message = found.message { entry.message = keep(message, lineStart: start, lineEnd: end) }
        if let named = found.service {
            entry.service = serviceIndex(named, lineStart: start, lineEnd: end)
        } else if let service {
            entry.service = serviceNames.index(of: service)
        }
        entries.append(entry)
        return valid
    }

    // MARK: - Reading

    /// The line's bytes.
    func withLine<Result>(_ entry: LineEntry, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[Int(entry.start)..<Int(entry.end)])) }
    }

    /// The message's bytes (the whole line when it has no message field), or its text when decoded.
    func withMessage<Result>(_ entry: LineEntry, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        switch entry.message {
        case .wholeLine: return withLine(entry, body)
        case .place(let start, let end):
            return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[Int(start)..<Int(end)])) }
        case .text(let index):
            var text = texts[Int(index)]
            return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        }
    }

    public func service(of entry: LineEntry) -> String? { serviceNames.name(at: entry.service) }

    /// The line at `index` as a `LogEvent`, as a sink of events receives it.
    public func event(at index: Int) -> LogEvent {
        let entry = entries[index]
        let line = withLine(entry) { String(decoding: $0, as: UTF8.self) }
        let message = entry.hasMessageField ? withMessage(entry) { String(decoding: $0, as: UTF8.self) } : line
        return LogEvent(
            timeUnixNano: entry.timeUnixNano, observedUnixNano: entry.observedUnixNano, severity: entry.severity,
            message: message, service: service(of: entry), traceID: entry.traceID, spanID: entry.spanID,
            traceFlags: entry.traceFlags, source: source, location: .file(path: path, offset: entry.offset),
            attributes: entry.truncated ? [Self.truncatedAttribute] : [],
            record: entry.hasMessageField ? line : nil)
    }

    /// Every line as a `LogEvent`.
    public var events: [LogEvent] { entries.indices.map(event(at:)) }

    // MARK: - Building

    /// A text found in the line from `lineStart` to `lineEnd`: its place in `bytes` when its bytes are the text,
    /// else the text decoded.
    private func locate(_ text: ExtractedText, lineStart: Int, lineEnd: Int) -> (place: Range<Int>?, decoded: String?) {
        bytes.withUnsafeBufferPointer { all in
            let line = UnsafeBufferPointer(rebasing: all[lineStart..<lineEnd])
            if let place = text.verbatim(in: line) {
                return ((lineStart + place.lowerBound)..<(lineStart + place.upperBound), nil)
            }
            return (nil, text.decoded(in: line))
        }
    }

    private mutating func keep(_ message: ExtractedText, lineStart: Int, lineEnd: Int) -> LineEntry.Message {
        let (place, decoded) = locate(message, lineStart: lineStart, lineEnd: lineEnd)
        if let place { return .place(UInt32(place.lowerBound), UInt32(place.upperBound)) }
        texts.append(decoded ?? "")
        return .text(Int32(texts.count - 1))
    }

    /// The index of a service named in the line: found by its bytes among the batch's few services.
    private mutating func serviceIndex(_ named: ExtractedText, lineStart: Int, lineEnd: Int) -> Int32 {
        let (place, decoded) = locate(named, lineStart: lineStart, lineEnd: lineEnd)
        guard let place else { return serviceNames.index(of: decoded ?? "") }
        return bytes.withUnsafeBytes { serviceNames.index(of: UnsafeRawBufferPointer(rebasing: $0[place])) }
    }

    /// Whether `bytes` are valid UTF-8: an all-ASCII line (most) is known 64 bytes a step, the rest validated
    /// without allocating.
    static func isValidUTF8(_ bytes: UnsafeRawBufferPointer) -> Bool {
        bytes.withMemoryRebound(to: UInt8.self) { typed in
            guard let base = typed.baseAddress else { return true }
            return tracelink_is_ascii(base, typed.count) != 0 || (try? UTF8Span(validating: typed.span)) != nil
        }
    }
}

/// What the store and the sinks need of one line of a `LineBatch`, without its bytes.
public struct LineEntry: Sendable {
    public var traceID: TraceID?
    public var spanID: SpanID?
    public var traceFlags: UInt8?
    public var severity: Severity
    /// Cut at `max_line_bytes`.
    public var truncated: Bool
    /// The line's own time, or when it was read when it has none.
    public var timeUnixNano: UInt64
    public var observedUnixNano: UInt64
    /// Where the line starts in its file.
    public var offset: UInt64
    /// The line in the batch's bytes.
    var start: UInt32
    var end: UInt32
    var message: Message = .wholeLine
    /// Index in the batch's `services`; -1 when the line has none.
    var service: Int32 = -1

    /// A structured line's message field (the line is then kept whole beside it), or the whole line.
    enum Message {
        case wholeLine
        /// In the batch's bytes.
        case place(UInt32, UInt32)
        /// In the batch's decoded texts.
        case text(Int32)
    }

    var hasMessageField: Bool {
        if case .wholeLine = message { return false }
        return true
    }
}
