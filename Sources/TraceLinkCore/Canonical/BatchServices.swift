#if canImport(Glibc)
    import Glibc
#endif

/// The services a batch's items name, each once, for its entries to index: a name is found by comparing its bytes
/// (no `String` is made or copied per item, only per new service). Shared by `LineBatch` and `JournalBatch`.
struct BatchServices: Sendable {
    /// The services, in the order they were first named.
    private(set) var names: [String] = []
    /// Their UTF-8 bytes back to back, the i-th ending at `ends[i]`.
    private var bytes: [UInt8] = []
    private var ends: [Int] = []

    /// The most services, and bytes of them, `removeAllIfMany` keeps (items naming a new service each would
    /// otherwise grow them from batch to batch).
    static let maximumKept = 64
    static let maximumKeptBytes = 4096

    /// The service at `index` (an entry's index, -1 for none).
    func name(at index: Int32) -> String? { index < 0 ? nil : names[Int(index)] }

    /// The index of the service whose UTF-8 bytes are `name`, added if new.
    mutating func index(of name: UnsafeRawBufferPointer) -> Int32 {
        known(name) ?? add(String(decoding: name, as: UTF8.self))
    }

    /// The index of `name`, added if new.
    mutating func index(of name: String) -> Int32 {
        var name = name
        return name.withUTF8 { known(UnsafeRawBufferPointer($0)) } ?? add(name)
    }

    /// Forgets the services once they are many, so that a batch reused from batch to batch keeps its few.
    mutating func removeAllIfMany() {
        guard names.count > Self.maximumKept || bytes.count > Self.maximumKeptBytes else { return }
        names.removeAll()
        bytes.removeAll()
        ends.removeAll()
    }

    private func known(_ name: UnsafeRawBufferPointer) -> Int32? {
        bytes.withUnsafeBytes { known in
            var start = 0
            for (index, end) in ends.enumerated() {
                if end - start == name.count,
                    name.isEmpty || memcmp(known.baseAddress! + start, name.baseAddress!, name.count) == 0
                {
                    return Int32(index)
                }
                start = end
            }
            return nil
        }
    }

    private mutating func add(_ name: String) -> Int32 {
        names.append(name)
        bytes.append(contentsOf: name.utf8)
        ends.append(bytes.count)
        return Int32(names.count - 1)
    }
}
