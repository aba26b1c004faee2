import Foundation
import Testing
import TraceLinkSources

@Suite final class StateFileTests {
    /// This test's directory, removed when it ends.
    private let directory = FileManager.default.temporaryDirectory.appending(path: "statefile-\(UUID().uuidString)")

    deinit { try? FileManager.default.removeItem(at: directory) }

    func temporaryPath() -> String {
        try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return directory.appending(path: "checkpoint").path
    }

    @Test func roundTripsAPayload() throws {
        let file = StateFile(path: temporaryPath())
        #expect(try file.read() == nil)
        try file.write(Array("offset=42".utf8))
        #expect(try file.read() == Array("offset=42".utf8))
        try file.write([])
        #expect(try file.read() == [])
    }

    @Test(arguments: ["zeros", "truncated", "flipped", "garbage"])
    func corruptFilesAreReportedAndCanBeMovedAside(damage: String) throws {
        let path = temporaryPath()
        let file = StateFile(path: path)
        try file.write(Array(repeating: 7, count: 100))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        switch damage {
        case "zeros": bytes = Data(count: bytes.count)
        case "truncated": bytes = bytes.prefix(bytes.count - 3)
        case "flipped": bytes[50] ^= 0xFF
        default: bytes = Data("not a state file".utf8)
        }
        try bytes.write(to: URL(fileURLWithPath: path))
        #expect(throws: StateFile.Error.self) { try file.read() }
        let aside = try #require(file.moveAside())
        #expect(FileManager.default.fileExists(atPath: aside))
        #expect(try file.read() == nil)
    }
}
