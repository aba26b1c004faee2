#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A small state file (a checkpoint) written atomically and read back with its integrity checked.
///
/// Layout: the 8 magic bytes `TLSTATE1`, the payload length (UInt32, little-endian), the payload,
/// and its CRC-32. A write goes to a temporary file in the same folder, is fsynced, renamed over the
/// old one, and the folder is fsynced, so a crash leaves either the old state or the new one.
public struct StateFile: Sendable {
    public let path: String

    public init(path: String) {
        self.path = path
    }

    /// Why a state file could not be used.
    public struct Error: Swift.Error, CustomStringConvertible, Sendable {
        public enum Code: Sendable { case io, corrupt }
        public var code: Code
        public var message: String
        public var description: String { message }
    }

    private static let magic: [UInt8] = Array("TLSTATE1".utf8)

    /// Writes `payload` atomically; throws `.io` with errno text on failure.
    public func write(_ payload: [UInt8]) throws(Error) {
        var bytes = Self.magic
        let length = UInt32(payload.count)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: length >> UInt32(shift))) }
        bytes += payload
        let crc = CRC32.checksum(payload)
        for shift in stride(from: 0, to: 32, by: 8) { bytes.append(UInt8(truncatingIfNeeded: crc >> UInt32(shift))) }

        let temporary = path + ".tmp"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Self.ioError("open \(temporary)") }
        var written = 0
        while written < bytes.count {
            let result = bytes.withUnsafeBytes { buffer in
                Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
            }
            if result < 0 {
                if errno == EINTR { continue }
                let error = Self.ioError("write \(temporary)")
                close(fd)
                throw error
            }
            written += result
        }
        if fsync(fd) != 0 {
            let error = Self.ioError("fsync \(temporary)")
            close(fd)
            throw error
        }
        close(fd)
        guard rename(temporary, path) == 0 else { throw Self.ioError("rename \(temporary) to \(path)") }
        let directory = Self.directory(of: path)
        let directoryFD = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryFD >= 0 {
            _ = fsync(directoryFD)
            close(directoryFD)
        }
    }

    /// The payload, nil when the file does not exist; throws `.corrupt` when it is truncated,
    /// zero-filled or fails its checksum, and `.io` when it cannot be read.
    public func read() throws(Error) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw Self.ioError("open \(path)")
        }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress!, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw Self.ioError("read \(path)")
            }
            if count == 0 { break }
            bytes += chunk[0..<count]
            if bytes.count > 64 << 20 { throw Error(code: .corrupt, message: "\(path): larger than 64 MiB") }
        }
        guard bytes.count >= 16, Array(bytes[0..<8]) == Self.magic else {
            throw Error(code: .corrupt, message: "\(path): not a tracelink state file (bad header)")
        }
        var length: UInt32 = 0
        for index in 0..<4 { length |= UInt32(bytes[8 + index]) << UInt32(8 * index) }
        guard bytes.count == 12 + Int(length) + 4 else {
            throw Error(code: .corrupt, message: "\(path): truncated (\(bytes.count) bytes, expected \(16 + Int(length)))")
        }
        let payload = Array(bytes[12..<(12 + Int(length))])
        var stored: UInt32 = 0
        for index in 0..<4 { stored |= UInt32(bytes[12 + Int(length) + index]) << UInt32(8 * index) }
        guard stored == CRC32.checksum(payload) else {
            throw Error(code: .corrupt, message: "\(path): checksum mismatch")
        }
        return payload
    }

    /// Moves a corrupt file aside as `<path>.corrupt-<unix seconds>` and returns the new name.
    @discardableResult
    public func moveAside() -> String? {
        let target = "\(path).corrupt-\(time(nil))"
        return rename(path, target) == 0 ? target : nil
    }

    private static func ioError(_ action: String) -> Error {
        Error(code: .io, message: "\(action): \(String(cString: strerror(errno)))")
    }

    private static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
