import TraceLinkCore

let contextOnly = TraceContextExtractor(rules: ExtractionRule.defaults, fields: .traceContextOnly)

/// libFuzzer entry: one log line, as a tailed file hands it over, through the extractor's byte path and, as a
/// query would read it, through `LogRecordFields.parse`; and the same bytes read as a journal entry
/// (`FIELD=value` lines, as in journal export format) through the journald path.
///
/// Checked besides "never traps": the trace context does not depend on which other fields are asked for, and
/// the String entry point agrees with the byte one on valid UTF-8.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = UnsafeRawBufferPointer(start: data, count: size)
    let record = TraceContextExtractor.default.extract(line: bytes)
    let context = contextOnly.extract(line: bytes)
    guard context.traceID == record.traceID, context.spanID == record.spanID, context.traceFlags == record.traceFlags
    else {
        fatalError("trace context differs with fields .traceContextOnly: \(context) vs .all: \(record)")
    }
    let text = String(decoding: bytes, as: UTF8.self)
    if text.utf8.elementsEqual(bytes), TraceContextExtractor.default.extract(line: text) != record {
        fatalError("extract(line: String) and extract(line: bytes) disagree: \(record)")
    }
    _ = LogRecordFields.parse(text)

    var entry: [(key: String, value: [UInt8])] = []
    for field in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: true) {
        guard let equals = field.firstIndex(of: UInt8(ascii: "=")) else { continue }
        entry.append((key: String(decoding: field[..<equals], as: UTF8.self), value: Array(field[(equals + 1)...])))
    }
    if !entry.isEmpty {
        _ = TraceContextExtractor.default.extract(fields: entry)
    }
    return 0
}
