/// Spans in tracelink's canonical form: the protobuf bytes of an OTLP `ExportTraceServiceRequest` (as received,
/// or converted once from OTLP/JSON or Zipkin), and per span what the stages after intake need — ids, name, kind,
/// times, status — with byte ranges for the span itself and the resource and scope it was sent under. Nothing
/// else is decoded: RED reads the fixed fields, the store appends the span's bytes, a query decodes them.
public struct SpanBatch: Sendable {
    /// The request's bytes; every range points into them.
    public var bytes: [UInt8]
    public var spans: [SpanEntry]
    /// One per `ScopeSpans` of the request, in order; `SpanEntry.scope` indexes it.
    public var scopes: [ScopeEntry]
    /// Spans left out because they were invalid (a trace id that is not 16 non-zero bytes), and why the first was.
    public var refused = 0
    public var refusalMessage = ""

    public init(bytes: [UInt8] = [], spans: [SpanEntry] = [], scopes: [ScopeEntry] = []) {
        self.bytes = bytes
        self.spans = spans
        self.scopes = scopes
    }

    public var isEmpty: Bool { spans.isEmpty }
    public var count: Int { spans.count }

    /// The bytes of `range`, for the duration of `body`.
    @inline(__always)
    public func withBytes<Result>(_ range: ByteRange, _ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        bytes.withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[range.range])) }
    }

    /// The service of the spans of `scope`: its resource's `service.name`, else `Span.unknownService`.
    public func service(of scope: ScopeEntry) -> String {
        scope.service.isEmpty ? Span.unknownService : text(scope.service)
    }

    /// The span at `index` decoded in full, as a query would see it.
    public func span(at index: Int) -> Span {
        let entry = spans[index]
        return bytes.withUnsafeBytes { raw in
            let context = ResourceScope(scopes[Int(entry.scope)], in: raw)
            return OTLPSpanBytes.span(
                UnsafeRawBufferPointer(rebasing: raw[entry.span.range]), traceID: entry.traceID, spanID: entry.spanID,
                context: context)
        }
    }

    /// Every span decoded in full.
    public var decodedSpans: [Span] { spans.indices.map(span(at:)) }
}

/// Where some bytes lie in a batch's buffer.
public struct ByteRange: Sendable, Hashable {
    public var start: UInt32
    public var count: UInt32

    public init(start: Int, count: Int) {
        self.start = UInt32(truncatingIfNeeded: start)
        self.count = UInt32(truncatingIfNeeded: count)
    }

    public static let empty = ByteRange(start: 0, count: 0)
    public var isEmpty: Bool { count == 0 }
    public var range: Range<Int> { Int(start)..<Int(start) + Int(count) }
}

/// What the stages need of one span without decoding it.
public struct SpanEntry: Sendable {
    public var traceID: TraceID
    public var spanID: SpanID
    /// The parent's id; 0 for a root span.
    public var parentSpanID: UInt64
    public var startUnixNano: UInt64
    public var endUnixNano: UInt64
    public var kind: SpanKind
    public var status: SpanStatusCode
    /// The span's name (UTF-8 as sent).
    public var name: ByteRange
    /// The whole `Span` message, without its tag and length.
    public var span: ByteRange
    /// Index into the batch's `scopes`.
    public var scope: Int32
    /// True when the span is past one of the intake limits and must be cut (`ItemLimits.apply`).
    public var overLimits = false

    public init(
        traceID: TraceID, spanID: SpanID, parentSpanID: UInt64, startUnixNano: UInt64, endUnixNano: UInt64,
        kind: SpanKind, status: SpanStatusCode, name: ByteRange, span: ByteRange, scope: Int32
    ) {
        self.traceID = traceID
        self.spanID = spanID
        self.parentSpanID = parentSpanID
        self.startUnixNano = startUnixNano
        self.endUnixNano = endUnixNano
        self.kind = kind
        self.status = status
        self.name = name
        self.span = span
        self.scope = scope
    }

    public var parent: SpanID? { SpanID(parentSpanID) }
    public var durationNanos: UInt64 { endUnixNano >= startUnixNano ? endUnixNano - startUnixNano : 0 }
}

/// One `ScopeSpans` of a request with its `ResourceSpans`: the fields other than the spans, each as written on
/// the wire with its tag (empty when absent), so the spans can be sent on exactly as they came.
public struct ScopeEntry: Sendable {
    /// `ResourceSpans.resource` (field 1).
    public var resourceField: ByteRange
    /// `ResourceSpans.schema_url` (field 3).
    public var resourceSchemaField: ByteRange
    /// `ScopeSpans.scope` (field 1).
    public var scopeField: ByteRange
    /// `ScopeSpans.schema_url` (field 3).
    public var scopeSchemaField: ByteRange
    /// The value of the resource's `service.name`; empty when it has none.
    public var service: ByteRange

    public init(
        resourceField: ByteRange = .empty, resourceSchemaField: ByteRange = .empty, scopeField: ByteRange = .empty,
        scopeSchemaField: ByteRange = .empty, service: ByteRange = .empty
    ) {
        self.resourceField = resourceField
        self.resourceSchemaField = resourceSchemaField
        self.scopeField = scopeField
        self.scopeSchemaField = scopeSchemaField
        self.service = service
    }

    /// The four fields back to back, with their lengths: what identifies the resource and scope in a table.
    func key(in raw: UnsafeRawBufferPointer, into scratch: inout [UInt8]) {
        scratch.removeAll(keepingCapacity: true)
        func append(_ field: ByteRange) {
            var count = field.count
            repeat {
                scratch.append(UInt8(truncatingIfNeeded: count) | (count >= 0x80 ? 0x80 : 0))
                count >>= 7
            } while count > 0
            scratch.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[field.range]))
        }
        append(resourceField)
        append(resourceSchemaField)
        append(scopeField)
        append(scopeSchemaField)
    }
}
