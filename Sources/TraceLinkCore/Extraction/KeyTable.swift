/// The keys of a JSON or logfmt rule compiled for matching on raw bytes: one hash probe per key seen.
///
/// Each configured key, split at its dots into components, defines a path; the table's nodes are the
/// dotted prefixes of those paths (the root is the empty prefix). An edge leads from a node to a longer
/// prefix and is labelled by the text between them, for every grouping of components: `trace.id` has
/// the edges `root -trace-> trace -id-> trace.id` and `root -trace.id-> trace.id`. So a JSON key, dotted
/// or not, is always one edge from the node of its enclosing object, and a logfmt key one edge from
/// the root.
///
/// `@unchecked Sendable`: all storage is written once in `init` and only read afterwards; it is
/// freed in `deinit`. Raw storage instead of arrays keeps the hot path free of retains and bounds checks.
final class KeyTable: @unchecked Sendable {
    /// A node: a dotted prefix of one or more configured keys.
    struct Node {
        /// The role when the prefix is itself a configured key, else nil.
        var role: FieldRole?
        /// The key's position within its role; lower wins.
        var rank: Int
        /// True when some configured key continues this prefix.
        var hasChildren: Bool
    }

    /// One edge of the open-addressed hash table; `child < 0` marks an empty slot.
    private struct Slot {
        var hash: UInt64 = 0
        /// The label's first (up to) eight bytes, as `head` reads them.
        var head: UInt64 = 0
        var parent: Int32 = 0
        var child: Int32 = -1
        var labelStart: Int32 = 0
        var labelCount: Int32 = 0
    }

    static let root: Int32 = 0

    let keys: FieldKeys
    private let nodes: UnsafeMutableBufferPointer<Node>
    private let slots: UnsafeMutableBufferPointer<Slot>
    private let labels: UnsafeMutableBufferPointer<UInt8>
    private let mask: Int

    init(_ keys: FieldKeys) {
        self.keys = keys
        // Nodes by prefix; the root is "".
        var nodeIndex: [String: Int32] = ["": 0]
        var nodeList = [Node(role: nil, rank: 0, hasChildren: false)]
        var rankByRole: [FieldRole: Int] = [:]
        var edges: [(parent: Int32, label: [UInt8], child: Int32)] = []
        var seenEdges = Set<String>()

        func node(for prefix: String) -> Int32 {
            if let index = nodeIndex[prefix] { return index }
            let index = Int32(nodeList.count)
            nodeIndex[prefix] = index
            nodeList.append(Node(role: nil, rank: 0, hasChildren: false))
            return index
        }

        for (key, role) in keys.entries where !key.isEmpty {
            let components = key.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
            // A key with an empty component (`a..b`, `.id`, `trace.`) names no field; the config reader refuses it.
            guard !components.contains(where: \.isEmpty) else { continue }
            let target = node(for: key)
            guard nodeList[Int(target)].role == nil else { continue }  // the same key twice: the first wins
            let rank = rankByRole[role, default: 0]
            rankByRole[role] = rank + 1
            nodeList[Int(target)].role = role
            nodeList[Int(target)].rank = rank
            // Every prefix boundary i < j gives the edge prefix(i) -components[i..<j]-> prefix(j).
            for start in 0..<components.count {
                let parentPrefix = components[..<start].joined(separator: ".")
                let parent = node(for: parentPrefix)
                for end in (start + 1)...components.count {
                    let label = components[start..<end].joined(separator: ".")
                    let child = node(for: components[..<end].joined(separator: "."))
                    nodeList[Int(parent)].hasChildren = true
                    if seenEdges.insert("\(parent)\u{0}\(label)").inserted {
                        edges.append((parent, Array(label.utf8), child))
                    }
                }
            }
        }

        var capacity = 16
        while capacity < edges.count * 4 { capacity *= 2 }
        mask = capacity - 1
        nodes = .allocate(capacity: nodeList.count)
        _ = nodes.initialize(from: nodeList)
        slots = .allocate(capacity: capacity)
        slots.initialize(repeating: Slot())
        let labelBytes = edges.flatMap(\.label)
        labels = .allocate(capacity: max(labelBytes.count, 1))
        _ = labels.initialize(from: labelBytes)
        var labelOffset = 0
        for edge in edges {
            let (head, hash) = edge.label.withUnsafeBufferPointer { label in
                let head = Self.head(label, start: 0, count: label.count)
                let last = label[label.count - 1]
                return (head, Self.hash(head: head, count: label.count, last: last, parent: edge.parent))
            }
            var index = Int(truncatingIfNeeded: hash) & mask
            while slots[index].child >= 0 { index = (index + 1) & mask }
            slots[index] = Slot(
                hash: hash, head: head, parent: edge.parent, child: edge.child, labelStart: Int32(labelOffset),
                labelCount: Int32(edge.label.count))
            labelOffset += edge.label.count
        }
    }

    deinit {
        nodes.deallocate()
        slots.deallocate()
        labels.deallocate()
    }

    var isEmpty: Bool { !nodes[0].hasChildren }

    @inline(__always)
    func node(_ index: Int32) -> Node { nodes[Int(index)] }

    /// The node reached from `parent` by the key `line[start..<end]`, if any.
    ///
    /// A key of up to eight bytes is compared as the one word its hash was made from; a longer one, past that word,
    /// byte by byte.
    @inline(__always)
    func child(of parent: Int32, _ line: UnsafeBufferPointer<UInt8>, start: Int, end: Int) -> Int32? {
        let count = end - start
        guard count > 0 else { return nil }
        let head = Self.head(line, start: start, count: count)
        let hash = Self.hash(head: head, count: count, last: line[end - 1], parent: parent)
        var index = Int(truncatingIfNeeded: hash) & mask
        while true {
            let slot = slots[index]
            if slot.child < 0 { return nil }
            if slot.hash == hash, slot.head == head, slot.parent == parent, Int(slot.labelCount) == count,
                count <= 8 || Self.equal(line, start + 8, labels, Int(slot.labelStart) + 8, count - 8)
            {
                return slot.child
            }
            index = (index + 1) & mask
        }
    }

    @inline(__always)
    private static func equal(
        _ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ label: UnsafeMutableBufferPointer<UInt8>, _ labelStart: Int,
        _ count: Int
    ) -> Bool {
        for offset in 0..<count where line[start + offset] != label[labelStart + offset] { return false }
        return true
    }

    /// The first (up to) eight bytes of `bytes[start..<start+count]`, the first in the lowest byte.
    @inline(__always)
    static func head(_ bytes: UnsafeBufferPointer<UInt8>, start: Int, count: Int) -> UInt64 {
        if start + 8 <= bytes.count {
            // One load; for a short key inside a line, the bytes past it masked off (the same value as below).
            let word = UInt64(littleEndian: UnsafeRawPointer(bytes.baseAddress! + start).loadUnaligned(as: UInt64.self))
            return count >= 8 ? word : word & ((1 << (UInt64(count) * 8)) &- 1)
        }
        var head: UInt64 = 0
        for offset in 0..<min(count, 8) { head |= UInt64(bytes[start + offset]) << (UInt64(offset) * 8) }
        return head
    }

    /// Mixes the parent, the length, the first (up to) eight bytes and the last byte of the key.
    @inline(__always)
    static func hash(head: UInt64, count: Int, last: UInt8, parent: Int32) -> UInt64 {
        var value = head ^ (UInt64(count) &* 0x9E37_79B9_7F4A_7C15) ^ (UInt64(last) << 56)
            ^ (UInt64(UInt32(bitPattern: parent)) &* 0xC2B2_AE3D_27D4_EB4F)
        value ^= value >> 31
        value &*= 0xBF58_476D_1CE4_E5B9
        value ^= value >> 29
        return value
    }
}
