/// Approximate heap bytes an item costs in the store: its inline size, the bytes of its strings
/// and a fixed overhead per element. Small strings (15 UTF-8 bytes or fewer) live inline and cost nothing extra.
enum StoreFootprint {
    /// Heap header and allocator rounding of a native string's storage.
    static let stringHeader = 32
    /// Inline size of a span, plus array growth slack and its slot in the span index.
    static let spanOverhead = MemoryLayout<Span>.stride + 48
    /// Inline size of a stored log, plus array growth slack.
    static let logOverhead = MemoryLayout<StoredLog>.stride + 40
    static let attributeOverhead = MemoryLayout<Attribute>.stride
    static let arrayHeader = 32
    static let eventOverhead = MemoryLayout<SpanEvent>.stride
    /// A trace record, its dictionary slot and its entry in the arrival order.
    static let recordOverhead = MemoryLayout<TraceRecord>.stride + 96
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

    static func bytes(of span: Span) -> Int {
        var total = spanOverhead + bytes(of: span.service) + bytes(of: span.name) + bytes(of: span.statusMessage)
        total += bytes(of: span.attributes)
        if !span.events.isEmpty {
            total += arrayHeader
            for event in span.events {
                total += eventOverhead + bytes(of: event.name) + bytes(of: event.attributes)
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
