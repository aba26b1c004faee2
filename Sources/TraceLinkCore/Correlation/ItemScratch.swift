/// A shard's reused buffers for the spans of one trace from one batch: encoded back to back, with where each
/// ends and which batch index it came from, before they are appended to the trace's record in one step.
struct ItemScratch {
    var writer = CompactWriter(bytes: [])
    /// End offset in `writer.bytes` of each encoded item.
    private(set) var ends: [Int] = []
    /// Batch indices of the encoded items, in order.
    private(set) var accepted: [Int32] = []
    /// Span ids (and sides: a shared span's halves share an id) already accepted, once there are too many for a
    /// linear scan.
    private var acceptedIDs: Set<SpanHalf> = []

    struct SpanHalf: Hashable {
        var id: UInt64
        var serverSide: Bool
    }

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
    mutating func seenBefore(_ spanID: UInt64, _ kind: SpanKind, in batch: SpanBatch) -> Bool {
        if accepted.count <= TraceRecord.linearScanLimit {
            return accepted.contains {
                batch.spans[Int($0)].spanID.value == spanID && batch.spans[Int($0)].kind.isServerSide == kind.isServerSide
            }
        }
        if acceptedIDs.isEmpty {
            acceptedIDs = Set(
                accepted.map { SpanHalf(id: batch.spans[Int($0)].spanID.value, serverSide: batch.spans[Int($0)].kind.isServerSide) })
        }
        return !acceptedIDs.insert(SpanHalf(id: spanID, serverSide: kind.isServerSide)).inserted
    }
}
