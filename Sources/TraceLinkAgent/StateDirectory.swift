#if canImport(Glibc)
    import Glibc
#endif

/// The folder that holds checkpoints, created (mode 0700) before any source starts.
enum StateDirectory {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// Creates `path` and any missing folder above it, each mode 0700 (folders that exist are left as they are),
    /// and checks that it is writable. Plain `mkdir`: `FileManager` set up its calendar and attribute tables first,
    /// a cost at every start.
    static func prepare(_ path: String) throws {
        let absolute = path.hasPrefix("/")
        var prefix = ""
        for component in path.split(separator: "/", omittingEmptySubsequences: true) {
            prefix = prefix.isEmpty && !absolute ? String(component) : prefix + "/" + component
            guard mkdir(prefix, 0o700) == 0 || errno == EEXIST else {
                let reason = String(cString: strerror(errno))
                throw Failure(description: "cannot create the state directory \(path): \(prefix): \(reason)")
            }
        }
        var status = stat()
        guard stat(path, &status) == 0, status.st_mode & S_IFMT == S_IFDIR else {
            throw Failure(description: "cannot create the state directory \(path): it exists and is not a folder")
        }
        guard access(path, W_OK) == 0 else {
            throw Failure(description: "the state directory \(path) is not writable: checkpoints could not be kept")
        }
    }
}
