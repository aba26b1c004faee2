/// Where reading of one file stands: its identity and fingerprint, and the offset just past the last
/// line that reached the sink.
struct FileCheckpoint: Hashable, Sendable {
    /// What the checkpoint records.
    enum Kind: String, Hashable, Sendable {
        /// A file being tailed: resume at `offset`.
        case reading
        /// A compressed file read to its end: never read again while its identity exists.
        case finished
        /// A file released after rotation. Only its content is remembered (fingerprint and offset), so that a
        /// compressed copy of it (`app.log.1` gzipped into `app.log.1.gz`) resumes where the original stopped.
        case retired
    }

    var identity: FileIdentity
    var fingerprint: FileFingerprint
    /// For a compressed file, the offset in its decompressed bytes.
    var offset: UInt64
    /// The path it was last seen at; informational only (identity decides).
    var path: String
    var kind: Kind = .reading

    /// Encodes checkpoints as text lines `device inode fingerprint-length fingerprint-hash offset kind path`,
    /// the state file supplying atomicity and the checksum.
    static func encode(_ checkpoints: [FileCheckpoint]) -> [UInt8] {
        var text = "v2\n"
        for checkpoint in checkpoints {
            let path = checkpoint.path.replacingNewlines()
            text += "\(checkpoint.identity.device) \(checkpoint.identity.inode) \(checkpoint.fingerprint.length) "
            text += "\(checkpoint.fingerprint.hash) \(checkpoint.offset) \(checkpoint.kind.rawValue) \(path)\n"
        }
        return Array(text.utf8)
    }

    /// Decodes what `encode` wrote, or the earlier `v1` form (no kind: every file being read);
    /// nil when the payload is in neither form.
    static func decode(_ payload: [UInt8]) -> [FileCheckpoint]? {
        let text = String(decoding: payload, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true)
        guard let version = lines.first, version == "v1" || version == "v2" else { return nil }
        let hasKind = version == "v2"
        lines.removeFirst()
        var checkpoints: [FileCheckpoint] = []
        for line in lines {
            let fieldCount = hasKind ? 7 : 6
            let fields = line.split(separator: " ", maxSplits: fieldCount - 1, omittingEmptySubsequences: false)
            guard fields.count >= fieldCount - 1,
                let device = UInt64(fields[0]), let inode = UInt64(fields[1]),
                let length = Int(fields[2]), let hash = UInt64(fields[3]), let offset = UInt64(fields[4])
            else { return nil }
            var kind = Kind.reading
            if hasKind {
                guard let decoded = Kind(rawValue: String(fields[5])) else { return nil }
                kind = decoded
            }
            checkpoints.append(
                FileCheckpoint(
                    identity: FileIdentity(device: device, inode: inode),
                    fingerprint: FileFingerprint(length: length, hash: hash),
                    offset: offset,
                    path: fields.count == fieldCount ? String(fields[fieldCount - 1]) : "",
                    kind: kind
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
