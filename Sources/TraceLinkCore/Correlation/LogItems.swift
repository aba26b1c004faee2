/// A batch of log records as the store takes it: events (OTLP, journald, code) or a file's lines as read
/// (`LineBatch`). The store reads what it joins and counts by through this, and has each record written in its
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
    /// Appends the record in `CompactWriter.log` encoding.
    func write(_ index: Int, seq: UInt64, baseSeq: UInt64, to writer: inout CompactWriter, table: inout StringTable)
}

extension [LogEvent]: LogItems {
    func traceID(at index: Int) -> TraceID? { self[index].traceID }
    func spanID(at index: Int) -> SpanID? { self[index].spanID }
    func severity(at index: Int) -> Severity { self[index].severity }
    func timeUnixNano(at index: Int) -> UInt64 { self[index].timeUnixNano }
    func service(at index: Int) -> String? { self[index].service }
    func source(at index: Int) -> String { self[index].source }
    func event(at index: Int) -> LogEvent { self[index] }

    func write(_ index: Int, seq: UInt64, baseSeq: UInt64, to writer: inout CompactWriter, table: inout StringTable) {
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

    func write(_ index: Int, seq: UInt64, baseSeq: UInt64, to writer: inout CompactWriter, table: inout StringTable) {
        writer.line(index, of: self, seq: seq, baseSeq: baseSeq, in: &table)
    }
}
