/// Finds configured `key=value` pairs in a line: logfmt (`trace_id=… msg="…"`), and the `key=value`
/// runs that text formats embed (`[trace_id=… span_id=…]` from OpenTelemetry's Python logging
/// instrumentation, `dd.trace_id=…` from Datadog's injection).
///
/// Tokens are split on blanks; a value that opens with `"` runs to its closing quote, so `=` inside a
/// quoted message is not taken for a key. Keys lose leading `[({,;` and bare values trailing `])},;`.
enum LogfmtScanner {
    static func scan(_ line: UnsafeBufferPointer<UInt8>, table: KeyTable, into found: inout FieldAccumulator) {
        guard !table.isEmpty else { return }
        let end = line.count
        var index = 0
        while index < end {
            while index < end, ByteScanning.isSpace(line[index]) { index += 1 }
            let tokenStart = index
            while index < end {
                index = ByteScanning.nextDelimiter(line, from: index, to: end, orEquals: true)
                guard index < end else { break }
                let byte = line[index]
                if byte == UInt8(ascii: "=") || ByteScanning.isSpace(byte) { break }
                index += 1  // a control byte inside the token
            }
            guard index < end, line[index] == UInt8(ascii: "=") else { continue }
            var keyStart = tokenStart
            while keyStart < index, isKeyOpener(line[keyStart]) { keyStart += 1 }
            let keyEnd = index
            index += 1
            let valueStart: Int
            let valueEnd: Int
            let kind: FieldAccumulator.ValueKind
            if index < end, line[index] == UInt8(ascii: "\"") {
                valueStart = index + 1
                valueEnd = ByteScanning.closingQuote(in: line, from: valueStart, to: end) ?? end
                kind = .quoted
                index = skipToSpace(line, from: min(valueEnd + 1, end), to: end)
            } else {
                valueStart = index
                index = skipToSpace(line, from: index, to: end)
                var trimmed = index
                while trimmed > valueStart, isValueCloser(line[trimmed - 1]) { trimmed -= 1 }
                valueEnd = trimmed
                kind = .bare
            }
            guard let next = table.child(of: KeyTable.root, line, start: keyStart, end: keyEnd) else { continue }
            let node = table.node(next)
            guard let role = node.role else { continue }
            found.offer(role: role, rank: node.rank, line, valueStart, valueEnd, kind: kind)
        }
    }

    /// The index of the next blank at or after `from`, or `to`.
    @inline(__always)
    private static func skipToSpace(_ line: UnsafeBufferPointer<UInt8>, from: Int, to: Int) -> Int {
        var index = from
        while index < to {
            index = ByteScanning.nextDelimiter(line, from: index, to: to, orEquals: false)
            guard index < to, !ByteScanning.isSpace(line[index]) else { return index }
            index += 1
        }
        return to
    }

    @inline(__always)
    private static func isKeyOpener(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "[") || byte == UInt8(ascii: "(") || byte == UInt8(ascii: "{")
            || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";")
    }

    @inline(__always)
    private static func isValueCloser(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "]") || byte == UInt8(ascii: ")") || byte == UInt8(ascii: "}")
            || byte == UInt8(ascii: ",") || byte == UInt8(ascii: ";")
    }
}
