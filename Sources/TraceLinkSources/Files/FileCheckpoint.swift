/// Where reading of one file stands: its identity and fingerprint, and the offset just past the last
/// line that reached the sink.
struct FileCheckpoint: Hashable, Sendable {
    var identity: FileIdentity
    var fingerprint: FileFingerprint
    var offset: UInt64
    /// The path it was last seen at; informational only (identity decides).
    var path: String

    /// Encodes checkpoints as text lines `device inode fingerprint-length fingerprint-hash offset path`,
    /// the state file supplying atomicity and the checksum.
    static func encode(_ checkpoints: [FileCheckpoint]) -> [UInt8] {
        var text = "v1\n"
        for checkpoint in checkpoints {
            let path = checkpoint.path.replacingNewlines()
            text += "\(checkpoint.identity.device) \(checkpoint.identity.inode) \(checkpoint.fingerprint.length) "
            text += "\(checkpoint.fingerprint.hash) \(checkpoint.offset) \(path)\n"
        }
        return Array(text.utf8)
    }

    /// Decodes what `encode` wrote; nil when the payload is not in that form.
    static func decode(_ payload: [UInt8]) -> [FileCheckpoint]? {
        let text = String(decoding: payload, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard lines.first == "v1" else { return nil }
        lines.removeFirst()
        var checkpoints: [FileCheckpoint] = []
        for line in lines {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: false)
            guard fields.count >= 5,
                let device = UInt64(fields[0]), let inode = UInt64(fields[1]),
                let length = Int(fields[2]), let hash = UInt64(fields[3]), let offset = UInt64(fields[4])
            else { return nil }
            checkpoints.append(
                FileCheckpoint(
                    identity: FileIdentity(device: device, inode: inode),
                    fingerprint: FileFingerprint(length: length, hash: hash),
                    offset: offset,
                    path: fields.count > 5 ? String(fields[5]) : ""
                ))
        }
        return checkpoints
    }
}

extension String {
    fileprivate func replacingNewlines() -> String {
        guard contains(where: { $0 == "\n" || $0 == "\r" }) else { return self }
        return String(map { $0 == "\n" || $0 == "\r" ? "?" : $0 })
    }
}
