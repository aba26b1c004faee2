/// One batch's spans of one trace as the shard's `ItemArena` holds them: their count, where each ends, then the
/// spans in `CompactEncoding.span` encoding back to back. A record holds its runs' addresses, so a trace whose
/// spans come in one request (most do) holds them without an allocation of its own.
///
///     count: UInt32 | end of span 0, …, end of span count-1: UInt32 each, from the first span's start | spans
struct SpanRun {
    /// The chunk the run is in.
    let base: UnsafeRawBufferPointer
    /// Where the run starts in it.
    let start: Int

    init(_ reader: CompactReader) {
        base = reader.base
        start = reader.offset
    }

    var count: Int { Int(word(at: start)) }

    /// Where the first span starts.
    private var spansStart: Int { start + 4 + 4 * count }

    /// Where span `index` starts, in the chunk.
    @inline(__always)
    func spanStart(_ index: Int) -> Int {
        index == 0 ? spansStart : spansStart + Int(word(at: start + 4 * index))
    }

    /// A reader at span `index`.
    @inline(__always)
    func reader(at index: Int) -> CompactReader { CompactReader(base: base, offset: spanStart(index)) }

    /// The spans' bytes, without the count and ends.
    var spanBytes: UnsafeRawBufferPointer {
        let end = spansStart + (count == 0 ? 0 : Int(word(at: start + 4 * count)))
        return UnsafeRawBufferPointer(rebasing: base[spansStart..<end])
    }

    @inline(__always)
    private func word(at offset: Int) -> UInt32 {
        UInt32(littleEndian: base.loadUnaligned(fromByteOffset: offset, as: UInt32.self))
    }

    /// Writes a run of the spans in `spans`, span `i` ending at `ends[i]`.
    static func write(spans: UnsafeRawBufferPointer, ends: [Int], to writer: inout some CompactEncoding) {
        writer.word(UInt32(ends.count))
        for end in ends { writer.word(UInt32(end)) }
        writer.append(spans)
    }

    /// Bytes of a run of `count` spans of `spanBytes` bytes in all.
    static func size(count: Int, spanBytes: Int) -> Int { 4 + 4 * count + spanBytes }
}

extension CompactEncoding {
    /// Four bytes, little-endian.
    @inline(__always)
    fileprivate mutating func word(_ value: UInt32) {
        withUnsafeBytes(of: value.littleEndian) { append($0) }
    }
}
