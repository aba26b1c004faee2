#if canImport(Glibc)
    import Glibc
#endif

/// A dictionary key made of bytes that can be looked up without copying them: a table stores `owned` keys and
/// probes with a `borrowed` one pointing into a request, so a hit costs a hash and a compare, no allocation.
///
/// A borrowed key must not outlive the bytes it points to: use it for the lookup only, never store it.
struct ByteKey: Hashable, @unchecked Sendable {
    private enum Storage {
        case owned([UInt8])
        case borrowed(UnsafeRawBufferPointer)
    }

    private let storage: Storage

    init(owning bytes: [UInt8]) { storage = .owned(bytes) }

    init(borrowing bytes: UnsafeRawBufferPointer) { storage = .borrowed(bytes) }

    /// The same bytes in storage of their own.
    var owned: ByteKey {
        switch storage {
        case .owned: self
        case .borrowed(let bytes): ByteKey(owning: Array(bytes))
        }
    }

    var count: Int {
        switch storage {
        case .owned(let bytes): bytes.count
        case .borrowed(let bytes): bytes.count
        }
    }

    @inline(__always)
    func withBytes<Result>(_ body: (UnsafeRawBufferPointer) -> Result) -> Result {
        switch storage {
        case .owned(let bytes): bytes.withUnsafeBytes(body)
        case .borrowed(let bytes): body(bytes)
        }
    }

    static func == (left: ByteKey, right: ByteKey) -> Bool {
        left.withBytes { a in
            right.withBytes { b in a.count == b.count && (a.count == 0 || memcmp(a.baseAddress!, b.baseAddress!, a.count) == 0) }
        }
    }

    func hash(into hasher: inout Hasher) {
        withBytes { hasher.combine(bytes: $0) }
    }
}
