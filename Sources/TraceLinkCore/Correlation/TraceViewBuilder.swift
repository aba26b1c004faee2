/// Turns a trace's spans and logs (in arrival order) into a `TraceView`: a depth-first tree, siblings by start
/// time, logs in time order under their span. Iterative, so a deep trace cannot overflow the stack.
enum TraceViewBuilder {
    static func build(spans: [Span], logs: [StoredLog], summary: TraceSummary) -> TraceView {
        var slotOf: [UInt64: Int] = [:]
        slotOf.reserveCapacity(spans.count)
        for (slot, span) in spans.enumerated() { slotOf[span.spanID.value] = slot }

        func earlier(_ lhs: Int, _ rhs: Int) -> Bool {
            (spans[lhs].startUnixNano, spans[lhs].spanID.value) < (spans[rhs].startUnixNano, spans[rhs].spanID.value)
        }

        var children = [[Int]](repeating: [], count: spans.count)
        var roots: [Int] = []
        for (slot, span) in spans.enumerated() {
            if let parent = span.parentSpanID, let parentSlot = slotOf[parent.value], parentSlot != slot {
                children[parentSlot].append(slot)
            } else {
                roots.append(slot)
            }
        }
        roots.sort(by: earlier)
        for slot in children.indices where children[slot].count > 1 { children[slot].sort(by: earlier) }

        var nodes: [TraceView.Node] = []
        nodes.reserveCapacity(spans.count)
        var viewIndex = [Int](repeating: -1, count: spans.count)
        var rootIndices: [Int] = []
        var stack: [(slot: Int, parent: Int?, depth: Int)] = []

        func walk(from root: Int) {
            stack.append((root, nil, 0))
            while let (slot, parent, depth) = stack.popLast() {
                guard viewIndex[slot] < 0 else { continue }
                let index = nodes.count
                viewIndex[slot] = index
                nodes.append(
                    TraceView.Node(span: spans[slot], parentIndex: parent, childIndices: [], depth: depth, logs: []))
                if let parent { nodes[parent].childIndices.append(index) } else { rootIndices.append(index) }
                for child in children[slot].reversed() where viewIndex[child] < 0 {
                    stack.append((child, index, depth + 1))
                }
            }
        }
        for root in roots { walk(from: root) }
        // Spans in a parent cycle are reachable from no root: the earliest of what is left becomes one.
        if nodes.count < spans.count {
            for slot in spans.indices.sorted(by: earlier) where viewIndex[slot] < 0 { walk(from: slot) }
        }

        var traceLogs: [StoredLog] = []
        // Logs mostly arrive in time order: sort their indices only when they did not.
        var order = Array(logs.indices)
        if zip(logs, logs.dropFirst()).contains(where: { !($0.key < $1.key) }) {
            order.sort { logs[$0].key < logs[$1].key }
        }
        for index in order {
            if let spanID = logs[index].event.spanID, let slot = slotOf[spanID.value] {
                nodes[viewIndex[slot]].logs.append(logs[index])
            } else {
                traceLogs.append(logs[index])
            }
        }
        var view = TraceView(
            traceID: summary.traceID, spans: nodes, rootIndices: rootIndices, traceLogs: traceLogs, summary: summary)
        view.markTimings()
        return view
    }
}
