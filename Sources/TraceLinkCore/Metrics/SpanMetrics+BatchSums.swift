#if canImport(Glibc)
    import Glibc
#endif

extension SpanMetrics {
    /// One batch's sums per series. A series is found by its identity in the batch's own bytes — the bytes of the
    /// service and of the span name, the kind, the status, the dimension values — hashed eight bytes at a time and
    /// compared with `memcmp`: nothing is copied or allocated per span. Runs of one series (a service's spans of
    /// one name) skip even the hash. Counts and exemplars sit in flat arrays, so a batch allocates a few buffers,
    /// not a few per series.
    struct BatchSums {
        struct Entry {
            var service: ByteRange
            var name: ByteRange
            var kind: SpanKind
            var status: SpanStatusCode
            var dimensionValues: [String]
            var hash: UInt64
            var calls: UInt64 = 0
            var sumMilliseconds: Double = 0
            /// A span of the series, to make its labels from when the series is new.
            var firstSpan: Int
        }

        let bucketCount: Int
        let dimensions: [String]
        private(set) var series: [Entry] = []
        private var bucketCounts: [UInt64] = []
        private var exemplars: [Exemplar?] = []
        /// Open addressing: index into `series`, -1 for an empty slot.
        private var slots = [Int32](repeating: -1, count: 128)
        private var last = -1

        init(bucketCount: Int, dimensions: [String]) {
            self.bucketCount = bucketCount
            self.dimensions = dimensions
        }

        mutating func add(
            span index: Int, of batch: SpanBatch, raw: UnsafeRawBufferPointer, milliseconds: Double, bucket: Int
        ) {
            let span = batch.spans[index]
            let service = batch.scopes[Int(span.scope)].service
            let dimensionValues = dimensions.isEmpty ? [] : SpanMetrics.dimensionValues(of: span, in: batch, dimensions)
            let found: Int
            if last >= 0, matches(last, service, span, dimensionValues, raw) {
                found = last
            } else {
                found = lookup(span: index, span, service: service, dimensionValues, raw: raw)
                last = found
            }
            series[found].calls &+= 1
            series[found].sumMilliseconds += milliseconds
            bucketCounts[found * bucketCount + bucket] &+= 1
            exemplars[found * bucketCount + bucket] = Exemplar(
                traceID: span.traceID, milliseconds: milliseconds, timeUnixNano: span.endUnixNano)
        }

        @inline(__always)
        private func matches(
            _ index: Int, _ service: ByteRange, _ span: SpanEntry, _ dimensionValues: [String], _ raw: UnsafeRawBufferPointer
        ) -> Bool {
            let entry = series[index]
            return entry.kind == span.kind && entry.status == span.status
                && Self.same(entry.service, service, raw) && Self.same(entry.name, span.name, raw)
                && entry.dimensionValues == dimensionValues
        }

        @inline(__always)
        private static func same(_ left: ByteRange, _ right: ByteRange, _ raw: UnsafeRawBufferPointer) -> Bool {
            left.count == right.count
                && (left.start == right.start || left.count == 0
                    || memcmp(raw.baseAddress! + Int(left.start), raw.baseAddress! + Int(right.start), Int(left.count)) == 0)
        }

        private mutating func lookup(
            span index: Int, _ span: SpanEntry, service: ByteRange, _ dimensionValues: [String], raw: UnsafeRawBufferPointer
        ) -> Int {
            var hash = FastHash.bytes(raw, service, seed: UInt64(span.kind.rawValue) << 8 | UInt64(span.status.rawValue))
            hash = FastHash.bytes(raw, span.name, seed: hash)
            for value in dimensionValues { hash = hash &* 31 &+ UInt64(truncatingIfNeeded: value.hashValue) }
            var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
            while slots[slot] >= 0 {
                let found = Int(slots[slot])
                if series[found].hash == hash, matches(found, service, span, dimensionValues, raw) { return found }
                slot = (slot + 1) & (slots.count - 1)
            }
            let found = series.count
            series.append(
                Entry(
                    service: service, name: span.name, kind: span.kind, status: span.status,
                    dimensionValues: dimensionValues, hash: hash, firstSpan: index))
            bucketCounts.append(contentsOf: repeatElement(0, count: bucketCount))
            exemplars.append(contentsOf: repeatElement(nil, count: bucketCount))
            slots[slot] = Int32(found)
            if series.count * 2 > slots.count { grow() }
            return found
        }

        private mutating func grow() {
            slots = [Int32](repeating: -1, count: slots.count * 2)
            for index in series.indices {
                var slot = Int(truncatingIfNeeded: series[index].hash) & (slots.count - 1)
                while slots[slot] >= 0 { slot = (slot + 1) & (slots.count - 1) }
                slots[slot] = Int32(index)
            }
        }

        /// Adds every series to `state`: one lookup by its key bytes (the lengths and bytes of service and name,
        /// kind, status, dimension values) each; labels are made only for a series first seen.
        func merge(into state: inout State, batch: SpanBatch, maxSeries: Int) {
            var key: [UInt8] = []
            batch.bytes.withUnsafeBytes { raw in
                for index in series.indices {
                    let entry = series[index]
                    key.removeAll(keepingCapacity: true)
                    Self.append(UnsafeRawBufferPointer(rebasing: raw[entry.service.range]), to: &key)
                    Self.append(UnsafeRawBufferPointer(rebasing: raw[entry.name.range]), to: &key)
                    key.append(entry.kind.rawValue)
                    key.append(entry.status.rawValue)
                    for value in entry.dimensionValues {
                        var value = value
                        value.withUTF8 { Self.append(UnsafeRawBufferPointer($0), to: &key) }
                    }
                    key.withUnsafeBytes { keyBytes in
                        state.merge(self, index, keyBytes: keyBytes, maxSeries: maxSeries) {
                            SeriesKey(span: entry.firstSpan, of: batch, dimensions: dimensions)
                        }
                    }
                }
            }
        }

        private static func append(_ bytes: UnsafeRawBufferPointer, to key: inout [UInt8]) {
            var count = bytes.count
            repeat {
                key.append(UInt8(truncatingIfNeeded: count) | (count >= 0x80 ? 0x80 : 0))
                count >>= 7
            } while count > 0
            key.append(contentsOf: bytes)
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

/// A fast non-cryptographic hash of bytes, eight at a time (for tables within one batch, never exposed to input
/// that could choose collisions across batches: a batch's table is thrown away with it).
enum FastHash {
    @inline(__always)
    static func bytes(_ raw: UnsafeRawBufferPointer, _ range: ByteRange, seed: UInt64) -> UInt64 {
        var hash = seed ^ (UInt64(range.count) &* 0x9E37_79B9_7F4A_7C15)
        guard range.count > 0, let base = raw.baseAddress else { return mix(hash) }
        var pointer = base + Int(range.start)
        var remaining = Int(range.count)
        while remaining >= 8 {
            hash = mix(hash ^ pointer.loadUnaligned(as: UInt64.self))
            pointer += 8
            remaining -= 8
        }
        if remaining > 0 {
            var tail: UInt64 = 0
            for offset in 0..<remaining { tail |= UInt64(pointer.load(fromByteOffset: offset, as: UInt8.self)) << (8 * offset) }
            hash = mix(hash ^ tail)
        }
        return hash
    }

    @inline(__always)
    static func mix(_ value: UInt64) -> UInt64 {
        var x = value
        x ^= x >> 33
        x = x &* 0xFF51_AFD7_ED55_8CCD
        x ^= x >> 33
        return x
    }
}
