/// The resource and instrumentation scope a span was sent under, kept as the wire fields that carried them
/// (see `ScopeEntry`) so a span can be sent on, or shown, with everything that came with it.
public struct ResourceScope: Sendable, Hashable {
    public var resourceField: [UInt8]
    public var resourceSchemaField: [UInt8]
    public var scopeField: [UInt8]
    public var scopeSchemaField: [UInt8]

    public init(resourceField: [UInt8], resourceSchemaField: [UInt8], scopeField: [UInt8], scopeSchemaField: [UInt8]) {
        self.resourceField = resourceField
        self.resourceSchemaField = resourceSchemaField
        self.scopeField = scopeField
        self.scopeSchemaField = scopeSchemaField
    }

    public static let none = ResourceScope(resourceField: [], resourceSchemaField: [], scopeField: [], scopeSchemaField: [])

    var byteCount: Int { resourceField.count + resourceSchemaField.count + scopeField.count + scopeSchemaField.count }

    /// The resource's attributes, decoded.
    public var resourceAttributes: [Attribute] {
        OTLPSpanBytes.messageAttributes(inField: resourceField, attributesField: 1)
    }

    /// `service.name`, "unknown_service" when the resource has none (the SDKs' default).
    public var service: String {
        for attribute in resourceAttributes where attribute.key == "service.name" {
            if case .string(let name) = attribute.value, !name.isEmpty { return name }
        }
        return Span.unknownService
    }

    /// The instrumentation scope's name, version and attributes; nil when the spans came without one.
    public var scope: InstrumentationScope? {
        guard !scopeField.isEmpty else { return nil }
        return OTLPSpanBytes.scope(inField: scopeField)
    }

    public var resourceSchemaURL: String { OTLPSpanBytes.stringInField(resourceSchemaField) }
    public var scopeSchemaURL: String { OTLPSpanBytes.stringInField(scopeSchemaField) }
}

/// The library that made a span (`InstrumentationScope`).
public struct InstrumentationScope: Sendable, Hashable {
    public var name: String
    public var version: String
    public var attributes: [Attribute]

    public init(name: String, version: String = "", attributes: [Attribute] = []) {
        self.name = name
        self.version = version
        self.attributes = attributes
    }
}
