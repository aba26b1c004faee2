/// Journal entries: the entry's own fields, and the line rules run on its `MESSAGE`.
extension TraceContextExtractor {
    /// Extracts from one journal entry given as field name and value bytes (a `[String: [UInt8]]`
    /// works as it is).
    public func extract<Entries: Sequence>(fields entries: Entries) -> ExtractedRecord
    where Entries.Element == (key: String, value: [UInt8]) {
        let fields = JournalEntryFields.encoded(entries)
        return fields.withUnsafeBufferPointer { extractPlaces(journalFields: $0).record(in: $0) }
    }

    /// Extracts from one journal entry's fields (in `JournalEntryFields` form), leaving the message and service as
    /// places in `fields`: the journal source's form, which makes no `String`.
    ///
    /// The trace context comes from the rules in order: a `journald` rule reads `TRACE_ID`/`SPAN_ID`
    /// (as configured), the others read the message. Severity, time and service come from the
    /// message's level word or structured fields first (as for lines), then from `PRIORITY`,
    /// `_SOURCE_REALTIME_TIMESTAMP` and `SYSLOG_IDENTIFIER`; the message is the structured message
    /// field, else the whole `MESSAGE` (nil when the entry has none). Without a `journald` rule the entry's id
    /// fields are not read; the fallbacks use default names. With `applicationFieldsOnly`, the trusted fields
    /// (`_PID`, `_SYSTEMD_UNIT`, …) are not read, whatever the rule names: the journal source's entries keep four
    /// of them for their attributes, and extraction reads what an application set (and the source's time).
    public func extractPlaces(
        journalFields fields: UnsafeBufferPointer<UInt8>, applicationFieldsOnly: Bool = false
    ) -> ExtractedLine {
        let table = journaldTable ?? Self.defaultJournaldTable
        var traceID: (rank: Int, value: TraceID)?
        var spanID: (rank: Int, value: SpanID)?
        var flags: (rank: Int, value: UInt8)?
        var priority: (rank: Int, value: Severity)?
        var time: (rank: Int, value: UInt64)?
        var service: (rank: Int, value: Range<Int>)?
        var message: Range<Int>?

        JournalEntryFields.forEach(in: UnsafeRawBufferPointer(fields)) { key, place in
            if applicationFieldsOnly, !JournalEntryFields.isReadByExtraction(key) { return }
            let bytes = UnsafeBufferPointer(rebasing: fields[place])
            table.forEachRole(of: key) { role, rank in
                switch role {
                case .message:
                    message = place
                    return true
                case .traceID:
                    guard rank < traceID?.rank ?? .max, let id = IDParsing.traceID(hex: bytes, 0, bytes.count)
                    else { return false }
                    traceID = (rank, id)
                case .spanID:
                    guard rank < spanID?.rank ?? .max, let id = IDParsing.spanID(hex: bytes, 0, bytes.count)
                    else { return false }
                    spanID = (rank, id)
                case .traceFlags:
                    guard rank < flags?.rank ?? .max, let value = IDParsing.traceFlags(hex: bytes, 0, bytes.count)
                    else { return false }
                    flags = (rank, value)
                case .priority:
                    guard rank < priority?.rank ?? .max,
                        let number = IDParsing.decimalUInt64(bytes, 0, bytes.count), number <= 7,
                        let severity = Severity(syslogPriority: Int(number))
                    else { return false }
                    priority = (rank, severity)
                case .timestamp:
                    guard rank < time?.rank ?? .max, let micros = IDParsing.decimalUInt64(bytes, 0, bytes.count),
                        micros > 0, micros <= UInt64.max / 1000
                    else { return false }
                    time = (rank, micros * 1000)
                case .service:
                    guard rank < service?.rank ?? .max, !bytes.isEmpty else { return false }
                    service = (rank, place)
                }
                return true
            }
        }
        let parseMessage = table.fields.parseMessage

        var found = ExtractedLine()
        var messageLevels = LevelScanner.Levels()
        let messageBytes = message.map { UnsafeBufferPointer(rebasing: fields[$0]) }
        if self.fields.contains(.severity), parseMessage, let messageBytes {
            messageLevels = LevelScanner.scan(messageBytes)
            found.severity = messageLevels.written
        }
        let ruleFields = found.severity == nil ? self.fields : self.fields.subtracting(.severity)
        var hasContext = false
        for rule in rules {
            if case .journald = rule.kind {
                if !hasContext, let traceID {
                    found.traceID = traceID.value
                    found.spanID = spanID?.value
                    found.traceFlags = flags?.value
                    hasContext = true
                }
                continue
            }
            guard parseMessage, let message, let messageBytes else { continue }
            var accumulator = FieldAccumulator(fields: ruleFields)
            rule.storage.scan(messageBytes, into: &accumulator)
            // Places in the message, made places in the fields.
            var inMessage = ExtractedLine()
            accumulator.fill(&inMessage)
            if found.severity == nil { found.severity = inMessage.severity }
            if found.timeUnixNano == nil { found.timeUnixNano = inMessage.timeUnixNano }
            if found.message == nil { found.message = inMessage.message?.shifted(by: message.lowerBound) }
            if found.service == nil { found.service = inMessage.service?.shifted(by: message.lowerBound) }
            if !hasContext, accumulator.traceID != nil {
                accumulator.takeContext(into: &found)
                hasContext = true
            }
        }

        if self.fields.contains(.severity), found.severity == nil {
            found.severity = priority?.value ?? messageLevels.priority
        }
        if self.fields.contains(.time), found.timeUnixNano == nil { found.timeUnixNano = time?.value }
        if self.fields.contains(.service), found.service == nil, let service {
            found.service = .place(start: service.value.lowerBound, end: service.value.upperBound, escaped: false)
        }
        if self.fields.contains(.message), found.message == nil, let message {
            found.message = .place(start: message.lowerBound, end: message.upperBound, escaped: false)
        }
        return found
    }

    /// Extracts from one journal entry whose values are text.
    public func extract(fields entries: [String: String]) -> ExtractedRecord {
        extract(fields: entries.lazy.map { (key: $0.key, value: Array($0.value.utf8)) })
    }

    /// The compiled names of the first `journald` rule, if any.
    private var journaldTable: JournaldFieldTable? {
        for rule in rules {
            if case .journald(let table) = rule.kind { return table }
        }
        return nil
    }

    /// The names read when no rule is a `journald` one.
    private static let defaultJournaldTable = JournaldFieldTable(.default)
}
