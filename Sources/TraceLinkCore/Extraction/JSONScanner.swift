/// Finds configured keys in a JSON object line in one forward pass, without building a document.
///
/// Strings are skipped by a bit search in the line's quote masks (`JSONQuoteFinder`); only keys whose path can
/// still lead to a configured key are compared, so the cost is a pass over the structure plus a few short compares.
/// Malformed or truncated input ends the scan and keeps what was found before it. Nesting deeper than
/// `maximumDepth` ends it too.
enum JSONScanner {
    static let maximumDepth = 32

    /// One open object or array: the key-table node its keys continue from, or -1 when none can match.
    struct Frame {
        var node: Int32
        var isArray: Bool
    }

    /// True when the first non-blank byte is `{`.
    @inline(__always)
    static func looksLikeJSON(_ line: UnsafeBufferPointer<UInt8>) -> Bool {
        var index = 0
        while index < line.count, ByteScanning.isSpace(line[index]) { index += 1 }
        return index < line.count && line[index] == UInt8(ascii: "{")
    }

    static func scan(_ line: UnsafeBufferPointer<UInt8>, table: KeyTable, into found: inout FieldAccumulator) {
        guard looksLikeJSON(line), !table.isEmpty else { return }
        withUnsafeTemporaryAllocation(of: Frame.self, capacity: maximumDepth) { frames in
            scan(line, table: table, frames: frames, into: &found)
        }
    }

    private static func scan(
        _ line: UnsafeBufferPointer<UInt8>, table: KeyTable, frames: UnsafeMutableBufferPointer<Frame>,
        into found: inout FieldAccumulator
    ) {
        let end = line.count
        var quotes = JSONQuoteFinder(line)
        var index = 0
        @inline(__always) func skipSpace() {
            while index < end, ByteScanning.isSpace(line[index]) { index += 1 }
        }
        skipSpace()
        index += 1  // the opening brace
        frames[0] = Frame(node: KeyTable.root, isArray: false)
        var depth = 1
        while depth > 0 {
            skipSpace()
            guard index < end else { return }
            let byte = line[index]
            if byte == UInt8(ascii: ",") {
                index += 1
                continue
            }
            if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                index += 1
                continue
            }
            let frame = frames[depth - 1]
            // The node a container value's keys continue from: -1 unless the path can continue.
            var childNode: Int32 = frame.node
            var matched: KeyTable.Node?
            if !frame.isArray {
                guard byte == UInt8(ascii: "\"") else { return }
                guard let close = quotes.next(from: index + 1) else { return }
                let keyStart = index + 1
                index = close + 1
                skipSpace()
                guard index < end, line[index] == UInt8(ascii: ":") else { return }
                index += 1
                skipSpace()
                guard index < end else { return }
                childNode = -1
                if frame.node >= 0, let next = table.child(of: frame.node, line, start: keyStart, end: close) {
                    let node = table.node(next)
                    if node.role != nil { matched = node }
                    if node.hasChildren { childNode = next }
                }
            }
            let value = line[index]
            switch value {
            case UInt8(ascii: "\""):
                guard let close = quotes.next(from: index + 1) else { return }
                if let matched, let role = matched.role {
                    found.offer(
                        role: role, rank: matched.rank, line, index + 1, close,
                        kind: quotes.sawBackslash ? .jsonString : .jsonPlainString)
                }
                index = close + 1
            case UInt8(ascii: "{"), UInt8(ascii: "["):
                guard depth < maximumDepth else { return }
                frames[depth] = Frame(node: childNode, isArray: value == UInt8(ascii: "["))
                depth += 1
                index += 1
            default:
                let start = index
                while index < end {
                    let scalar = line[index]
                    if scalar == UInt8(ascii: ",") || scalar == UInt8(ascii: "}") || scalar == UInt8(ascii: "]")
                        || ByteScanning.isSpace(scalar) || scalar == UInt8(ascii: "\"")
                    {
                        break
                    }
                    index += 1
                }
                guard index > start else { return }
                if let matched, let role = matched.role {
                    found.offer(role: role, rank: matched.rank, line, start, index, kind: .jsonScalar)
                }
            }
        }
    }
}
