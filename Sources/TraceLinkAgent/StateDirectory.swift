import Foundation

/// The folder that holds checkpoints, created (mode 0700) before any source starts.
enum StateDirectory {
    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    static func prepare(_ path: String) throws {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700]
            )
        } catch {
            throw Failure(description: "cannot create the state directory \(path): \(error.localizedDescription)")
        }
        guard access(path, W_OK) == 0 else {
            throw Failure(description: "the state directory \(path) is not writable: checkpoints could not be kept")
        }
    }
}
