#if canImport(Glibc)
    internal import Glibc
#endif

/// An absolute path glob: `*`, `?` and `[...]` within one component (fnmatch), `**` for any number of directories.
struct FileGlob: Sendable {
    let pattern: String
    private let components: [String]

    init(_ pattern: String) {
        self.pattern = pattern
        self.components = pattern.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
    }

    /// Whether `path` (absolute) matches the whole glob.
    func matches(_ path: String) -> Bool {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).map(String.init)
        return Self.match(parts[...], components[...])
    }

    private static func match(_ parts: ArraySlice<String>, _ pattern: ArraySlice<String>) -> Bool {
        guard let first = pattern.first else { return parts.isEmpty }
        if first == "**" {
            var rest = parts
            while true {
                if match(rest, pattern.dropFirst()) { return true }
                guard !rest.isEmpty else { return false }
                rest = rest.dropFirst()
            }
        }
        guard let part = parts.first, componentMatches(part, first) else { return false }
        return match(parts.dropFirst(), pattern.dropFirst())
    }

    static func componentMatches(_ name: String, _ pattern: String) -> Bool {
        fnmatch(pattern, name, FNM_PERIOD) == 0
    }

    private static func hasWildcard(_ component: String) -> Bool {
        component.contains { $0 == "*" || $0 == "?" || $0 == "[" }
    }

    /// The files (any non-directory entry) matching the glob, and every directory the walk listed,
    /// which are the directories to watch for new entries. Symlinked directories are not followed under `**`.
    func expand(into files: inout Set<String>, directories: inout Set<String>) {
        var base = ""
        var index = 0
        while index < components.count - 1, !Self.hasWildcard(components[index]) {
            base += "/" + components[index]
            index += 1
        }
        if base.isEmpty { base = "/" }
        walk(base, index, files: &files, directories: &directories)
    }

    private func walk(_ directory: String, _ index: Int, files: inout Set<String>, directories: inout Set<String>) {
        guard index < components.count else { return }
        let component = components[index]
        let isLast = index == components.count - 1
        guard let entries = Self.list(directory) else { return }
        directories.insert(directory)
        let prefix = directory == "/" ? "/" : directory + "/"
        if component == "**" {
            walk(directory, index + 1, files: &files, directories: &directories)
            for entry in entries where entry.isDirectory && !entry.isSymlink {
                walk(prefix + entry.name, index, files: &files, directories: &directories)
            }
            return
        }
        for entry in entries where Self.componentMatches(entry.name, component) {
            if isLast {
                if !entry.isDirectory || entry.isSymlink { files.insert(prefix + entry.name) }
            } else if entry.isDirectory {
                walk(prefix + entry.name, index + 1, files: &files, directories: &directories)
            }
        }
    }

    private struct Entry {
        var name: String
        var isDirectory: Bool
        var isSymlink: Bool
    }

    private static func list(_ directory: String) -> [Entry]? {
        guard let handle = opendir(directory) else { return nil }
        defer { closedir(handle) }
        var entries: [Entry] = []
        while let entry = readdir(handle) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." { continue }
            var type = entry.pointee.d_type
            if type == UInt8(DT_UNKNOWN) {
                var info = stat()
                let path = (directory == "/" ? "/" : directory + "/") + name
                if lstat(path, &info) == 0 {
                    type =
                        (info.st_mode & S_IFMT) == S_IFDIR
                        ? UInt8(DT_DIR) : (info.st_mode & S_IFMT) == S_IFLNK ? UInt8(DT_LNK) : UInt8(DT_REG)
                }
            }
            var isDirectory = type == UInt8(DT_DIR)
            let isSymlink = type == UInt8(DT_LNK)
            if isSymlink {
                var info = stat()
                let path = (directory == "/" ? "/" : directory + "/") + name
                isDirectory = stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
            }
            entries.append(Entry(name: name, isDirectory: isDirectory, isSymlink: isSymlink))
        }
        return entries
    }
}
