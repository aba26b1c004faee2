import Foundation
import SwiftProtobuf
public import TraceLinkCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// Turns Zipkin v2 JSON span lists into the protobuf bytes of an OTLP `ExportTraceServiceRequest`, mapped as the
/// OpenTelemetry Collector's zipkin receiver maps them (contrib `pkg/translator/zipkin/zipkinv2`, `ToTraces`,
/// with `parse_string_tags` off), so spans look the same whether they came through a collector or straight here.
///
/// - Ids: hex of any length up to 32 (trace) or 16 (span) digits, either case, left-padded with zeros; a 64-bit
///   trace id becomes 16 bytes whose high half is zero. A parent id equal to the span's own id is dropped.
/// - `kind` CLIENT/SERVER/PRODUCER/CONSUMER as the OTLP kinds; absent (or unknown) is UNSPECIFIED, or INTERNAL when
///   the tag `span.kind` is `internal`. `shared` and `debug` are ignored: the server half of a shared span stays
///   a span of its own, with the client half's id.
/// - `timestamp` and `duration` (µs) as start and end (ns); without a timestamp the span starts at 0 and gets
///   `otel.zipkin.absentField.startTime = true`.
/// - Spans are grouped, in a stable order by service name then scope name, into one `ResourceSpans` per service
///   and one `ScopeSpans` per scope; the resource is `service.name` (or the key in tag `otlp.service.name.source`)
///   plus the tags that are resource conventions, taken from the group's first span. A span without a service
///   name gets an empty resource.
/// - Tags become string attributes, sorted by key, except those read as fields: `otel.status_code`,
///   `otel.status_description`, `error` (status ERROR; the tag stays unless its value is `true`), `w3c.tracestate`,
///   `otlp.link.N`, the scope (`otel.scope.name`/`version`, or the older `otel.library.name`/`version`) and the
///   resource conventions. Endpoints add `net.host.ip`, `net.host.port`, `peer.service`, `net.peer.ip`,
///   `net.peer.port`, replacing tags of those names.
/// - Annotations become events named by their value; the OpenTelemetry SDK exporters' `{"name": {attributes}}`
///   is read back as that event (the collector keeps it as the name); the collector exporter's `name|{json attributes}|dropped`
///   form is split back into name and attributes.
///
/// Two choices differ from the collector, both to keep what the sender wrote: a non-`true` `error` tag is also the
/// status message (when `otel.status_description` did not set one), and an annotation containing `|` that is not
/// the exporter's form keeps its whole value as the name (the collector cuts it at the first `|`, or fails the
/// request). A missing `traceId` is refused (the collector would send an all-zero id); an all-zero one passes, for
/// the span reader to refuse like any invalid OTLP span.
public enum ZipkinConversion {
    /// A Zipkin v2 JSON span list (`POST /api/v2/spans`, the body as sent, already decompressed) as the protobuf bytes
    /// of the equivalent OTLP `ExportTraceServiceRequest`.
    public static func traceRequest(json: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> [UInt8] {
        try traceRequest(spans: try decode(json))
    }

    /// The spans of either encoding as the protobuf bytes of the equivalent OTLP request.
    static func traceRequest(spans: [ZipkinSpan?]) throws(OTLPDecodingError) -> [UInt8] {
        var converted: [ConvertedSpan] = []
        converted.reserveCapacity(spans.count)
        for (index, span) in spans.enumerated() {
            guard let span else { continue }  // `null` in the list: skipped, as the collector skips nil spans
            do throws(OTLPDecodingError) {
                converted.append(try ConvertedSpan(span))
            } catch {
                throw OTLPDecodingError("invalid Zipkin span at index \(index): \(error.message)")
            }
        }
        let request = group(converted)
        do {
            return try request.serializedBytes()
        } catch {
            throw OTLPDecodingError("cannot encode the converted Zipkin spans as protobuf: \(error)")
        }
    }

    private static func decode(_ json: UnsafeRawBufferPointer) throws(OTLPDecodingError) -> [ZipkinSpan?] {
        let data = json.isEmpty ? Data() : Data(json)
        do {
            // `null` is an empty list, as Go's encoding/json reads it.
            return try JSONDecoder().decode([ZipkinSpan?]?.self, from: data) ?? []
        } catch let error as DecodingError {
            throw OTLPDecodingError("invalid Zipkin v2 JSON: \(reason(error))")
        } catch {
            throw OTLPDecodingError("invalid Zipkin v2 JSON: \(error)")
        }
    }

    private static func reason(_ error: DecodingError) -> String {
        /// `[2].localEndpoint.port`: where in the body the problem is.
        func path(_ context: DecodingError.Context) -> String {
            guard !context.codingPath.isEmpty else { return "the body" }
            let path = context.codingPath.map { key in key.intValue.map { "[\($0)]" } ?? ".\(key.stringValue)" }
            return String(path.joined().trimmingPrefix("."))
        }
        switch error {
        case .typeMismatch(_, let context) where context.codingPath.isEmpty:
            return "the body must be a JSON array of spans (\(context.debugDescription))"
        case .typeMismatch(let type, let context):
            return "\(path(context)) has the wrong type: expected \(type) (\(context.debugDescription))"
        case .valueNotFound(let type, let context):
            return "\(path(context)) is null where a \(type) is required"
        case .keyNotFound(let key, let context):
            return "\(path(context)) lacks required field \"\(key.stringValue)\""
        case .dataCorrupted(let context):
            let cause = context.underlyingError.map { " (\($0))" } ?? ""
            return "\(path(context)): \(context.debugDescription)\(cause)"
        @unknown default:
            return "\(error)"
        }
    }
}

// MARK: - The Zipkin v2 model as sent

extension ZipkinConversion {
    /// One span of the list, fields as written; their meaning is checked when it is converted.
    struct ZipkinSpan: Decodable {
        var traceId: String?
        var id: String?
        var parentId: String?
        var name: String?
        var kind: String?
        /// Microseconds since the epoch.
        var timestamp: UInt64?
        /// Microseconds.
        var duration: UInt64?
        var localEndpoint: Endpoint?
        var remoteEndpoint: Endpoint?
        var annotations: [Annotation]?
        var tags: Tags?
    }

    struct Endpoint: Decodable {
        var serviceName: String?
        var ipv4: String?
        var ipv6: String?
        var port: UInt16?
    }

    struct Annotation: Decodable {
        /// Microseconds since the epoch.
        var timestamp: UInt64?
        var value: String?
    }

    /// `tags`: string values only (as Zipkin defines them), a `null` value read as empty, sorted by key.
    struct Tags: Decodable {
        var pairs: [(key: String, value: String)]

        /// Tags read from Zipkin's protobuf (a map: sorted here as the JSON ones are).
        init(pairs: [(key: String, value: String)]) {
            self.pairs = pairs.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        }

        init(from decoder: any Swift.Decoder) throws {
            let container = try decoder.container(keyedBy: AnyKey.self)
            pairs = try container.allKeys.map { key in
                (key.stringValue, try container.decodeIfPresent(String.self, forKey: key) ?? "")
            }
            pairs.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        }
    }

    struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// A value in the JSON attributes of an exporter-encoded annotation or link; arrays and objects are dropped.
    enum LooseScalar: Decodable {
        case string(String)
        case bool(Bool)
        case number(Double)
        case unsupported

        init(from decoder: any Swift.Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let value = try? container.decode(String.self) {
                self = .string(value)
            } else if let value = try? container.decode(Bool.self) {
                self = .bool(value)
            } else if let value = try? container.decode(Double.self) {
                self = .number(value)
            } else {
                self = .unsupported
            }
        }
    }
}

// MARK: - One span converted

extension ZipkinConversion {
    /// The tags that are resource semantic conventions (collector semconv v1.6.1), plus the OpenCensus ones the
    /// collector also moves to the resource. None of them is ever a span attribute.
    static let resourceTagKeys: Set<String> = [
        "cloud.provider", "cloud.account.id", "cloud.region", "cloud.availability_zone", "cloud.platform",
        "aws.ecs.container.arn", "aws.ecs.cluster.arn", "aws.ecs.launchtype", "aws.ecs.task.arn",
        "aws.ecs.task.family", "aws.ecs.task.revision", "aws.eks.cluster.arn", "aws.log.group.names",
        "aws.log.group.arns", "aws.log.stream.names", "aws.log.stream.arns",
        "container.name", "container.id", "container.runtime", "container.image.name", "container.image.tag",
        "deployment.environment", "device.id", "device.model.identifier", "device.model.name",
        "faas.name", "faas.id", "faas.version", "faas.instance", "faas.max_memory",
        "host.id", "host.name", "host.type", "host.arch", "host.image.name", "host.image.id", "host.image.version",
        "k8s.cluster.name", "k8s.node.name", "k8s.node.uid", "k8s.namespace.name", "k8s.pod.uid", "k8s.pod.name",
        "k8s.container.name", "k8s.replicaset.uid", "k8s.replicaset.name", "k8s.deployment.uid",
        "k8s.deployment.name", "k8s.statefulset.uid", "k8s.statefulset.name", "k8s.daemonset.uid",
        "k8s.daemonset.name", "k8s.job.uid", "k8s.job.name", "k8s.cronjob.uid", "k8s.cronjob.name",
        "os.type", "os.description", "os.name", "os.version",
        "process.pid", "process.executable.name", "process.executable.path", "process.command",
        "process.command_line", "process.command_args", "process.owner", "process.runtime.name",
        "process.runtime.version", "process.runtime.description",
        "service.name", "service.namespace", "service.instance.id", "service.version",
        "telemetry.sdk.name", "telemetry.sdk.language", "telemetry.sdk.version", "telemetry.auto.version",
        "webengine.name", "webengine.version", "webengine.description",
        "opencensus.starttime", "opencensus.exporterversion", "opencensus.resourcetype",
    ]

    static let serviceNameSourceTag = "otlp.service.name.source"
    static let scopeNameTags = ["otel.scope.name", "otel.library.name"]
    static let scopeVersionTags = ["otel.scope.version", "otel.library.version"]

    /// A span with what decides its resource and scope, which are built once per group.
    struct ConvertedSpan {
        var span: OTLPSpan
        /// Empty when the span has no local service name.
        var service: String
        var resourceTags: [(key: String, value: String)]
        var serviceNameKey: String
        var scopeName: String
        var scopeVersion: String

        init(_ zipkin: ZipkinSpan) throws(OTLPDecodingError) {
            var tags = TagSet(zipkin.tags?.pairs ?? [])

            let local = zipkin.localEndpoint.flatMap { $0.isEmpty ? nil : $0 }
            let remote = zipkin.remoteEndpoint.flatMap { $0.isEmpty ? nil : $0 }
            service = local?.serviceName ?? ""
            serviceNameKey = tags.take(serviceNameSourceTag).flatMap { $0.isEmpty ? nil : $0 } ?? "service.name"
            resourceTags = tags.removeAll { resourceTagKeys.contains($0) }
            let scopeNames = scopeNameTags.compactMap { tags.take($0) }
            let scopeVersions = scopeVersionTags.compactMap { tags.take($0) }
            scopeName = scopeNames.first { !$0.isEmpty } ?? ""
            scopeVersion = scopeName.isEmpty ? "" : (scopeVersions.first { !$0.isEmpty } ?? "")

            var span = OTLPSpan()
            guard let traceID = zipkin.traceId, !traceID.isEmpty else { throw OTLPDecodingError("traceId is required") }
            span.traceID = try ZipkinConversion.id(traceID, bytes: 16, field: "traceId")
            guard let id = zipkin.id, !id.isEmpty else { throw OTLPDecodingError("id is required") }
            let spanID = try ZipkinConversion.id(id, bytes: 8, field: "id")
            guard spanID.contains(where: { $0 != 0 }) else { throw OTLPDecodingError("id must not be zero") }
            span.spanID = spanID
            if let parentID = zipkin.parentId, !parentID.isEmpty {
                let parent = try ZipkinConversion.id(parentID, bytes: 8, field: "parentId")
                if parent != spanID, parent.contains(where: { $0 != 0 }) { span.parentSpanID = parent }
            }
            if let traceState = tags.take("w3c.tracestate") { span.traceState = traceState }
            span.name = zipkin.name ?? ""
            span.kind = Self.kind(zipkin.kind, tags: &tags)
            Self.setStatus(of: &span, tags: &tags)
            span.links = try Self.links(tags: &tags)

            var attributes = AttributeList(tags.pairs)
            if let local {
                if let ip = try local.address(field: "localEndpoint") {
                    attributes.put("net.host.ip", .stringValue(ip))
                }
                if let port = local.port, port > 0 { attributes.put("net.host.port", .intValue(Int64(port))) }
            }
            if let remote {
                if let name = remote.serviceName, !name.isEmpty { attributes.put("peer.service", .stringValue(name)) }
                if let ip = try remote.address(field: "remoteEndpoint") {
                    attributes.put("net.peer.ip", .stringValue(ip))
                }
                if let port = remote.port, port > 0 { attributes.put("net.peer.port", .intValue(Int64(port))) }
            }

            let duration = try ZipkinConversion.nanoseconds(zipkin.duration ?? 0, field: "duration")
            if let timestamp = zipkin.timestamp, timestamp > 0 {
                span.startTimeUnixNano = try ZipkinConversion.nanoseconds(timestamp, field: "timestamp")
            } else {
                attributes.put("otel.zipkin.absentField.startTime", .boolValue(true))
            }
            let (end, overflow) = span.startTimeUnixNano.addingReportingOverflow(duration)
            guard !overflow else { throw OTLPDecodingError("timestamp plus duration is past the year 2554") }
            span.endTimeUnixNano = end
            span.attributes = attributes.keyValues
            for (index, annotation) in (zipkin.annotations ?? []).enumerated() {
                span.events.append(try Self.event(annotation, index: index))
            }
            self.span = span
        }

        private static func kind(_ kind: String?, tags: inout TagSet) -> OTLPSpan.SpanKind {
            switch kind {
            case "CLIENT": .client
            case "SERVER": .server
            case "PRODUCER": .producer
            case "CONSUMER": .consumer
            default: tags.take("span.kind") == "internal" ? .internal : .unspecified
            }
        }

        /// `otel.status_code` (with `otel.status_description`), then `error`, which makes any status ERROR.
        private static func setStatus(of span: inout OTLPSpan, tags: inout TagSet) {
            if let code = tags.take("otel.status_code") {
                switch code {
                case "STATUS_CODE_OK", "Ok": span.status.code = .ok
                case "STATUS_CODE_ERROR", "Error": span.status.code = .error
                default: span.status.code = .unset
                }
                if let description = tags.take("otel.status_description") { span.status.message = description }
            }
            guard let value = tags["error"] else { return }
            span.status.code = .error
            if value == "true" {
                _ = tags.take("error")  // the bare flag says nothing more; any other value stays an attribute
            } else if span.status.message.isEmpty {
                span.status.message = value
            }
        }

        private static func event(_ annotation: Annotation, index: Int) throws(OTLPDecodingError) -> OTLPSpan.Event {
            guard let timestamp = annotation.timestamp, timestamp > 0 else {
                throw OTLPDecodingError("annotations[\(index)] needs a timestamp after the epoch")
            }
            var event = OTLPSpan.Event()
            event.timeUnixNano = try ZipkinConversion.nanoseconds(timestamp, field: "annotations[\(index)].timestamp")
            let value = annotation.value ?? ""
            if let encoded = ExporterEncoded(value, leadingFields: 1) {
                event.name = encoded.fields[0]
                event.attributes = encoded.attributes
                event.droppedAttributesCount = encoded.dropped
            } else if let encoded = SDKEncodedEvent(value) {
                event.name = encoded.name
                event.attributes = encoded.attributes
            } else {
                event.name = value
            }
            return event
        }

        /// `otlp.link.0`, `otlp.link.1`, … up to the first missing index, as the collector exporter writes links:
        /// `traceId|spanId|traceState|{json attributes}|dropped`. Malformed links fail the request, as in the collector.
        private static func links(tags: inout TagSet) throws(OTLPDecodingError) -> [OTLPSpan.Link] {
            var links: [OTLPSpan.Link] = []
            for index in 0..<128 {
                guard let value = tags.take("otlp.link.\(index)") else { break }
                guard value.split(separator: "|", omittingEmptySubsequences: false).count >= 5 else { continue }
                guard let encoded = ExporterEncoded(value, leadingFields: 3) else {
                    throw OTLPDecodingError(
                        "tag otlp.link.\(index) is not traceId|spanId|traceState|{attributes}|dropped")
                }
                var link = OTLPSpan.Link()
                let (traceID, spanID) = (encoded.fields[0], encoded.fields[1])
                guard traceID.isEmpty || traceID.utf8.count == 32, spanID.isEmpty || spanID.utf8.count == 16 else {
                    throw OTLPDecodingError("tag otlp.link.\(index) has an id of the wrong length")
                }
                if !traceID.isEmpty {
                    link.traceID = try ZipkinConversion.id(traceID, bytes: 16, field: "link trace id")
                }
                if !spanID.isEmpty { link.spanID = try ZipkinConversion.id(spanID, bytes: 8, field: "link span id") }
                link.traceState = encoded.fields[2]
                link.attributes = encoded.attributes
                link.droppedAttributesCount = encoded.dropped
                links.append(link)
            }
            return links
        }
    }
}

// MARK: - Pieces

extension ZipkinConversion {
    /// `bytes` bytes from at most twice as many hex digits, left-padded with zeros.
    static func id(_ hex: String, bytes count: Int, field: String) throws(OTLPDecodingError) -> Data {
        let digits = Array(hex.utf8)
        guard digits.count <= 2 * count else {
            throw OTLPDecodingError("\(field) \"\(hex)\" is longer than \(2 * count) hex digits")
        }
        var bytes = [UInt8](repeating: 0, count: count)
        let padding = 2 * count - digits.count
        for (offset, digit) in digits.enumerated() {
            guard let value = HexDigits.value(of: digit) else {
                throw OTLPDecodingError("\(field) \"\(hex)\" is not hexadecimal")
            }
            let position = padding + offset
            bytes[position / 2] |= position % 2 == 0 ? value << 4 : value
        }
        return Data(bytes)
    }

    static func nanoseconds(_ microseconds: UInt64, field: String) throws(OTLPDecodingError) -> UInt64 {
        let (nanoseconds, overflow) = microseconds.multipliedReportingOverflow(by: 1000)
        guard !overflow else { throw OTLPDecodingError("\(field) \(microseconds) µs is past the year 2554") }
        return nanoseconds
    }

    /// A span's tags, sorted by key, from which the ones read as fields are taken out.
    struct TagSet {
        private(set) var pairs: [(key: String, value: String)]

        init(_ pairs: [(key: String, value: String)]) { self.pairs = pairs }

        subscript(key: String) -> String? { pairs.first { $0.key == key }?.value }

        mutating func take(_ key: String) -> String? {
            guard let index = pairs.firstIndex(where: { $0.key == key }) else { return nil }
            return pairs.remove(at: index).value
        }

        /// Takes out every tag whose key matches, in order.
        mutating func removeAll(where matches: (String) -> Bool) -> [(key: String, value: String)] {
            let taken = pairs.filter { matches($0.key) }
            pairs.removeAll { matches($0.key) }
            return taken
        }
    }

    /// Span attributes in order, a later value for a key replacing the earlier one in place (pdata `PutStr`).
    struct AttributeList {
        private(set) var keyValues: [OTLPKeyValue] = []

        init(_ tags: [(key: String, value: String)]) {
            keyValues.reserveCapacity(tags.count + 4)
            for tag in tags { put(tag.key, .stringValue(tag.value)) }
        }

        mutating func put(_ key: String, _ value: OTLPAnyValue.OneOf_Value) {
            var anyValue = OTLPAnyValue()
            anyValue.value = value
            if let index = keyValues.firstIndex(where: { $0.key == key }) {
                keyValues[index].value = anyValue
                return
            }
            var keyValue = OTLPKeyValue()
            keyValue.key = key
            keyValue.value = anyValue
            keyValues.append(keyValue)
        }
    }

    /// JSON attributes as OTLP key-values sorted by key: whole numbers as ints, arrays and objects dropped.
    static func attributes(_ object: [String: LooseScalar]) -> [OTLPKeyValue] {
        var attributes = AttributeList([])
        for key in object.keys.sorted(by: { $0.utf8.lexicographicallyPrecedes($1.utf8) }) {
            switch object[key] {
            case .string(let value): attributes.put(key, .stringValue(value))
            case .bool(let value): attributes.put(key, .boolValue(value))
            case .number(let value):
                if value.rounded() == value, let integer = Int64(exactly: value) {
                    attributes.put(key, .intValue(integer))
                } else {
                    attributes.put(key, .doubleValue(value))
                }
            case .unsupported, nil: break
            }
        }
        return attributes.keyValues
    }

    /// The OpenTelemetry SDKs' Zipkin exporters' event: `{"name": {attributes}}` (Python, JavaScript) or
    /// `"name":{attributes}` (Java), one key whose value is an object of attributes; nil for any other text. The
    /// collector keeps such a value as the event's name; reading it back gives the event the SDK recorded (an
    /// `exception` with its type, message and stack trace).
    struct SDKEncodedEvent {
        var name: String
        var attributes: [OTLPKeyValue]

        init?(_ text: String) {
            let trimmed = text.trimmingCharacters(in: .whitespaces)
            guard trimmed.hasSuffix("}") else { return nil }
            let json = trimmed.hasPrefix("{") ? trimmed : trimmed.hasPrefix("\"") ? "{" + trimmed + "}" : nil
            guard let json,
                let object = try? JSONDecoder().decode([String: [String: LooseScalar]].self, from: Data(json.utf8)),
                object.count == 1, let (name, values) = object.first
            else { return nil }
            self.name = name
            self.attributes = ZipkinConversion.attributes(values)
        }
    }

    /// The collector exporter's `field|…|field|{json attributes}|dropped` text (the JSON may itself hold `|`);
    /// nil when `text` is not in that form.
    struct ExporterEncoded {
        var fields: [String]
        var attributes: [OTLPKeyValue]
        var dropped: UInt32

        init?(_ text: String, leadingFields: Int) {
            let parts = text.split(separator: "|", omittingEmptySubsequences: false)
            guard parts.count >= leadingFields + 2, let dropped = UInt32(parts[parts.count - 1]) else { return nil }
            let json = parts[leadingFields..<(parts.count - 1)].joined(separator: "|")
            guard let object = try? JSONDecoder().decode([String: LooseScalar].self, from: Data(json.utf8)) else {
                return nil
            }
            self.fields = parts[..<leadingFields].map(String.init)
            self.attributes = ZipkinConversion.attributes(object)
            self.dropped = dropped
        }
    }
}

extension ZipkinConversion.Endpoint {
    var isEmpty: Bool {
        (serviceName ?? "").isEmpty && (port ?? 0) == 0 && (ipv4 ?? "").isEmpty && (ipv6 ?? "").isEmpty
    }

    /// The address as Go's `net.IP.String()` writes it (the IPv6 one when both are set, as the collector keeps the
    /// later); nil when neither is set. An address that is not an IP address fails the request, as in the collector.
    func address(field: String) throws(OTLPDecodingError) -> String? {
        var address: String?
        for (name, text) in [("ipv4", ipv4), ("ipv6", ipv6)] {
            guard let text, !text.isEmpty else { continue }
            guard let canonical = Self.canonicalIP(text) else {
                throw OTLPDecodingError("\(field).\(name) \"\(text)\" is not an IP address")
            }
            address = canonical
        }
        return address
    }

    /// Dotted quad for IPv4 (and IPv4-mapped IPv6), RFC 5952 text for other IPv6; nil if `text` is neither.
    static func canonicalIP(_ text: String) -> String? {
        var v4 = in_addr()
        if inet_pton(AF_INET, text, &v4) == 1 { return text }
        var v6 = in6_addr()
        guard inet_pton(AF_INET6, text, &v6) == 1 else { return nil }
        let bytes = withUnsafeBytes(of: &v6) { Array($0) }
        if bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF {
            return bytes[12...].map(String.init).joined(separator: ".")
        }
        var buffer = [CChar](repeating: 0, count: Int(INET6_ADDRSTRLEN))
        guard inet_ntop(AF_INET6, &v6, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

// MARK: - Grouping

extension ZipkinConversion {
    /// One `ResourceSpans` per service and one `ScopeSpans` per scope within it, in the collector's order (service,
    /// then scope name, byte-wise), spans of a group in the order they came.
    static func group(_ spans: [ConvertedSpan]) -> ExportTraceServiceRequest {
        let noService = "OTLPResourceNoServiceName"  // the collector's sort key for spans without a service
        func key(_ span: ConvertedSpan) -> (String, String) {
            (span.service.isEmpty ? noService : span.service, span.scopeName)
        }
        let ordered = spans.enumerated().sorted { lhs, rhs in
            let (left, right) = (key(lhs.element), key(rhs.element))
            if left.0 != right.0 { return left.0.utf8.lexicographicallyPrecedes(right.0.utf8) }
            if left.1 != right.1 { return left.1.utf8.lexicographicallyPrecedes(right.1.utf8) }
            return lhs.offset < rhs.offset
        }.map(\.element)

        var request = ExportTraceServiceRequest()
        var previous: (String, String)?
        for span in ordered {
            let current = key(span)
            if previous?.0 != current.0 {
                var resourceSpans = Opentelemetry_Proto_Trace_V1_ResourceSpans()
                resourceSpans.resource = resource(of: span)
                request.resourceSpans.append(resourceSpans)
            }
            if previous?.0 != current.0 || previous?.1 != current.1 {
                var scopeSpans = Opentelemetry_Proto_Trace_V1_ScopeSpans()
                if !span.scopeName.isEmpty {
                    scopeSpans.scope.name = span.scopeName
                    scopeSpans.scope.version = span.scopeVersion
                }
                request.resourceSpans[request.resourceSpans.count - 1].scopeSpans.append(scopeSpans)
            }
            let resourceIndex = request.resourceSpans.count - 1
            let scopeIndex = request.resourceSpans[resourceIndex].scopeSpans.count - 1
            request.resourceSpans[resourceIndex].scopeSpans[scopeIndex].spans.append(span.span)
            previous = current
        }
        return request
    }

    /// The service name under its key, then the group's first span's resource tags (which may replace it).
    private static func resource(of span: ConvertedSpan) -> Opentelemetry_Proto_Resource_V1_Resource {
        var resource = Opentelemetry_Proto_Resource_V1_Resource()
        guard !span.service.isEmpty else { return resource }
        var attributes = AttributeList([(span.serviceNameKey, span.service)])
        for tag in span.resourceTags { attributes.put(tag.key, .stringValue(tag.value)) }
        resource.attributes = attributes.keyValues
        return resource
    }
}
