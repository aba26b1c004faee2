/// Journal entries as read, back to back: each its cursor, then its fields in `JournalEntryFields` form, with a fixed
/// entry of what extraction found. The form journal entries travel in from the reader to the store: no entry
/// becomes `String`s, `Attribute`s or a `LogEvent` on the way. The store writes each entry's fields as they are and
/// makes its attributes when a query asks; `event(at:)` builds a `LogEvent` only where one is asked for (a sink
/// that takes events, a live subscriber).
///
/// Built by the reader a field at a time: `beginEntry(cursor:)`, `appendField(_:)` for each field the journal
/// gives, then `endEntry(…)`.
public struct JournalBatch: Sendable {
    /// The source's configured name.
    public let source: String
    public private(set) var bytes: [UInt8] = []
    public private(set) var entries: [JournalEntry] = []
    /// The services the entries name, each once; entries index them.
    private var serviceNames = BatchServices()
    public var services: [String] { serviceNames.names }
    /// Messages kept as decoded text (escaped in the message, or a regex rule's group); entries index it.
    private(set) var texts: [String] = []
    /// The entry being built: where it and its fields start, and where the values its service is named after are
    /// (noted as the fields come, the last of each).
    private var openEntry: (start: Int, fields: Int, unit: Range<Int>?, identifier: Range<Int>?)?

    public init(source: String) {
        self.source = source
    }

    public var count: Int { entries.count }
    public var isEmpty: Bool { entries.isEmpty }

    /// The last entry's cursor, where a reader resumes.
    public var lastCursor: String? {
        entries.last.map { entry in bytes.withUnsafeBytes { String(decoding: $0[entry.cursor], as: UTF8.self) } }
    }

    // MARK: - Building

    /// Starts an entry at `cursor` (its text, without a terminating zero).
    public mutating func beginEntry(cursor: UnsafeRawBufferPointer) {
        let start = bytes.count
        bytes.append(contentsOf: cursor)
        openEntry = (start, bytes.count, nil, nil)
    }

    /// Adds a field (`NAME=value`) of the entry begun, when the entry keeps it (`JournalEntryFields.keeping`).
    public mutating func appendField(_ field: UnsafeRawBufferPointer) {
        let keeping = JournalEntryFields.keeping(field)
        if case .drops = keeping { return }
        JournalEntryFields.append(field, to: &bytes)
        guard case .keepsTrusted(let trusted, let valueStart) = keeping else { return }
        let value = (bytes.count - (field.count - valueStart))..<bytes.count
        switch trusted {
        case .unit: openEntry?.unit = value
        case .identifier: openEntry?.identifier = value
        default: break
        }
    }

    /// Ends the entry begun, extracting from its fields. `realtime` is the journal's time of the entry in
    /// microseconds, its time when it carries none; `unitServices` names the service of a unit's entries.
    public mutating func endEntry(
        realtime: UInt64, observed: UInt64, extractor: TraceContextExtractor, unitServices: [String: String]
    ) {
        guard let (start, fieldsStart, unitPlace, identifierPlace) = openEntry else { return }
        openEntry = nil
        let end = bytes.count
        let (found, unit, identifier) = bytes.withUnsafeBufferPointer { all in
            let found = extractor.extractPlaces(
                journalFields: UnsafeBufferPointer(rebasing: all[fieldsStart..<end]), applicationFieldsOnly: true)
            func text(_ place: Range<Int>) -> String { String(decoding: all[place], as: UTF8.self) }
            return (found, unitPlace.map(text), identifierPlace.map(text))
        }
        var entry = JournalEntry(
            traceID: found.traceID, spanID: found.spanID, traceFlags: found.traceFlags,
            severity: found.severity ?? .unspecified, timeUnixNano: found.timeUnixNano ?? realtime &* 1000,
            observedUnixNano: observed, cursor: start..<fieldsStart, fields: fieldsStart..<end)
        if let message = found.message { entry.message = keep(message, fieldsStart: fieldsStart, end: end) }
        let extracted = found.service.map { named in
            bytes.withUnsafeBufferPointer { named.decoded(in: UnsafeBufferPointer(rebasing: $0[fieldsStart..<end])) }
        }
        if let service = Self.service(unit: unit, identifier: identifier, extracted: extracted, unitServices: unitServices) {
            entry.service = serviceNames.index(of: service)
        }
        entries.append(entry)
    }

    /// The service of an entry: the unit's configured service, else the one the entry names itself
    /// (a message field; the extractor's `SYSLOG_IDENTIFIER` fallback does not count), else a `.service`
    /// unit's name, else the syslog identifier, else the unit.
    public static func service(
        unit: String?, identifier: String?, extracted: String? = nil, unitServices: [String: String] = [:]
    ) -> String? {
        if let unit, let mapped = unitServices[unit] { return mapped }
        if let extracted, extracted != identifier { return extracted }
        if let unit, unit.hasSuffix(".service") { return String(unit.dropLast(".service".count)) }
        return identifier ?? unit
    }

    private mutating func keep(_ message: ExtractedText, fieldsStart: Int, end: Int) -> LineEntry.Message {
        let (place, decoded) = bytes.withUnsafeBufferPointer { all in
            let fields = UnsafeBufferPointer(rebasing: all[fieldsStart..<end])
            if let place = message.verbatim(in: fields) { return (Optional(place), String?.none) }
            return (nil, message.decoded(in: fields))
        }
        if let place {
            return .place(UInt32(fieldsStart + place.lowerBound), UInt32(fieldsStart + place.upperBound))
        }
        texts.append(decoded ?? "")
        return .text(Int32(texts.count - 1))
    }

    // MARK: - Reading

    /// The entry's fields, in `JournalEntryFields` form.
    func withFields<Result>(_ entry: JournalEntry, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[entry.fields])) }
    }

    func withCursor<Result>(_ entry: JournalEntry, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[entry.cursor])) }
    }

    /// The message's bytes (empty when the entry has none), or its text when decoded.
    func withMessage<Result>(_ entry: JournalEntry, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        switch entry.message {
        case nil, .wholeLine: return body(UnsafeRawBufferPointer(start: nil, count: 0))
        case .place(let start, let end):
            return bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[Int(start)..<Int(end)])) }
        case .text(let index):
            var text = texts[Int(index)]
            return text.withUTF8 { body(UnsafeRawBufferPointer($0)) }
        }
    }

    public func service(of entry: JournalEntry) -> String? { serviceNames.name(at: entry.service) }

    /// The entry at `index` as a `LogEvent`, as a sink of events receives it.
    public func event(at index: Int) -> LogEvent {
        let entry = entries[index]
        return LogEvent(
            timeUnixNano: entry.timeUnixNano, observedUnixNano: entry.observedUnixNano, severity: entry.severity,
            message: withMessage(entry) { String(decoding: $0, as: UTF8.self) }, service: service(of: entry),
            traceID: entry.traceID, spanID: entry.spanID, traceFlags: entry.traceFlags, source: source,
            location: .journal(cursor: withCursor(entry) { String(decoding: $0, as: UTF8.self) }),
            attributes: withFields(entry) { JournalEntryFields.attributes(of: $0) })
    }

    /// Every entry as a `LogEvent`.
    public var events: [LogEvent] { entries.indices.map(event(at:)) }
}

/// What the store and the sinks need of one entry of a `JournalBatch`, without its bytes.
public struct JournalEntry: Sendable {
    public var traceID: TraceID?
    public var spanID: SpanID?
    public var traceFlags: UInt8?
    public var severity: Severity
    /// The entry's own time, or the journal's when it has none.
    public var timeUnixNano: UInt64
    public var observedUnixNano: UInt64
    /// The cursor and the fields in the batch's bytes.
    var cursor: Range<Int>
    var fields: Range<Int>
    /// The message in the batch's bytes or texts; nil when the entry has none.
    var message: LineEntry.Message?
    /// Index in the batch's `services`; -1 when the entry has none.
    var service: Int32 = -1
}
