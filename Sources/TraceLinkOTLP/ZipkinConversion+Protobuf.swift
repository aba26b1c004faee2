#if canImport(Glibc)
    import Glibc
#endif
public import TraceLinkCore

/// Zipkin's protobuf encoding (`application/x-protobuf`, zipkin2 `proto3/zipkin.proto`: `ListOfSpans`), read into
/// the same model as the JSON and converted the same way.
extension ZipkinConversion {
    /// A Zipkin `ListOfSpans` in protobuf as the protobuf bytes of the equivalent OTLP `ExportTraceServiceRequest`.
    public static func traceRequest(protobuf bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> [UInt8] {
        var spans: [ZipkinSpan?] = []
        var list = ProtobufCursor(bytes)
        while !list.isAtEnd {
            let (field, wireType) = try list.readTag()
            if field == 1 {
                spans.append(try span(list.readLengthDelimited(expecting: wireType, field: "spans")))
            } else {
                try list.skip(wireType)
            }
        }
        return try traceRequest(spans: spans)
    }

    /// `Span`: ids as bytes, kind as an enum, times in microseconds, endpoints, annotations, tags as a map.
    static func span(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> ZipkinSpan {
        var span = ZipkinSpan()
        var tags: [(key: String, value: String)] = []
        var annotations: [Annotation] = []
        var cursor = ProtobufCursor(bytes)
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (1, .lengthDelimited): span.traceId = hex(try cursor.readLengthDelimited())
            case (2, .lengthDelimited): span.parentId = hex(try cursor.readLengthDelimited())
            case (3, .lengthDelimited): span.id = hex(try cursor.readLengthDelimited())
            case (4, .varint):
                let kinds = [nil, "CLIENT", "SERVER", "PRODUCER", "CONSUMER"]
                let value = Int(truncatingIfNeeded: try cursor.readVarint())
                span.kind = kinds.indices.contains(value) ? kinds[value] : nil
            case (5, .lengthDelimited): span.name = ProtobufCursor.string(try cursor.readLengthDelimited())
            case (6, .fixed64): span.timestamp = try cursor.readFixed64()
            case (7, .varint): span.duration = try cursor.readVarint()
            case (8, .lengthDelimited): span.localEndpoint = try endpoint(cursor.readLengthDelimited())
            case (9, .lengthDelimited): span.remoteEndpoint = try endpoint(cursor.readLengthDelimited())
            case (10, .lengthDelimited): annotations.append(try annotation(cursor.readLengthDelimited()))
            case (11, .lengthDelimited): tags.append(try tag(cursor.readLengthDelimited()))
            case (1...11, _):
                throw OTLPDecodingError("invalid Zipkin protobuf: span field \(field) has wire type \(wireType.rawValue)")
            default: try cursor.skip(wireType)
            }
        }
        if !tags.isEmpty { span.tags = Tags(pairs: tags) }
        if !annotations.isEmpty { span.annotations = annotations }
        return span
    }

    static func endpoint(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> Endpoint {
        var endpoint = Endpoint()
        var cursor = ProtobufCursor(bytes)
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (1, .lengthDelimited): endpoint.serviceName = ProtobufCursor.string(try cursor.readLengthDelimited())
            case (2, .lengthDelimited): endpoint.ipv4 = try address(cursor.readLengthDelimited(), family: AF_INET, length: 4)
            case (3, .lengthDelimited): endpoint.ipv6 = try address(cursor.readLengthDelimited(), family: AF_INET6, length: 16)
            case (4, .varint):
                let port = Int32(truncatingIfNeeded: try cursor.readVarint())
                guard let value = UInt16(exactly: port) else {
                    throw OTLPDecodingError("invalid Zipkin protobuf: port \(port) is out of range")
                }
                endpoint.port = value == 0 ? nil : value
            default: try cursor.skip(wireType)
            }
        }
        return endpoint
    }

    static func annotation(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> Annotation {
        var annotation = Annotation()
        var cursor = ProtobufCursor(bytes)
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (1, .fixed64): annotation.timestamp = try cursor.readFixed64()
            case (2, .lengthDelimited): annotation.value = ProtobufCursor.string(try cursor.readLengthDelimited())
            default: try cursor.skip(wireType)
            }
        }
        return annotation
    }

    /// A `map<string, string>` entry.
    static func tag(_ bytes: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> (key: String, value: String) {
        var key = ""
        var value = ""
        var cursor = ProtobufCursor(bytes)
        while !cursor.isAtEnd {
            let (field, wireType) = try cursor.readTag()
            switch (field, wireType) {
            case (1, .lengthDelimited): key = ProtobufCursor.string(try cursor.readLengthDelimited())
            case (2, .lengthDelimited): value = ProtobufCursor.string(try cursor.readLengthDelimited())
            default: try cursor.skip(wireType)
            }
        }
        return (key, value)
    }

    /// Lowercase hex of an id's bytes; empty bytes are an absent id.
    static func hex(_ bytes: UnsafeRawBufferPointer) -> String? {
        bytes.isEmpty ? nil : HexDigits.format(bytes: bytes)
    }

    /// An address's bytes as text (what the JSON form carries); empty bytes are no address.
    static func address(_ bytes: UnsafeRawBufferPointer, family: Int32, length: Int) throws(OTLPDecodingError) -> String? {
        guard !bytes.isEmpty else { return nil }
        guard bytes.count == length else {
            throw OTLPDecodingError("invalid Zipkin protobuf: an IP address of \(bytes.count) bytes, expected \(length)")
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(family, bytes.baseAddress, &buffer, socklen_t(buffer.count)) != nil else {
            throw OTLPDecodingError("invalid Zipkin protobuf: unreadable IP address")
        }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
