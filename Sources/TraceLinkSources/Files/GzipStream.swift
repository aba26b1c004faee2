internal import CZlib

#if canImport(Glibc)
    internal import Glibc
#endif

/// Inflates a gzip file read with `pread`, so that a compressed rotated log (`app.log.2.gz`) is read like a plain
/// one, with offsets counted in decompressed bytes. Concatenated members (`cat a.gz b.gz`) read as one stream.
/// Memory is bounded whatever the file holds: zlib's 32 KiB window and one input buffer.
final class GzipStream {
    /// What one `read` produced.
    enum Progress: Equatable {
        /// This many decompressed bytes were written to the buffer.
        case bytes(Int)
        /// Every compressed byte in the file is inflated but the stream has not ended: the compressor is still
        /// writing, or the file was cut short.
        case waiting
        /// The last member ended at the end of the file: everything is inflated.
        case ended
    }

    /// Why inflating failed: the bytes are not gzip, or are corrupt.
    struct Error: Swift.Error, CustomStringConvertible {
        var description: String
    }

    /// The decompressed bytes produced so far: the offset of the next byte `read` returns.
    private(set) var decompressedOffset: UInt64 = 0
    /// The compressed bytes read from the file so far.
    private(set) var compressedOffset: UInt64 = 0

    private let stream: UnsafeMutablePointer<z_stream>
    private let input: UnsafeMutableRawBufferPointer
    /// True between the end of a member and the start of the next one (or the end of the file).
    private var betweenMembers = false

    private static let inputBytes = 64 << 10
    /// 15-bit window, +16: gzip wrapping only.
    private static let windowBits: Int32 = 15 + 16

    init() throws(Error) {
        stream = .allocate(capacity: 1)
        stream.initialize(to: z_stream())
        input = .allocate(byteCount: Self.inputBytes, alignment: 16)
        let status = inflateInit2_(stream, Self.windowBits, zlibVersion(), Int32(MemoryLayout<z_stream>.size))
        guard status == Z_OK else {
            stream.deinitialize(count: 1)
            stream.deallocate()
            input.deallocate()
            throw Error(description: "zlib inflateInit2 failed (\(status))")
        }
    }

    deinit {
        inflateEnd(stream)
        stream.deinitialize(count: 1)
        stream.deallocate()
        input.deallocate()
    }

    /// Inflates the next bytes of `fd` into `buffer`.
    func read(fd: Int32, into buffer: UnsafeMutableRawBufferPointer) throws(Error) -> Progress {
        stream.pointee.next_out = buffer.baseAddress!.assumingMemoryBound(to: Bytef.self)
        stream.pointee.avail_out = UInt32(buffer.count)
        while stream.pointee.avail_out > 0 {
            if stream.pointee.avail_in == 0 {
                let count = pread(fd, input.baseAddress!, input.count, off_t(compressedOffset))
                if count < 0 {
                    if errno == EINTR { continue }
                    throw Error(description: String(cString: strerror(errno)))
                }
                if count == 0 { break }
                compressedOffset += UInt64(count)
                stream.pointee.next_in = input.baseAddress!.assumingMemoryBound(to: Bytef.self)
                stream.pointee.avail_in = UInt32(count)
            }
            if betweenMembers {
                // Bytes after a member: another member starts (gzip allows concatenation).
                guard inflateReset(stream) == Z_OK else { throw Error(description: "zlib inflateReset failed") }
                betweenMembers = false
            }
            let status = inflate(stream, Z_NO_FLUSH)
            switch status {
            case Z_OK, Z_BUF_ERROR:
                continue
            case Z_STREAM_END:
                betweenMembers = true
            default:
                let reason = stream.pointee.msg.map { String(cString: $0) } ?? "status \(status)"
                throw Error(description: "not a valid gzip stream at compressed byte \(inputPosition): \(reason)")
            }
        }
        let produced = buffer.count - Int(stream.pointee.avail_out)
        decompressedOffset += UInt64(produced)
        if produced > 0 { return .bytes(produced) }
        return betweenMembers && stream.pointee.avail_in == 0 ? .ended : .waiting
    }

    /// Inflates and discards bytes until `decompressedOffset` reaches `offset` (resuming from a checkpoint);
    /// returns what stopped it short, or nil once there.
    func skip(to offset: UInt64, fd: Int32, scratch: UnsafeMutableRawBufferPointer) throws(Error) -> Progress? {
        while decompressedOffset < offset {
            let room = Int(min(UInt64(scratch.count), offset - decompressedOffset))
            let progress = try read(fd: fd, into: UnsafeMutableRawBufferPointer(rebasing: scratch[..<room]))
            if case .bytes = progress { continue }
            return progress
        }
        return nil
    }

    /// The offset in the file of the next compressed byte to inflate.
    private var inputPosition: UInt64 { compressedOffset - UInt64(stream.pointee.avail_in) }

    /// Whether a path names a gzip-compressed file.
    static func isCompressed(path: String) -> Bool { path.hasSuffix(".gz") }

    /// Inflates up to `count` bytes from the start of `fd` into `buffer`; nil when the bytes are not gzip.
    /// Returns the bytes produced and whether the stream ended there.
    static func prefix(of fd: Int32, into buffer: UnsafeMutableRawBufferPointer) -> (count: Int, ended: Bool)? {
        guard let stream = try? GzipStream() else { return nil }
        var filled = 0
        while filled < buffer.count {
            let rest = UnsafeMutableRawBufferPointer(rebasing: buffer[filled...])
            switch try? stream.read(fd: fd, into: rest) {
            case .bytes(let count): filled += count
            case .ended: return (filled, true)
            case .waiting: return (filled, false)
            case nil: return nil
            }
        }
        return (filled, false)
    }
}
