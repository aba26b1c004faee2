#if canImport(Glibc)
    import Glibc
#endif

/// The executable's code that only start-up ran (argument parsing, the YAML reader, configuration checks,
/// bootstrapping listeners and sources) stays mapped, and counts in the agent's resident memory, for as long as
/// it runs, together with the neighbours the kernel mapped around each page it faulted in. Once the agent is
/// ready, `release()` unmaps the executable's code pages: the code the agent keeps running faults back in from
/// the page cache (a minor fault each, no disk read), the rest leaves the resident set (about 17 MiB under full
/// span load; see `Benchmarks/profile/PROFILE.md`).
///
/// Only mappings of the executable that are executable and hold no private copy of a page, in memory or swapped
/// out, are released: their content is the file's, so dropping it loses nothing.
enum StartupPages {
    /// Unmaps the executable's code pages; returns how many bytes of mappings were released.
    @discardableResult
    static func release() -> Int {
        guard let executable = executablePath(), let smaps = fopen("/proc/self/smaps", "r") else { return 0 }
        defer { fclose(smaps) }
        var released = 0
        // The executable's code mapping being read, and whether no page of it was written so far (in memory:
        // `Anonymous:`, then swapped out: `Swap:`, later in the same block).
        var candidate: (start: UInt, end: UInt, unwritten: Bool)?
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        // Only a mapping's header line (it starts with its address: a lowercase hex digit; size lines start with
        // a capital) and, inside the executable's code, its two size lines are read as text: smaps has some 25
        // lines a mapping.
        while getline(&line, &capacity, smaps) > 0, let line {
            if Self.isHexDigit(UInt8(bitPattern: line[0])) {
                if let mapping = Mapping(String(cString: line)), mapping.isCode, mapping.path == executable {
                    candidate = (mapping.start, mapping.end, true)
                } else {
                    candidate = nil
                }
            } else if candidate != nil, strncmp(line, "Anonymous:", 10) == 0 {
                candidate!.unwritten = candidate!.unwritten && Self.isZero(String(cString: line))
            } else if let mapping = candidate, strncmp(line, "Swap:", 5) == 0 {
                // Pages of the file only: none written since it was mapped, in memory or swapped out.
                if mapping.unwritten, Self.isZero(String(cString: line)),
                    madvise(
                        UnsafeMutableRawPointer(bitPattern: mapping.start), Int(mapping.end - mapping.start),
                        MADV_DONTNEED) == 0
                {
                    released += Int(mapping.end - mapping.start)
                }
                candidate = nil
            }
        }
        return released
    }

    private static func isHexDigit(_ byte: UInt8) -> Bool {
        (byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9"))
            || (byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "f"))
    }

    /// Whether an smaps size line (`Swap:     0 kB`) says 0.
    private static func isZero(_ line: String) -> Bool {
        line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first == "0"
    }

    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// A mapping's header line in `smaps`: `start-end perms offset dev inode path`.
    private struct Mapping {
        var start: UInt
        var end: UInt
        var isCode: Bool
        var path: String

        init?(_ line: String) {
            let fields = line.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: true)
            guard fields.count == 6, let dash = fields[0].firstIndex(of: "-"),
                let start = UInt(fields[0][..<dash], radix: 16),
                let end = UInt(fields[0][fields[0].index(after: dash)...], radix: 16)
            else { return nil }
            self.start = start
            self.end = end
            isCode = fields[1] == "r-xp"
            path = String(fields[5].drop { $0 == " " }.prefix { $0 != "\n" })
        }
    }
}
