#if canImport(Glibc)
    import Glibc
#endif

extension SpanMetrics {
    /// One batch's sums per series. A series is found by its identity in the batch's own bytes — the bytes of the
    /// service and of the span name, the kind, the status, the dimension values — hashed eight bytes at a time and
    /// compared with `memcmp`: nothing is copied or allocated per span. Runs of one series (a service's spans of
    /// one name) skip even the hash. Counts and exemplars sit in flat arrays, kept emptied from batch to batch
    /// (`SpanMetrics` keeps the sums of a batch of a usual size for the next), so a batch allocates nothing per series.
    struct BatchSums {
        struct Entry {
            var service: ByteRange
            var name: NameKey
            var kind: SpanKind
            var status: SpanStatusCode
            var dimensionValues: [String]
            var hash: UInt64
            var calls: UInt64 = 0
            var sumMilliseconds: Double = 0
            var sizeBytes: UInt64 = 0
            /// A span of the series, to make its labels from when the series is new.
            var firstSpan: Int
        }

        let bucketCount: Int
        let tempoBucketCount: Int
        let dimensions: AttributeLookup
        /// The default of each dimension, in order.
        let dimensionDefaults: [String?]
        let hygiene: SpanNameHygiene
        private(set) var series: [Entry] = []
        private var bucketCounts: [UInt64] = []
        private var exemplars: [Exemplar?] = []
        private var tempoBucketCounts: [UInt64] = []
        private var tempoExemplars: [Exemplar?] = []
        /// Span names rewritten by the hygiene, back to back.
        private var names: [UInt8] = []
        /// Open addressing: index into `series`, -1 for an empty slot.
        private var slots = [Int32](repeating: -1, count: 128)
        private var last = -1

        init(configuration: SpanMetricsConfiguration) {
            bucketCount = configuration.bucketsMilliseconds.count + 1
            tempoBucketCount = configuration.naming.contains(.tempo) ? SpanMetricsConfiguration.tempoBucketsSeconds.count + 1 : 0
            dimensions = AttributeLookup(keys: configuration.dimensions)
            dimensionDefaults = configuration.dimensions.map { configuration.dimensionDefaults[$0] }
            hygiene = SpanNameHygiene(rules: configuration.nameRules)
            // Room for the series of a typical request at once: growing these per series would cost more
            // allocations than the whole batch otherwise makes.
            series.reserveCapacity(Self.expectedSeries)
            bucketCounts.reserveCapacity(Self.expectedSeries * bucketCount)
            exemplars.reserveCapacity(Self.expectedSeries * bucketCount)
            if tempoBucketCount > 0 {
                tempoBucketCounts.reserveCapacity(Self.expectedSeries * tempoBucketCount)
                tempoExemplars.reserveCapacity(Self.expectedSeries * tempoBucketCount)
            }
        }

        /// Distinct series a request is expected to hold at most before the buffers grow (half the hash slots).
        static let expectedSeries = 64

        /// A span's name as the metrics key it: in the batch's bytes, or (`normalized`) the hygiene's rewrite of it
        /// in `names`.
        struct NameKey {
            var range: ByteRange
            var normalized: Bool
        }

        mutating func add(
            span index: Int, of batch: SpanBatch, raw: UnsafeRawBufferPointer, milliseconds: Double, bucket: Int,
            tempoBucket: Int
        ) {
            let span = batch.spans[index]
            let service = batch.scopes[Int(span.scope)].service
            let dimensionValues = dimensions.isEmpty
                ? [] : SpanMetrics.dimensionValues(of: span, in: batch, dimensions, defaults: dimensionDefaults)
            var name = NameKey(range: span.name, normalized: false)
            let mark = names.count
            if hygiene.normalize(UnsafeRawBufferPointer(rebasing: raw[span.name.range]), into: &names) {
                name = NameKey(range: ByteRange(start: mark, count: names.count - mark), normalized: true)
            }
            let found: Int
            if last >= 0, matches(last, service, name, span, dimensionValues, raw) {
                found = last
            } else {
                found = lookup(span: index, span, service: service, name: name, dimensionValues, raw: raw)
                last = found
            }
            if name.normalized, found != series.count - 1 || series[found].calls > 0 {
                names.removeSubrange(mark...)  // the series had the name already
            }
            series[found].calls &+= 1
            series[found].sumMilliseconds += milliseconds
            series[found].sizeBytes &+= UInt64(span.span.count)
            let exemplar = Exemplar(traceID: span.traceID, milliseconds: milliseconds, timeUnixNano: span.endUnixNano)
            bucketCounts[found * bucketCount + bucket] &+= 1
            exemplars[found * bucketCount + bucket] = exemplar
            if tempoBucketCount > 0 {
                tempoBucketCounts[found * tempoBucketCount + tempoBucket] &+= 1
                tempoExemplars[found * tempoBucketCount + tempoBucket] = exemplar
            }
        }

        @inline(__always)
        private func matches(
            _ index: Int, _ service: ByteRange, _ name: NameKey, _ span: SpanEntry, _ dimensionValues: [String],
            _ raw: UnsafeRawBufferPointer
        ) -> Bool {
            let entry = series[index]
            guard entry.kind == span.kind, entry.status == span.status, Self.same(entry.service, raw, service, raw)
            else { return false }
            return names.withUnsafeBytes { arena in
                Self.same(entry.name.range, entry.name.normalized ? arena : raw, name.range, name.normalized ? arena : raw)
            } && entry.dimensionValues == dimensionValues
        }

        @inline(__always)
        private static func same(
            _ left: ByteRange, _ leftBase: UnsafeRawBufferPointer, _ right: ByteRange, _ rightBase: UnsafeRawBufferPointer
        ) -> Bool {
            guard left.count == right.count else { return false }
            guard left.count > 0 else { return true }
            let leftStart = leftBase.baseAddress! + Int(left.start)
            let rightStart = rightBase.baseAddress! + Int(right.start)
            return leftStart == rightStart || memcmp(leftStart, rightStart, Int(left.count)) == 0
        }

        private mutating func lookup(
            span index: Int, _ span: SpanEntry, service: ByteRange, name: NameKey, _ dimensionValues: [String],
            raw: UnsafeRawBufferPointer
        ) -> Int {
            var hash = FastHash.bytes(raw, service, seed: UInt64(span.kind.rawValue) << 8 | UInt64(span.status.rawValue))
            hash = name.normalized
                ? names.withUnsafeBytes { FastHash.bytes($0, name.range, seed: hash) } : FastHash.bytes(raw, name.range, seed: hash)
            for value in dimensionValues { hash = hash &* 31 &+ UInt64(truncatingIfNeeded: value.hashValue) }
            var slot = Int(truncatingIfNeeded: hash) & (slots.count - 1)
            while slots[slot] >= 0 {
                let found = Int(slots[slot])
                if series[found].hash == hash, matches(found, service, name, span, dimensionValues, raw) { return found }
                slot = (slot + 1) & (slots.count - 1)
            }
            let found = series.count
            series.append(
                Entry(
                    service: service, name: name, kind: span.kind,
                    status: span.status, dimensionValues: dimensionValues, hash: hash, firstSpan: index))
            bucketCounts.append(contentsOf: repeatElement(0, count: bucketCount))
            exemplars.append(contentsOf: repeatElement(nil, count: bucketCount))
            tempoBucketCounts.append(contentsOf: repeatElement(0, count: tempoBucketCount))
            tempoExemplars.append(contentsOf: repeatElement(nil, count: tempoBucketCount))
            slots[slot] = Int32(found)
            if series.count * 2 > slots.count { grow() }
            return found
        }

        /// Whether the sums are of a usual size: sums grown by a request of thousands of series are not kept.
        var isOfUsualSize: Bool { series.capacity <= 4 * Self.expectedSeries }

        /// Empties the sums for the next batch, keeping their storage.
        mutating func reset() {
            series.removeAll(keepingCapacity: true)
            bucketCounts.removeAll(keepingCapacity: true)
            exemplars.removeAll(keepingCapacity: true)
            tempoBucketCounts.removeAll(keepingCapacity: true)
            tempoExemplars.removeAll(keepingCapacity: true)
            names.removeAll(keepingCapacity: true)
            for index in slots.indices { slots[index] = -1 }
            last = -1
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
        /// `key` is a buffer kept from batch to batch.
        func merge(into state: inout State, batch: SpanBatch, maxSeries: Int, now: UInt64, key: inout [UInt8]) {
            batch.bytes.withUnsafeBytes { raw in
                for index in series.indices {
                    let entry = series[index]
                    key.removeAll(keepingCapacity: true)
                    Self.append(UnsafeRawBufferPointer(rebasing: raw[entry.service.range]), to: &key)
                    if entry.name.normalized {
                        names.withUnsafeBytes { Self.append(UnsafeRawBufferPointer(rebasing: $0[entry.name.range.range]), to: &key) }
                    } else {
                        Self.append(UnsafeRawBufferPointer(rebasing: raw[entry.name.range.range]), to: &key)
                    }
                    key.append(entry.kind.rawValue)
                    key.append(entry.status.rawValue)
                    for value in entry.dimensionValues {
                        var value = value
                        value.withUTF8 { Self.append(UnsafeRawBufferPointer($0), to: &key) }
                    }
                    key.withUnsafeBytes { keyBytes in
                        state.merge(self, index, keyBytes: keyBytes, maxSeries: maxSeries, now: now) {
                            SeriesKey(
                                service: entry.service.isEmpty ? Span.unknownService : batch.text(entry.service),
                                name: entry.name.normalized
                                    ? names.withUnsafeBytes { String(decoding: $0[entry.name.range.range], as: UTF8.self) }
                                    : batch.text(entry.name.range), kind: entry.kind, status: entry.status,
                                dimensionValues: entry.dimensionValues)
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
        func add(_ index: Int, to target: inout Series, now: UInt64) {
            target.calls &+= series[index].calls
            target.sumMilliseconds += series[index].sumMilliseconds
            target.sizeBytes &+= series[index].sizeBytes
            target.lastUpdatedNanos = now
            let base = index * bucketCount
            for bucket in 0..<bucketCount {
                target.bucketCounts[bucket] &+= bucketCounts[base + bucket]
                if let exemplar = exemplars[base + bucket] { target.exemplars[bucket] = exemplar }
            }
            let tempoBase = index * tempoBucketCount
            for bucket in 0..<min(tempoBucketCount, target.tempoBucketCounts.count) {
                target.tempoBucketCounts[bucket] &+= tempoBucketCounts[tempoBase + bucket]
                if let exemplar = tempoExemplars[tempoBase + bucket] { target.tempoExemplars[bucket] = exemplar }
            }
        }
    }
}

/// A fast non-cryptographic hash of bytes, eight at a time (for tables within one batch, never exposed to input
/// that could choose collisions across batches: a batch's table is emptied after it).
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
