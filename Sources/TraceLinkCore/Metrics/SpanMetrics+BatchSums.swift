#if canImport(Glibc)
    import Glibc
#endif

extension SpanMetrics {
    /// One batch's sums per series, keyed by the bytes that identify a series — the lengths and bytes of its
    /// service and span name, its kind, status and dimension values — kept back to back in one buffer. Runs of
    /// one series (a service's spans of one name) are found by comparing with the last key; others by hash.
    /// Counts and exemplars sit in flat arrays, so a batch allocates a few buffers, not a few per series.
    struct BatchSums {
        struct Entry {
            var keyStart: Int
            var keyCount: Int
            var calls: UInt64 = 0
            var sumMilliseconds: Double = 0
            /// A span of the series, to make its labels from when the series is new.
            var firstSpan: Int
        }

        let bucketCount: Int
        let dimensions: [String]
        private(set) var series: [Entry] = []
        private var keyBytes: [UInt8] = []
        private var bucketCounts: [UInt64] = []
        private var exemplars: [Exemplar?] = []
        /// Open addressing: index into `series`, -1 for an empty slot.
        private var slots = [Int32](repeating: -1, count: 128)
        private var hashes: [Int] = []
        private var scratch: [UInt8] = []
        private var last = -1

        init(bucketCount: Int, dimensions: [String]) {
            self.bucketCount = bucketCount
            self.dimensions = dimensions
            keyBytes.reserveCapacity(4096)
            scratch.reserveCapacity(256)
        }

        mutating func add(
            span index: Int, of batch: SpanBatch, raw: UnsafeRawBufferPointer, milliseconds: Double, bucket: Int
        ) {
            let entry = batch.spans[index]
            makeKey(entry, batch: batch, raw: raw)
            let found = scratch.withUnsafeBytes { key in
                if last >= 0, keyEquals(last, key) { return last }
                return lookup(key, span: index)
            }
            last = found
            series[found].calls &+= 1
            series[found].sumMilliseconds += milliseconds
            bucketCounts[found * bucketCount + bucket] &+= 1
            exemplars[found * bucketCount + bucket] = Exemplar(
                traceID: entry.traceID, milliseconds: milliseconds, timeUnixNano: entry.endUnixNano)
        }

        /// Writes the key of `entry` into `scratch`.
        private mutating func makeKey(_ entry: SpanEntry, batch: SpanBatch, raw: UnsafeRawBufferPointer) {
            scratch.removeAll(keepingCapacity: true)
            let service = batch.scopes[Int(entry.scope)].service
            append(UnsafeRawBufferPointer(rebasing: raw[service.range]))
            append(UnsafeRawBufferPointer(rebasing: raw[entry.name.range]))
            scratch.append(entry.kind.rawValue)
            scratch.append(entry.status.rawValue)
            if !dimensions.isEmpty {
                for value in SpanMetrics.dimensionValues(of: entry, in: batch, dimensions) {
                    var value = value
                    value.withUTF8 { append(UnsafeRawBufferPointer($0)) }
                }
            }
        }

        private mutating func append(_ bytes: UnsafeRawBufferPointer) {
            var count = bytes.count
            repeat {
                scratch.append(UInt8(truncatingIfNeeded: count) | (count >= 0x80 ? 0x80 : 0))
                count >>= 7
            } while count > 0
            scratch.append(contentsOf: bytes)
        }

        private func keyEquals(_ index: Int, _ key: UnsafeRawBufferPointer) -> Bool {
            let entry = series[index]
            guard entry.keyCount == key.count else { return false }
            return keyBytes.withUnsafeBytes { stored in
                entry.keyCount == 0 || memcmp(stored.baseAddress! + entry.keyStart, key.baseAddress!, entry.keyCount) == 0
            }
        }

        private mutating func lookup(_ key: UnsafeRawBufferPointer, span: Int) -> Int {
            var hasher = Hasher()
            hasher.combine(bytes: key)
            let hash = hasher.finalize()
            var slot = hash & (slots.count - 1)
            while slots[slot] >= 0 {
                let index = Int(slots[slot])
                if hashes[index] == hash, keyEquals(index, key) { return index }
                slot = (slot + 1) & (slots.count - 1)
            }
            let index = series.count
            series.append(Entry(keyStart: keyBytes.count, keyCount: key.count, firstSpan: span))
            keyBytes.append(contentsOf: key)
            hashes.append(hash)
            bucketCounts.append(contentsOf: repeatElement(0, count: bucketCount))
            exemplars.append(contentsOf: repeatElement(nil, count: bucketCount))
            slots[slot] = Int32(index)
            if series.count * 2 > slots.count { grow() }
            return index
        }

        private mutating func grow() {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            for index in series.indices {
                var slot = hashes[index] & (slots.count - 1)
                while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
                slots[slot] = Int32(index)
            }
        }

        /// Adds every series to `state`: one lookup by key bytes each; labels made only for a series first seen.
        func merge(into state: inout State, batch: SpanBatch, maxSeries: Int) {
            keyBytes.withUnsafeBytes { keys in
                for index in series.indices {
                    let entry = series[index]
                    let key = UnsafeRawBufferPointer(rebasing: keys[entry.keyStart..<entry.keyStart + entry.keyCount])
                    state.merge(self, index, keyBytes: key, maxSeries: maxSeries) {
                        SeriesKey(span: entry.firstSpan, of: batch, dimensions: dimensions)
                    }
                }
            }
        }

        /// Adds series `index`'s sums to `target`; its exemplars, being newer, replace the target's.
        func add(_ index: Int, to target: inout Series) {
            target.calls &+= series[index].calls
            target.sumMilliseconds += series[index].sumMilliseconds
            let base = index * bucketCount
            for bucket in 0..<bucketCount {
                target.bucketCounts[bucket] &+= bucketCounts[base + bucket]
                if let exemplar = exemplars[base + bucket] { target.exemplars[bucket] = exemplar }
            }
        }
    }
}
