extension SpanMetrics {
    /// The values of the configured dimensions for a span, as text: from the span's attributes, else from its
    /// resource's (as the spanmetrics connector looks them up), else the configured default, else "".
    static func dimensionValues(
        of entry: SpanEntry, in batch: SpanBatch, _ dimensions: [String], defaults: [String: String]
    ) -> [String] {
        var values = [String?](repeating: nil, count: dimensions.count)
        func take(_ attributes: UnsafeRawBufferPointer, field: UInt64) {
            var cursor = ProtobufCursor(attributes)
            while !cursor.isAtEnd, let (number, wireType) = try? cursor.readTag() {
                if number == field, wireType == .lengthDelimited, let keyValue = try? cursor.readLengthDelimited() {
                    let attribute = OTLPSpanBytes.keyValue(keyValue, nesting: 0)
                    if let slot = dimensions.firstIndex(of: attribute.key), values[slot] == nil {
                        values[slot] = attribute.value.text
                    }
                } else if (try? cursor.skip(wireType)) == nil {
                    break
                }
            }
        }
        batch.withBytes(entry.span) { take($0, field: 9) }
        if values.contains(where: { $0 == nil }) {
            // The resource field as written (tag, length, message): its attributes are field 1 of the message.
            batch.withBytes(batch.scopes[Int(entry.scope)].resourceField) { field in
                var cursor = ProtobufCursor(field)
                if !cursor.isAtEnd, (try? cursor.readTag()) != nil, let resource = try? cursor.readLengthDelimited() {
                    take(resource, field: 1)
                }
            }
        }
        return dimensions.indices.map { values[$0] ?? defaults[dimensions[$0]] ?? "" }
    }
}
