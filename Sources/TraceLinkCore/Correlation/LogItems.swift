/// A batch of log records as the store takes it: events (OTLP, code), a file's lines as read (`LineBatch`) or
/// journal entries as read (`JournalBatch`). The store reads what it joins and counts by through this, and has each record written in its
/// stored form; only a live subscriber makes a `LogEvent` of a line.
protocol LogItems {
    var count: Int { get }
    func traceID(at index: Int) -> TraceID?
    func spanID(at index: Int) -> SpanID?
    func severity(at index: Int) -> Severity
    func timeUnixNano(at index: Int) -> UInt64
    func service(at index: Int) -> String?
    func source(at index: Int) -> String
    /// The record as an event (for the change feed).
    func event(at index: Int) -> LogEvent
    /// About the bytes `write` takes for the record, at least as many for most (the room an arena writer is given
    /// first; a record that needs more is encoded again).
    func encodedSizeEstimate(at index: Int) -> Int
    /// Appends the record in `CompactEncoding.log` encoding.
    func write(_ index: Int, seq: UInt64, baseSeq: UInt64, to writer: inout some CompactEncoding, table: inout StringTable)
}

extension [LogEvent]: LogItems {
    func traceID(at index: Int) -> TraceID? { self[index].traceID }
    func spanID(at index: Int) -> SpanID? { self[index].spanID }
    func severity(at index: Int) -> Severity { self[index].severity }
    func timeUnixNano(at index: Int) -> UInt64 { self[index].timeUnixNano }
    func service(at index: Int) -> String? { self[index].service }
    func source(at index: Int) -> String { self[index].source }
    func event(at index: Int) -> LogEvent { self[index] }

    func encodedSizeEstimate(at index: Int) -> Int {
        let event = self[index]
        var names = event.source.utf8.count + (event.service?.utf8.count ?? 0)
        switch event.location {
        case .file(let path, _): names += path.utf8.count
        case .journal(let cursor): names += cursor.utf8.count
        case .otlp: break
        }
        return 96 + names + event.message.utf8.count + (event.record?.utf8.count ?? 0) + 64 * event.attributes.count
    }

    func write(_ index: Int, seq: UInt64, baseSeq: UInt64, to writer: inout some CompactEncoding, table: inout StringTable) {
        writer.log(self[index], seq: seq, baseSeq: baseSeq, in: &table)
    }
}

extension LineBatch: LogItems {
    func traceID(at index: Int) -> TraceID? { entries[index].traceID }
    func spanID(at index: Int) -> SpanID? { entries[index].spanID }
    func severity(at index: Int) -> Severity { entries[index].severity }
    func timeUnixNano(at index: Int) -> UInt64 { entries[index].timeUnixNano }
    func service(at index: Int) -> String? { service(of: entries[index]) }
    func source(at index: Int) -> String { source }

    func encodedSizeEstimate(at index: Int) -> Int {
        // The message is at most the line, and written again beside it only when it was decoded (escaped in the
        // line, or a regex group); a verbatim message field is written as its place in the line.
        let entry = entries[index]
        let line = Int(entry.end - entry.start)
        var decodedMessage = false
        if case .text = entry.message { decodedMessage = true }
        return 160 + source.utf8.count + path.utf8.count + (decodedMessage ? 2 * line : line)
            + (service(of: entry)?.utf8.count ?? 0)
    }

    func write(_ index: Int, seq: UInt64, baseSeq: UInt64, to writer: inout some CompactEncoding, table: inout StringTable) {
        writer.line(index, of: self, seq: seq, baseSeq: baseSeq, in: &table)
    }
}

extension JournalBatch: LogItems {
    func traceID(at index: Int) -> TraceID? { entries[index].traceID }
    func spanID(at index: Int) -> SpanID? { entries[index].spanID }
    func severity(at index: Int) -> Severity { entries[index].severity }
    func timeUnixNano(at index: Int) -> UInt64 { entries[index].timeUnixNano }
    func service(at index: Int) -> String? { service(of: entries[index]) }
    func source(at index: Int) -> String { source }

    func encodedSizeEstimate(at index: Int) -> Int {
        let entry = entries[index]
        var decodedMessage = 0
        if case .text(let text) = entry.message { decodedMessage = texts[Int(text)].utf8.count }
        return 96 + source.utf8.count + entry.cursor.count + entry.fields.count + decodedMessage
            + (service(of: entry)?.utf8.count ?? 0)
    }

    func write(_ index: Int, seq: UInt64, baseSeq: UInt64, to writer: inout some CompactEncoding, table: inout StringTable) {
        writer.journalEntry(index, of: self, seq: seq, baseSeq: baseSeq, in: &table)
    }
}
