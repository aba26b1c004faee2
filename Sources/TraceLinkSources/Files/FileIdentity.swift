#if canImport(Glibc)
    internal import Glibc
#endif

/// Which file a path pointed to: device and inode, plus a hash of its first bytes so that a reused
/// inode (the old file deleted, a new one created) is not mistaken for the old file.
struct FileIdentity: Hashable, Sendable {
    var device: UInt64
    var inode: UInt64

    /// How many leading bytes the fingerprint covers: up to `Self.fingerprintBytes`, fewer while the file is shorter.
    static let fingerprintBytes = 1024
}

/// A file's size and modification and change times: while they hold, a file read to its end needs no re-reading
/// to be known unchanged.
struct FileStamp: Hashable, Sendable {
    var size: Int64
    var modified: Int64
    var changed: Int64

    init(_ info: stat) {
        size = Int64(info.st_size)
        modified = Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec)
        changed = Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec)
    }
}

/// A hash of a file's first `length` bytes.
struct FileFingerprint: Hashable, Sendable {
    var length: Int
    var hash: UInt64

    static let empty = FileFingerprint(length: 0, hash: Self.fnvOffset)

    private static let fnvOffset: UInt64 = 0xcbf2_9ce4_8422_2325

    /// Reads and hashes the first `min(size, FileIdentity.fingerprintBytes)` bytes of `fd`; nil on a read error.
    static func read(fd: Int32, size: UInt64) -> FileFingerprint? {
        read(fd: fd, length: Int(min(size, UInt64(FileIdentity.fingerprintBytes))))
    }

    /// Hashes exactly the first `length` bytes of `fd`; nil when the file is shorter or unreadable.
    static func read(fd: Int32, length: Int) -> FileFingerprint? {
        guard length > 0 else { return .empty }
        return withUnsafeTemporaryAllocation(byteCount: length, alignment: 1) { buffer -> FileFingerprint? in
            var filled = 0
            while filled < length {
                let count = pread(fd, buffer.baseAddress! + filled, length - filled, off_t(filled))
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { return nil }
                filled += count
            }
            return FileFingerprint(of: UnsafeRawBufferPointer(buffer))
        }
    }

    init(length: Int, hash: UInt64) {
        self.length = length
        self.hash = hash
    }

    /// The fingerprint of exactly `bytes`: a file's first bytes, read plainly or inflated.
    init(of bytes: UnsafeRawBufferPointer) {
        var hash = Self.fnvOffset
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x0000_0100_0000_01b3
        }
        self.init(length: bytes.count, hash: hash)
    }

    /// Whether `content` (a file's first bytes) starts with the bytes this fingerprint was taken from.
    /// An empty fingerprint matches nothing: it cannot tell files apart.
    func isPrefix(of content: UnsafeRawBufferPointer) -> Bool {
        guard length > 0, length <= content.count else { return false }
        return FileFingerprint(of: UnsafeRawBufferPointer(rebasing: content[..<length])) == self
    }
}
