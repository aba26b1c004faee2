/// Journal entries: the entry's own fields, and the line rules run on its `MESSAGE`.
extension TraceContextExtractor {
    /// Extracts from one journal entry given as field name and value bytes (a `[String: [UInt8]]`
    /// works as it is).
    ///
    /// The trace context comes from the rules in order: a `journald` rule reads `TRACE_ID`/`SPAN_ID`
    /// (as configured), the others read the message. Severity, time and service come from the
    /// message's level word or structured fields first (as for lines), then from `PRIORITY`,
    /// `_SOURCE_REALTIME_TIMESTAMP` and `SYSLOG_IDENTIFIER`; the message is the structured message
    /// field, else the whole `MESSAGE`. Without a `journald` rule the entry's id fields are not read; the fallbacks use default names.
    public func extract<Entries: Sequence>(fields entries: Entries) -> ExtractedRecord
    where Entries.Element == (key: String, value: [UInt8]) {
        let names = journaldFields ?? .default
        var traceID: (rank: Int, value: TraceID)?
        var spanID: (rank: Int, value: SpanID)?
        var flags: (rank: Int, value: UInt8)?
        var priority: (rank: Int, value: Severity)?
        var time: (rank: Int, value: UInt64)?
        var service: (rank: Int, value: [UInt8])?
        var message: [UInt8]?

        for (key, value) in entries {
            if key == names.message {
                message = value
                continue
            }
            value.withUnsafeBufferPointer { bytes in
                if let rank = names.traceID.firstIndex(of: key), rank < traceID?.rank ?? .max,
                    let id = IDParsing.traceID(hex: bytes, 0, bytes.count)
                {
                    traceID = (rank, id)
                } else if let rank = names.spanID.firstIndex(of: key), rank < spanID?.rank ?? .max,
                    let id = IDParsing.spanID(hex: bytes, 0, bytes.count)
                {
                    spanID = (rank, id)
                } else if let rank = names.traceFlags.firstIndex(of: key), rank < flags?.rank ?? .max,
                    let value = IDParsing.traceFlags(hex: bytes, 0, bytes.count)
                {
                    flags = (rank, value)
                } else if let rank = names.priority.firstIndex(of: key), rank < priority?.rank ?? .max,
                    let number = IDParsing.decimalUInt64(bytes, 0, bytes.count), number <= 7,
                    let severity = Severity(syslogPriority: Int(number))
                {
                    priority = (rank, severity)
                } else if let rank = names.timestamp.firstIndex(of: key), rank < time?.rank ?? .max,
                    let micros = IDParsing.decimalUInt64(bytes, 0, bytes.count), micros > 0,
                    micros <= UInt64.max / 1000
                {
                    time = (rank, micros * 1000)
                } else if let rank = names.service.firstIndex(of: key), rank < service?.rank ?? .max, !value.isEmpty {
                    service = (rank, value)
                }
            }
        }

        var record = ExtractedRecord()
        var messageLevels = LevelScanner.Levels()
        if fields.contains(.severity), names.parseMessage, let message {
            messageLevels = message.withUnsafeBufferPointer { LevelScanner.scan($0) }
            record.severity = messageLevels.written
        }
        let ruleFields = record.severity == nil ? fields : fields.subtracting(.severity)
        var hasContext = false
        for rule in rules {
            if case .journald = rule.kind {
                if !hasContext, let traceID {
                    record.traceID = traceID.value
                    record.spanID = spanID?.value
                    record.traceFlags = flags?.value
                    hasContext = true
                }
                continue
            }
            guard names.parseMessage, let message else { continue }
            message.withUnsafeBufferPointer { bytes in
                var found = FieldAccumulator(fields: ruleFields)
                rule.scan(bytes, into: &found)
                found.fill(&record, from: bytes)
                if !hasContext, found.traceID != nil {
                    found.takeContext(into: &record)
                    hasContext = true
                }
            }
        }

        if fields.contains(.severity), record.severity == nil {
            record.severity = priority?.value ?? messageLevels.priority
        }
        if fields.contains(.time), record.timeUnixNano == nil { record.timeUnixNano = time?.value }
        if fields.contains(.service), record.service == nil, let service {
            record.service = String(decoding: service.value, as: UTF8.self)
        }
        if fields.contains(.message), record.message == nil, let message {
            record.message = String(decoding: message, as: UTF8.self)
        }
        return record
    }

    /// Extracts from one journal entry whose values are text.
    public func extract(fields entries: [String: String]) -> ExtractedRecord {
        extract(fields: entries.lazy.map { (key: $0.key, value: Array($0.value.utf8)) })
    }

    /// The options of the first `journald` rule, if any.
    private var journaldFields: JournaldFields? {
        for rule in rules {
            if case .journald(let fields) = rule.kind { return fields }
        }
        return nil
    }
}
