/// Replaces ids in the path segments of a span name with placeholders (`GET /orders/123` → `GET /orders/{id}`,
/// `/u/0f8fad5b-d9cb-469f-a165-70867728950e` → `/u/{uuid}`), for the metrics only: the stored span keeps its
/// name. A name without `/` is left alone, so `SELECT 1` or `op 42` keep theirs.
struct SpanNameHygiene {
    // The rules as flags: a `Set` lookup hashes, and this runs for every span.
    private let numbers: Bool
    private let uuids: Bool
    private let hex: Bool

    init(rules: Set<SpanMetricsConfiguration.NameRule>) {
        numbers = rules.contains(.numbers)
        uuids = rules.contains(.uuids)
        hex = rules.contains(.hex)
    }

    /// Writes the normalised `name` into `output` and returns true when a segment was replaced; false (and
    /// `output` untouched) when the name stays as it is.
    func normalize(_ name: UnsafeRawBufferPointer, into output: inout [UInt8]) -> Bool {
        // Every rule needs a digit, but a UUID of letters only: most names are left at this first look.
        guard numbers || uuids || hex, name.contains(UInt8(ascii: "/")),
            name.contains(where: ByteScanning.isDigit) || (uuids && name.count >= 36)
        else { return false }
        // Nothing is written until a segment is replaced.
        var written = false
        var segmentStart = 0
        for index in 0...name.count {
            guard index == name.count || Self.isSeparator(name[index]) else { continue }
            let segment = UnsafeRawBufferPointer(rebasing: name[segmentStart..<index])
            if let placeholder = placeholder(for: segment) {
                if !written {
                    output.append(contentsOf: UnsafeRawBufferPointer(rebasing: name[..<segmentStart]))
                    written = true
                }
                output.append(contentsOf: placeholder.utf8)
            } else if written {
                output.append(contentsOf: segment)
            }
            if written, index < name.count { output.append(name[index]) }
            segmentStart = index + 1
        }
        return written
    }

    /// Path separators, and what ends a path inside a name (a space before it, a query after it).
    private static func isSeparator(_ byte: UInt8) -> Bool {
        byte == UInt8(ascii: "/") || byte == UInt8(ascii: " ") || byte == UInt8(ascii: "?")
    }

    private func placeholder(for segment: UnsafeRawBufferPointer) -> String? {
        guard !segment.isEmpty else { return nil }
        if numbers, segment.allSatisfy(ByteScanning.isDigit) { return "{id}" }
        if uuids, Self.isUUID(segment) { return "{uuid}" }
        if hex, segment.count >= 16, segment.allSatisfy(HexDigits.isHexDigit),
            segment.contains(where: ByteScanning.isDigit)
        {
            return "{hex}"
        }
        return nil
    }

    private static func isUUID(_ segment: UnsafeRawBufferPointer) -> Bool {
        guard segment.count == 36 else { return false }
        for (index, byte) in segment.enumerated() {
            if index == 8 || index == 13 || index == 18 || index == 23 {
                guard byte == UInt8(ascii: "-") else { return false }
            } else if !HexDigits.isHexDigit(byte) {
                return false
            }
        }
        return true
    }
}
