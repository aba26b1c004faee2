/// A shard's reused buffers for the items of one trace from one batch: encoded back to back, with where each
/// ends and which batch index it came from, before they are appended to the trace's record in one step.
struct ItemScratch {
    var writer = CompactWriter(bytes: [])
    /// End offset in `writer.bytes` of each encoded item.
    private(set) var ends: [Int] = []
    /// Batch indices of the encoded items, in order.
    private(set) var accepted: [Int32] = []
    /// Span ids already accepted, once there are too many for a linear scan.
    private var acceptedIDs: Set<UInt64> = []

    mutating func reset() {
        writer.bytes.removeAll(keepingCapacity: true)
        ends.removeAll(keepingCapacity: true)
        accepted.removeAll(keepingCapacity: true)
        acceptedIDs.removeAll(keepingCapacity: true)
    }

    /// Records that the item just encoded came from `index`.
    mutating func commit(_ index: Int32) {
        ends.append(writer.bytes.count)
        accepted.append(index)
    }

    /// Whether a span with `spanID` was accepted already from this batch (the same span sent twice in one
    /// export); from then on, `spanID` counts as seen.
    mutating func seenBefore(_ spanID: UInt64, in batch: SpanBatch) -> Bool {
        if accepted.count <= TraceRecord.linearScanLimit {
            return accepted.contains { batch.spans[Int($0)].spanID.value == spanID }
        }
        if acceptedIDs.isEmpty { acceptedIDs = Set(accepted.map { batch.spans[Int($0)].spanID.value }) }
        return !acceptedIDs.insert(spanID).inserted
    }
}
