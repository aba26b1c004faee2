import Foundation
import Testing

@testable import TraceLinkAgent

@Suite("State directory")
struct StateDirectoryTests {
    static func folder() -> String {
        let path = NSTemporaryDirectory() + "state-\(UInt32.random(in: .min ... .max))"
        return path
    }

    static func mode(_ path: String) -> mode_t {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o777 : 0
    }

    @Test("missing folders are made, each mode 0700; one that exists is kept as it is")
    func makesMissingFolders() throws {
        let base = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        let path = base + "/a//b/state/"
        try StateDirectory.prepare(path)
        for folder in [base, base + "/a", base + "/a/b", base + "/a/b/state"] {
            #expect(Self.mode(folder) == 0o700, "\(folder)")
        }
        chmod(base + "/a", 0o755)
        try StateDirectory.prepare(path)
        #expect(Self.mode(base + "/a") == 0o755)
    }

    @Test("a file in the way is an error that names the path")
    func fileInTheWay() throws {
        let base = Self.folder()
        defer { try? FileManager.default.removeItem(atPath: base) }
        try StateDirectory.prepare(base)
        #expect(FileManager.default.createFile(atPath: base + "/file", contents: Data("x".utf8)))
        for path in [base + "/file", base + "/file/state"] {
            let error = #expect(throws: StateDirectory.Failure.self) { try StateDirectory.prepare(path) }
            #expect(error?.description.contains(path) == true, "\(String(describing: error))")
        }
    }
}
