import Foundation
import Testing
import TraceLinkCore
import TraceLinkSources

#if canImport(Glibc)
    import Glibc
#endif

@Suite("FileSource restart and state", .serialized)
struct FileSourceRestartTests {
    @Test("restart from the checkpoint: no loss, duplicates at most one batch")
    func restartFromCheckpoint() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        var configuration = fileTestConfiguration(directory, include: [path])
        configuration.batchSize = 500
        configuration.readChunkBytes = 4096
        let writer = FileAppendingWriter(path)
        let first = FileCollectingSink(pausePerBatch: .milliseconds(20))
        try await withRunningFileSource(configuration, sink: first) {
            writer.writeLines(0..<20_000)
            // Stop in the middle of the stream.
            try await fileWaitUntil("some lines") { await first.count >= 2_000 }
        }
        writer.writeLines(20_000..<30_000)
        let second = FileCollectingSink()
        try await withRunningFileSource(configuration, sink: second) {
            try await fileWaitUntil("the rest") {
                Set(fileLineNumbers(await first.messages) + fileLineNumbers(await second.messages)).count >= 30_000
            }
        }
        let all = fileLineNumbers(await first.messages) + fileLineNumbers(await second.messages)
        #expect(Set(all) == Set(0..<30_000))
        let duplicates = all.count - 30_000
        #expect(duplicates <= configuration.batchSize)
        #expect(await first.count < 20_000)
        print("restart: first run \(await first.count) lines, second \(await second.count), duplicates \(duplicates)")
    }

    @Test("a partial last line across a restart is emitted once, whole")
    func partialLineAcrossRestart() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        var configuration = fileTestConfiguration(directory, include: [path])
        configuration.flushDelay = .seconds(3600)
        let writer = FileAppendingWriter(path)
        writer.write("alpha\npart")
        let first = FileCollectingSink()
        try await withRunningFileSource(configuration, sink: first) {
            try await fileWaitUntil("alpha") { await first.count >= 1 }
        }
        writer.write("ial\nomega\n")
        let second = FileCollectingSink()
        try await withRunningFileSource(configuration, sink: second) {
            try await fileWaitUntil("the rest") { await second.count >= 2 }
        }
        #expect(await first.messages == ["alpha"])
        #expect(await second.messages == ["partial", "omega"])
    }

    @Test("inode reuse while stopped: the new file is read from its beginning")
    func inodeReuseWhileStopped() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        let configuration = fileTestConfiguration(directory, include: [path])
        let writer = FileAppendingWriter(path)
        writer.writeLines(0..<1_000)
        writer.closeNow()
        let first = FileCollectingSink()
        try await withRunningFileSource(configuration, sink: first) {
            try await fileWaitUntil("first file") { await first.count >= 1_000 }
        }
        #expect(unlink(path) == 0)
        // Same path, likely the same inode, longer than the checkpointed offset, other first bytes.
        let replacement = FileAppendingWriter(path)
        replacement.write("new file header\n")
        replacement.writeLines(5_000..<7_000)
        let second = FileCollectingSink()
        try await withRunningFileSource(configuration, sink: second) {
            try await fileWaitUntil("second file") { await second.count >= 2_001 }
        }
        #expect(await second.messages == ["new file header"] + (5_000..<7_000).map { "line-\($0)" })
    }

    @Test("a state file filled with zeros is moved aside and counted; reading continues from the beginning")
    func zeroFilledStateFile() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        let configuration = fileTestConfiguration(directory, include: [path])
        let statePath = directory.file("file-test.state")
        try Data(count: 4096).write(to: URL(fileURLWithPath: statePath))
        FileAppendingWriter(path).writeLines(0..<100)
        let sink = FileCollectingSink()
        let metrics = SelfMetrics()
        try await withRunningFileSource(configuration, sink: sink, metrics: metrics) {
            try await fileWaitUntil("lines") { await sink.count >= 100 }
        }
        #expect(fileLineNumbers(await sink.messages) == Array(0..<100))
        #expect(fileCounter(metrics, "tracelink_checkpoint_corrupt_total") == 1)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(names.contains { $0.hasPrefix("file-test.state.corrupt-") })
        // A fresh, valid state file replaced it.
        #expect(try StateFile(path: statePath).read() != nil)
    }
}
