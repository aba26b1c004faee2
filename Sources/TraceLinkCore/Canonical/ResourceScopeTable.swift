import Synchronization

/// The resources and scopes spans were sent under, each held once for the whole store: a host's services send
/// the same few over and over, so a stored span refers to its resource and scope by a number.
///
/// Bounded: past `capacity` entries (or `maxBytes`), `intern` answers nil and the store keeps that span's
/// resource and scope inline instead.
public final class ResourceScopeTable: Sendable {
    public static let capacity = 4096
    public static let maxBytes = 8 << 20

    struct Entry: Sendable {
        var context: ResourceScope
        /// `service.name` of the resource, made once.
        var service: String
    }

    private struct State: Sendable {
        var ids: [ByteKey: UInt32] = [:]
        var entries: [Entry] = []
        var bytes = 0
        var scratch: [UInt8] = []
    }

    private let state = Mutex(State())

    public init() {}

    /// Each of the batch's scopes as held: its id, interning the new ones (nil for one the table has no room
    /// for), and its service.
    func intern(_ batch: SpanBatch) -> [InternedScope] {
        batch.bytes.withUnsafeBytes { raw in
            state.withLock { state in
                batch.scopes.map { scope in
                    scope.key(in: raw, into: &state.scratch)
                    return state.scratch.withUnsafeBytes { key -> InternedScope in
                        if let id = state.ids[ByteKey(borrowing: key)] {
                            return InternedScope(id: id, service: state.entries[Int(id)].service)
                        }
                        guard state.entries.count < Self.capacity, state.bytes < Self.maxBytes else {
                            return InternedScope(id: nil, service: ResourceScope(scope, in: raw).service)
                        }
                        let context = ResourceScope(scope, in: raw)
                        let id = UInt32(state.entries.count)
                        state.entries.append(Entry(context: context, service: context.service))
                        state.ids[ByteKey(borrowing: key).owned] = id
                        state.bytes += 2 * key.count + 128
                        return InternedScope(id: id, service: context.service)
                    }
                }
            }
        }
    }

    func entry(_ id: UInt32) -> Entry { state.withLock { $0.entries[Int(id)] } }

    /// Approximate heap bytes held.
    public var bytes: Int { state.withLock { $0.bytes } }
    public var count: Int { state.withLock { $0.entries.count } }
}

extension ResourceScope {
    /// The fields of `scope`, copied out of the request.
    init(_ scope: ScopeEntry, in raw: UnsafeRawBufferPointer) {
        self.init(
            resourceField: Array(raw[scope.resourceField.range]),
            resourceSchemaField: Array(raw[scope.resourceSchemaField.range]),
            scopeField: Array(raw[scope.scopeField.range]), scopeSchemaField: Array(raw[scope.scopeSchemaField.range]))
    }
}
