/// Approximate heap bytes an item costs in the store where it is kept as a Swift value (the untraced ring):
/// its inline size, the bytes of its strings and a fixed overhead per element. Small strings (15 UTF-8 bytes
/// or fewer) live inline and cost nothing extra. Trace records measure their encoded bytes instead.
enum StoreFootprint {
    /// Heap header and allocator rounding of a native string's storage.
    static let stringHeader = 32
    /// Inline size of a log in the untraced ring, plus deque growth slack.
    static let logOverhead = MemoryLayout<UntracedLogRing.Entry>.stride + 40
    static let attributeOverhead = MemoryLayout<Attribute>.stride
    static let arrayHeader = 32
    static let eventOverhead = MemoryLayout<SpanEvent>.stride
    /// A trace record, its dictionary slot and its entry in the arrival order.
    static let recordOverhead = MemoryLayout<TraceRecord>.stride + 64
    /// An untraced log's extra slot in the global arrival order.
    static let untracedOverhead = 40
    /// A log waiting for its span: its index, and its share of the waiting list and dictionary slot.
    static let pendingOverhead = 24

    @inline(__always)
    static func bytes(of string: String) -> Int {
        let count = string.utf8.count
        return count <= 15 ? 0 : count + stringHeader
    }

    static func bytes(of attributes: [Attribute]) -> Int {
        guard !attributes.isEmpty else { return 0 }
        var total = arrayHeader
        for attribute in attributes {
            total += attributeOverhead + bytes(of: attribute.key)
            switch attribute.value {
            case .string(let text), .other(let text): total += bytes(of: text)
            case .bool, .int, .double: break
            }
        }
        return total
    }

    static func bytes(of log: LogEvent) -> Int {
        var total = logOverhead + bytes(of: log.message) + bytes(of: log.source)
        if let service = log.service { total += bytes(of: service) }
        switch log.location {
        case .file(let path, _): total += bytes(of: path)
        case .journal(let cursor): total += bytes(of: cursor)
        case .otlp: break
        }
        return total + bytes(of: log.attributes)
    }
}
