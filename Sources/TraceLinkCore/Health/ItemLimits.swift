/// Limits on what one received item may carry (config `receivers.limits`), each with a default: spans per
/// request, attributes per span or log record, attribute value length, events per span. Past a limit the item is
/// cut (extra attributes and events dropped, long values truncated) or, for spans past the request limit,
/// refused; every cut is counted by limit.
public struct ItemLimits: Sendable, Hashable {
    /// `max_spans_per_request` (default 50,000): later spans of a request are refused (OTLP partial success).
    public var maxSpansPerRequest: Int = 50_000
    /// `max_attributes` (default 128, the SDKs' own default): per span, event and log record.
    public var maxAttributes: Int = 128
    /// `max_attribute_value_bytes` (default 16 KiB): longer string values are cut on a character boundary.
    public var maxAttributeValueBytes: Int = 16 << 10
    /// `max_events_per_span` (default 128, the SDKs' own default).
    public var maxEventsPerSpan: Int = 128

    public init() {}

    public static let `default` = ItemLimits()

    /// The limits, as the label values of `tracelink_limit_cuts_total`.
    public enum Limit: String, Sendable, CaseIterable {
        case spansPerRequest = "spans_per_request"
        case attributes = "attributes"
        case attributeValueBytes = "attribute_value_bytes"
        case eventsPerSpan = "events_per_span"
    }

    /// What applying the limits cut: items dropped or values truncated, by limit.
    public struct Cuts: Sendable, Hashable {
        public var counts: [Limit: Int] = [:]
        public var isEmpty: Bool { counts.isEmpty }

        mutating func add(_ limit: Limit, _ count: Int = 1) {
            if count > 0 { counts[limit, default: 0] += count }
        }
    }

    /// Cuts a batch to the limits: spans past `maxSpansPerRequest` are removed, and each span the intake walk
    /// marked over a limit is decoded, cut, and re-encoded after the request's bytes (the rare slow path; what
    /// was dropped is added to the span's dropped counts, as OTLP counts it).
    public func apply(to batch: inout SpanBatch) -> Cuts {
        var cuts = Cuts()
        if batch.spans.count > maxSpansPerRequest {
            cuts.add(.spansPerRequest, batch.spans.count - maxSpansPerRequest)
            batch.spans.removeLast(batch.spans.count - maxSpansPerRequest)
        }
        for index in batch.spans.indices where batch.spans[index].overLimits {
            var span = batch.span(at: index)
            cut(&span, &cuts)
            var writer = ProtobufWriter()
            writer.span(span)
            batch.spans[index].span = ByteRange(start: batch.bytes.count, count: writer.bytes.count)
            batch.spans[index].overLimits = false
            batch.bytes.append(contentsOf: writer.bytes)
        }
        return cuts
    }

    private func cut(_ span: inout Span, _ cuts: inout Cuts) {
        span.droppedAttributesCount &+= UInt32(clamping: cut(&span.attributes, &cuts))
        if span.events.count > maxEventsPerSpan {
            cuts.add(.eventsPerSpan, span.events.count - maxEventsPerSpan)
            span.droppedEventsCount &+= UInt32(clamping: span.events.count - maxEventsPerSpan)
            span.events.removeLast(span.events.count - maxEventsPerSpan)
        }
        for event in span.events.indices { _ = cut(&span.events[event].attributes, &cuts) }
        if span.statusMessage.utf8.count > maxAttributeValueBytes {
            span.statusMessage = Self.truncated(span.statusMessage, to: maxAttributeValueBytes)
            cuts.add(.attributeValueBytes)
        }
    }

    /// Cuts each log record's attributes and message to the limits.
    public func apply(to logs: inout [LogEvent]) -> Cuts {
        var cuts = Cuts()
        for index in logs.indices {
            if logs[index].attributes.count > maxAttributes || logs[index].attributes.contains(where: isLong) {
                _ = cut(&logs[index].attributes, &cuts)
            }
        }
        return cuts
    }

    private func isLong(_ attribute: Attribute) -> Bool {
        switch attribute.value {
        case .string(let text), .other(let text): text.utf8.count > maxAttributeValueBytes
        default: false
        }
    }

    /// Cuts a list of attributes; returns how many were dropped.
    private func cut(_ attributes: inout [Attribute], _ cuts: inout Cuts) -> Int {
        var dropped = 0
        if attributes.count > maxAttributes {
            dropped = attributes.count - maxAttributes
            cuts.add(.attributes, dropped)
            attributes.removeLast(dropped)
        }
        for index in attributes.indices where isLong(attributes[index]) {
            switch attributes[index].value {
            case .string(let text): attributes[index].value = .string(Self.truncated(text, to: maxAttributeValueBytes))
            case .other(let text): attributes[index].value = .other(Self.truncated(text, to: maxAttributeValueBytes))
            default: break
            }
            cuts.add(.attributeValueBytes)
        }
        return dropped
    }

    /// The longest prefix of `text` of at most `bytes` UTF-8 bytes that does not split a scalar.
    static func truncated(_ text: String, to bytes: Int) -> String {
        let utf8 = Array(text.utf8)
        guard utf8.count > bytes else { return text }
        var end = bytes
        // The first byte left out must start a scalar (not be a 10xxxxxx continuation byte).
        while end > 0, utf8[end] & 0xC0 == 0x80 { end -= 1 }
        return String(decoding: utf8[..<end], as: UTF8.self)
    }
}
