/// A record's logs that carry a span id whose span has not arrived yet, by that span id: the first inline (a
/// log file's trace usually waits with one line), then a short list, then a dictionary once there are many.
struct PendingLogs {
    private var first: (spanID: UInt64, log: Int32)?
    private var few: [(spanID: UInt64, log: Int32)] = []
    private var bySpan: [UInt64: [Int32]] = [:]
    private(set) var count: Int32 = 0

    /// Waiting logs kept inline and in `few` before they move to `bySpan`.
    static let fewLimit = 32

    /// Makes room for `count` more waiting logs at once, while they stay in the short list.
    mutating func reserve(_ count: Int) {
        guard bySpan.isEmpty else { return }
        let listed = few.count + count - (first == nil ? 1 : 0)
        if listed > few.count, listed < Self.fewLimit { few.reserveCapacity(listed) }
    }

    mutating func add(_ spanID: UInt64, log: Int32) {
        count += 1
        if bySpan.isEmpty {
            if first == nil {
                first = (spanID, log)
                return
            }
            if few.count + 1 < Self.fewLimit {
                few.append((spanID, log))
                return
            }
            if let first { bySpan[first.spanID, default: []].append(first.log) }
            for entry in few { bySpan[entry.spanID, default: []].append(entry.log) }
            first = nil
            few = []
        }
        bySpan[spanID, default: []].append(log)
    }

    /// Removes and returns the logs waiting for `spanID`, in the order they were added.
    mutating func take(_ spanID: UInt64) -> [Int32] {
        guard count > 0 else { return [] }
        var taken: [Int32] = []
        if !bySpan.isEmpty {
            taken = bySpan.removeValue(forKey: spanID) ?? []
        } else {
            if let entry = first, entry.spanID == spanID { taken.append(entry.log) }
            few.removeAll { entry in
                guard entry.spanID == spanID else { return false }
                taken.append(entry.log)
                return true
            }
            if first?.spanID == spanID {
                first = few.isEmpty ? nil : few.removeFirst()
            }
        }
        count -= Int32(taken.count)
        return taken
    }

    var heapBytes: Int {
        var total = 0
        if few.capacity > 0 { total += StoreFootprint.allocationOverhead + 32 + 16 * few.capacity }
        if !bySpan.isEmpty {
            total += StoreFootprint.allocationOverhead + 48 * bySpan.capacity + StoreFootprint.pendingOverhead * Int(count)
        }
        return total
    }
}
