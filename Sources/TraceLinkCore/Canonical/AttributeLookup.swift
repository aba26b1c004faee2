/// A few attributes looked up by key in OTLP bytes: keys are compared as bytes and only the values asked for are
/// decoded, so a lookup per span (RED dimensions, a client span's peer) makes no `String` for the attributes it
/// passes over.
public struct AttributeLookup: Sendable {
    /// The keys' UTF-8, in the order their values are answered.
    let keys: [[UInt8]]

    public init(keys: [String]) { self.keys = keys.map { Array($0.utf8) } }

    public var isEmpty: Bool { keys.isEmpty }

    /// Fills the still-empty `values[i]` with the value of the first attribute named `keys[i]` among the repeated
    /// `KeyValue` field `field` of `message`.
    public func values(in message: UnsafeRawBufferPointer, field: UInt64, into values: inout [AttributeValue?]) {
        var cursor = ProtobufCursor(message)
        while !cursor.isAtEnd, let (number, wireType) = try? cursor.readTag() {
            guard number == field, wireType == .lengthDelimited, let keyValue = try? cursor.readLengthDelimited() else {
                if (try? cursor.skip(wireType)) == nil { return }
                continue
            }
            guard let (key, value) = Self.parts(of: keyValue), let slot = slot(of: key), values[slot] == nil else { continue }
            values[slot] = value.map { OTLPSpanBytes.anyValue($0, nesting: 0) } ?? .other("")
        }
    }

    /// The values of a span's attributes, else its resource's (`resourceField` as written: tag, length, message).
    public func values(span: UnsafeRawBufferPointer, resourceField: UnsafeRawBufferPointer) -> [AttributeValue?] {
        var values = [AttributeValue?](repeating: nil, count: keys.count)
        self.values(in: span, field: 9, into: &values)
        guard values.contains(where: { $0 == nil }) else { return values }
        if let resource = OTLPSpanBytes.content(ofField: resourceField) { self.values(in: resource, field: 1, into: &values) }
        return values
    }

    private func slot(of key: UnsafeRawBufferPointer) -> Int? {
        keys.firstIndex { $0.count == key.count && $0.withUnsafeBytes { $0.elementsEqual(key) } }
    }

    /// A `KeyValue`'s key bytes and value message (nil when it has none).
    private static func parts(of keyValue: UnsafeRawBufferPointer) -> (UnsafeRawBufferPointer, UnsafeRawBufferPointer?)? {
        var cursor = ProtobufCursor(keyValue)
        var key = UnsafeRawBufferPointer(start: nil, count: 0)
        var value: UnsafeRawBufferPointer?
        while !cursor.isAtEnd {
            guard let (field, wireType) = try? cursor.readTag() else { return nil }
            switch (field, wireType) {
            case (1, .lengthDelimited): key = (try? cursor.readLengthDelimited()) ?? key
            case (2, .lengthDelimited): value = try? cursor.readLengthDelimited()
            default: if (try? cursor.skip(wireType)) == nil { return nil }
            }
        }
        return (key, value)
    }
}
