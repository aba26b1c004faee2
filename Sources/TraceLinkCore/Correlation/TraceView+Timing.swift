extension TraceView {
    /// Sets every span's self time and marks the critical path.
    ///
    /// The critical path follows Jaeger's definition: from each root's end, walk back in time; the child that
    /// finished last before that point is what the parent was waiting on, so it is on the path, and the walk
    /// continues inside it and then from its start. Children that ended while a later one still ran are not.
    mutating func markTimings() {
        for index in spans.indices {
            spans[index].selfTimeNanos = selfTime(of: index)
        }
        var stack: [(index: Int, until: UInt64)] = rootIndices.map { ($0, spans[$0].span.endUnixNano) }
        while let (index, until) = stack.popLast() {
            spans[index].isCritical = true
            let span = spans[index].span
            var cursor = min(until, span.endUnixNano)
            // Children clipped to the parent, by end time, latest first.
            func clippedEnd(_ child: Int) -> UInt64 { min(spans[child].span.endUnixNano, span.endUnixNano) }
            let children = spans[index].childIndices.sorted { clippedEnd($0) > clippedEnd($1) }
            for child in children {
                let end = clippedEnd(child)
                // A child still running at the cursor overlaps the one already on the path: not waited on.
                guard end <= cursor, end > span.startUnixNano else { continue }
                stack.append((child, end))
                cursor = max(spans[child].span.startUnixNano, span.startUnixNano)
                if cursor <= span.startUnixNano { break }
            }
        }
    }

    /// The span's duration minus the union of its children's intervals clipped to it.
    private func selfTime(of index: Int) -> UInt64 {
        let span = spans[index].span
        let start = span.startUnixNano
        let end = max(span.endUnixNano, start)
        var intervals = spans[index].childIndices.compactMap { child -> (UInt64, UInt64)? in
            let childSpan = spans[child].span
            let from = max(childSpan.startUnixNano, start)
            let to = min(childSpan.endUnixNano, end)
            return from < to ? (from, to) : nil
        }
        intervals.sort { $0.0 < $1.0 }
        var covered: UInt64 = 0
        var reach = start
        for (from, to) in intervals where to > reach {
            covered += to - max(from, reach)
            reach = to
        }
        return (end - start) - covered
    }
}
