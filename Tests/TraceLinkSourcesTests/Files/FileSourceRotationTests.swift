import Foundation
import Testing
import TraceLinkCore
import TraceLinkSources

#if canImport(Glibc)
import Glibc
#endif

@Suite("FileSource rotation", .serialized)
struct FileSourceRotationTests {
    @Test("rename rotation under continuous writes: 100 rotations, 200k lines, each exactly once")
    func renameRotation() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        let sink = CollectingSink()
        let metrics = SelfMetrics()
        let rotations = 100
        let perFile = 2_000
        try await withRunningSource(testConfiguration(directory, include: [path]), sink: sink, metrics: metrics) {
            let writer = AppendingWriter(path)
            for rotation in 0..<rotations {
                let first = rotation * perFile
                writer.writeLines(first..<(first + 100))
                // The source must have the file open before it is renamed away (the writer does not wait otherwise).
                try await waitUntil("file \(rotation) opened") { await sink.count > first }
                writer.writeLines((first + 100)..<(first + perFile))
                #expect(rename(path, directory.file("app.log.\(rotation)")) == 0)
                writer.reopen()
            }
            try await waitUntil("all lines") { await sink.count >= rotations * perFile }
            try await waitUntil("rotated files released") {
                gaugeValue(metrics, "tracelink_files_watched") == 1
            }
        }
        let numbers = lineNumbers(await sink.messages)
        #expect(numbers.count == rotations * perFile)
        #expect(Set(numbers).count == rotations * perFile)
        #expect(counterValue(metrics, "tracelink_file_lines_read_total") == UInt64(rotations * perFile))
        #expect(counterValue(metrics, "tracelink_file_rotations_total") == UInt64(rotations))
    }

    @Test("copytruncate: lines read before the truncation and after it, once each")
    func copyTruncate() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        let sink = CollectingSink()
        let metrics = SelfMetrics()
        try await withRunningSource(testConfiguration(directory, include: [path]), sink: sink, metrics: metrics) {
            let writer = AppendingWriter(path)
            writer.writeLines(0..<1_000)
            try await waitUntil("first lines") { await sink.count >= 1_000 }
            try FileManager.default.copyItem(atPath: path, toPath: directory.file("app.log.1"))
            #expect(truncate(path, 0) == 0)
            // More than was there before, in one go: only the fingerprint can tell the file was rewritten.
            writer.writeLines(1_000..<3_000, perWrite: 2_000)
            try await waitUntil("lines after truncation") { await sink.count >= 3_000 }
        }
        let numbers = lineNumbers(await sink.messages)
        #expect(numbers.count == 3_000)
        #expect(Set(numbers) == Set(0..<3_000))
        #expect(counterValue(metrics, "tracelink_file_truncations_total") == 1)
    }

    @Test("copytruncate to empty, then a short write: detected by size")
    func copyTruncateShorter() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        let sink = CollectingSink()
        let metrics = SelfMetrics()
        try await withRunningSource(testConfiguration(directory, include: [path]), sink: sink, metrics: metrics) {
            let writer = AppendingWriter(path)
            writer.writeLines(0..<1_000)
            try await waitUntil("first lines") { await sink.count >= 1_000 }
            #expect(truncate(path, 0) == 0)
            writer.writeLines(1_000..<1_010)
            try await waitUntil("lines after truncation") { await sink.count >= 1_010 }
        }
        #expect(lineNumbers(await sink.messages) == Array(0..<1_010))
        #expect(counterValue(metrics, "tracelink_file_truncations_total") == 1)
    }

    @Test("delete while open: read to the end, then released")
    func deleteWhileOpen() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        let sink = CollectingSink()
        let metrics = SelfMetrics()
        try await withRunningSource(testConfiguration(directory, include: [path]), sink: sink, metrics: metrics) {
            let writer = AppendingWriter(path)
            writer.writeLines(0..<10)
            try await waitUntil("file opened") { await sink.count >= 10 }
            writer.writeLines(10..<5_000)
            #expect(unlink(path) == 0)
            writer.writeLines(5_000..<6_000)
            writer.closeNow()
            try await waitUntil("all lines") { await sink.count >= 6_000 }
            try await waitUntil("file released") { gaugeValue(metrics, "tracelink_files_watched") == 0 }
        }
        #expect(lineNumbers(await sink.messages) == Array(0..<6_000))
    }

    @Test("delete and recreate the same path")
    func deleteAndRecreate() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        let sink = CollectingSink()
        try await withRunningSource(testConfiguration(directory, include: [path]), sink: sink) {
            for round in 0..<5 {
                let writer = AppendingWriter(path)
                writer.writeLines((round * 1_000)..<(round * 1_000 + 10))
                try await waitUntil("round \(round) opened") { await sink.count >= round * 1_000 + 10 }
                writer.writeLines((round * 1_000 + 10)..<((round + 1) * 1_000))
                writer.closeNow()
                #expect(unlink(path) == 0)
            }
            try await waitUntil("all lines") { await sink.count >= 5_000 }
        }
        let numbers = lineNumbers(await sink.messages)
        #expect(numbers.count == 5_000)
        #expect(Set(numbers) == Set(0..<5_000))
    }

    @Test("a file created after start is read from its beginning, even with start_at end")
    func fileCreatedAfterStart() async throws {
        let directory = TemporaryDirectory()
        let sink = CollectingSink()
        var configuration = testConfiguration(directory, include: [directory.path + "/**/*.log"])
        configuration.startAt = .end
        try await withRunningSource(configuration, sink: sink) {
            let existing = AppendingWriter(directory.file("old.log"))
            _ = existing
            try FileManager.default.createDirectory(atPath: directory.file("sub/deeper"), withIntermediateDirectories: true)
            AppendingWriter(directory.file("sub/deeper/new.log")).writeLines(0..<10)
            AppendingWriter(directory.file("sub/ignored.txt")).writeLines(100..<110)
            try await waitUntil("new file lines") { await sink.count >= 10 }
        }
        #expect(lineNumbers(await sink.messages) == Array(0..<10))
    }

    @Test("start_at end skips what a file held on the first run only")
    func startAtEnd() async throws {
        let directory = TemporaryDirectory()
        let path = directory.file("app.log")
        let writer = AppendingWriter(path)
        writer.writeLines(0..<100)
        writer.write("partial")
        var configuration = testConfiguration(directory, include: [path])
        configuration.startAt = .end
        let sink = CollectingSink()
        try await withRunningSource(configuration, sink: sink) {
            writer.write(" end\n")
            writer.writeLines(100..<110)
            try await waitUntil("appended lines") { await sink.count >= 11 }
        }
        #expect(await sink.messages == ["partial end"] + (100..<110).map { "line-\($0)" })
    }
}
