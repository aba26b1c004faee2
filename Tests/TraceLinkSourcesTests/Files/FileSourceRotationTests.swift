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
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        let sink = FileCollectingSink()
        let metrics = SelfMetrics()
        let rotations = 100
        let perFile = 2_000
        try await withRunningFileSource(fileTestConfiguration(directory, include: [path]), sink: sink, metrics: metrics)
        {
            let writer = FileAppendingWriter(path)
            for rotation in 0..<rotations {
                let first = rotation * perFile
                writer.writeLines(first..<(first + 100))
                // The source must have the file open before it is renamed away (the writer does not wait otherwise).
                try await fileWaitUntil("file \(rotation) opened") { await sink.count > first }
                writer.writeLines((first + 100)..<(first + perFile))
                #expect(rename(path, directory.file("app.log.\(rotation)")) == 0)
                writer.reopen()
            }
            try await fileWaitUntil("all lines") { await sink.count >= rotations * perFile }
            try await fileWaitUntil("rotated files released") {
                fileGauge(metrics, "tracelink_files_watched") == 1
            }
        }
        let numbers = fileLineNumbers(await sink.messages)
        #expect(numbers.count == rotations * perFile)
        #expect(Set(numbers).count == rotations * perFile)
        #expect(fileCounter(metrics, "tracelink_file_lines_read_total") == UInt64(rotations * perFile))
        #expect(fileCounter(metrics, "tracelink_file_rotations_total") == UInt64(rotations))
    }

    /// A scan that lists the directory in the middle of a rename can miss a file for one cycle; once quiet for
    /// the rotate wait it is released. Found again (same inode, same first bytes), it resumes where it stopped.
    @Test("a file released while out of sight and found again resumes at its offset")
    func releasedFileFoundAgain() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        let hidden = directory.file("moving.tmp")
        let sink = FileCollectingSink()
        let metrics = SelfMetrics()
        try await withRunningFileSource(
            fileTestConfiguration(directory, include: [directory.file("app.log*")]), sink: sink, metrics: metrics
        ) {
            let writer = FileAppendingWriter(path)
            writer.writeLines(0..<2_000)
            writer.closeNow()
            try await fileWaitUntil("first lines") { await sink.count >= 2_000 }
            #expect(rename(path, hidden) == 0)
            try await fileWaitUntil("file released") { fileGauge(metrics, "tracelink_files_watched") == 0 }
            #expect(rename(hidden, directory.file("app.log.1")) == 0)
            try await fileWaitUntil("file found again") { fileGauge(metrics, "tracelink_files_watched") == 1 }
            let more = FileAppendingWriter(directory.file("app.log.1"))
            more.writeLines(2_000..<2_500)
            more.closeNow()
            try await fileWaitUntil("lines appended after") { await sink.count >= 2_500 }
            try await Task.sleep(for: .milliseconds(300))
        }
        #expect(fileLineNumbers(await sink.messages) == Array(0..<2_500))
    }

    @Test("copytruncate: lines read before the truncation and after it, once each")
    func copyTruncate() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        let sink = FileCollectingSink()
        let metrics = SelfMetrics()
        try await withRunningFileSource(fileTestConfiguration(directory, include: [path]), sink: sink, metrics: metrics)
        {
            let writer = FileAppendingWriter(path)
            writer.writeLines(0..<1_000)
            try await fileWaitUntil("first lines") { await sink.count >= 1_000 }
            try FileManager.default.copyItem(atPath: path, toPath: directory.file("app.log.1"))
            #expect(truncate(path, 0) == 0)
            // More than was there before, in one go: only the fingerprint can tell the file was rewritten.
            writer.writeLines(1_000..<3_000, perWrite: 2_000)
            try await fileWaitUntil("lines after truncation") { await sink.count >= 3_000 }
        }
        let numbers = fileLineNumbers(await sink.messages)
        #expect(numbers.count == 3_000)
        #expect(Set(numbers) == Set(0..<3_000))
        #expect(fileCounter(metrics, "tracelink_file_truncations_total") == 1)
    }

    @Test("copytruncate to empty, then a short write: detected by size")
    func copyTruncateShorter() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        let sink = FileCollectingSink()
        let metrics = SelfMetrics()
        try await withRunningFileSource(fileTestConfiguration(directory, include: [path]), sink: sink, metrics: metrics)
        {
            let writer = FileAppendingWriter(path)
            writer.writeLines(0..<1_000)
            try await fileWaitUntil("first lines") { await sink.count >= 1_000 }
            #expect(truncate(path, 0) == 0)
            writer.writeLines(1_000..<1_010)
            try await fileWaitUntil("lines after truncation") { await sink.count >= 1_010 }
        }
        #expect(fileLineNumbers(await sink.messages) == Array(0..<1_010))
        #expect(fileCounter(metrics, "tracelink_file_truncations_total") == 1)
    }

    @Test("delete while open: read to the end, then released")
    func deleteWhileOpen() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        let sink = FileCollectingSink()
        let metrics = SelfMetrics()
        try await withRunningFileSource(fileTestConfiguration(directory, include: [path]), sink: sink, metrics: metrics)
        {
            let writer = FileAppendingWriter(path)
            writer.writeLines(0..<10)
            try await fileWaitUntil("file opened") { await sink.count >= 10 }
            writer.writeLines(10..<5_000)
            #expect(unlink(path) == 0)
            writer.writeLines(5_000..<6_000)
            writer.closeNow()
            try await fileWaitUntil("all lines") { await sink.count >= 6_000 }
            try await fileWaitUntil("file released") { fileGauge(metrics, "tracelink_files_watched") == 0 }
        }
        #expect(fileLineNumbers(await sink.messages) == Array(0..<6_000))
    }

    @Test("delete and recreate the same path")
    func deleteAndRecreate() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        let sink = FileCollectingSink()
        try await withRunningFileSource(fileTestConfiguration(directory, include: [path]), sink: sink) {
            for round in 0..<5 {
                let writer = FileAppendingWriter(path)
                writer.writeLines((round * 1_000)..<(round * 1_000 + 10))
                try await fileWaitUntil("round \(round) opened") { await sink.count >= round * 1_000 + 10 }
                writer.writeLines((round * 1_000 + 10)..<((round + 1) * 1_000))
                writer.closeNow()
                #expect(unlink(path) == 0)
            }
            try await fileWaitUntil("all lines") { await sink.count >= 5_000 }
        }
        let numbers = fileLineNumbers(await sink.messages)
        #expect(numbers.count == 5_000)
        #expect(Set(numbers) == Set(0..<5_000))
    }

    @Test("a file created after start is read from its beginning, even with start_at end")
    func fileCreatedAfterStart() async throws {
        let directory = FileTestDirectory()
        let sink = FileCollectingSink()
        var configuration = fileTestConfiguration(directory, include: [directory.path + "/**/*.log"])
        configuration.startAt = .end
        FileAppendingWriter(directory.file("old.log")).writeLines(1_000..<1_010)
        let metrics = SelfMetrics()
        try await withRunningFileSource(configuration, sink: sink, metrics: metrics) {
            try await fileWaitUntil("first scan") { fileGauge(metrics, "tracelink_files_watched") == 1 }
            try FileManager.default.createDirectory(
                atPath: directory.file("sub/deeper"), withIntermediateDirectories: true)
            FileAppendingWriter(directory.file("sub/deeper/new.log")).writeLines(0..<10)
            FileAppendingWriter(directory.file("sub/ignored.txt")).writeLines(100..<110)
            try await fileWaitUntil("new file lines") { await sink.count >= 10 }
        }
        #expect(fileLineNumbers(await sink.messages) == Array(0..<10))
    }

    @Test("start_at end skips what a file held on the first run only")
    func startAtEnd() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        let writer = FileAppendingWriter(path)
        writer.writeLines(0..<100)
        writer.write("partial")
        var configuration = fileTestConfiguration(directory, include: [path])
        configuration.startAt = .end
        let sink = FileCollectingSink()
        let metrics = SelfMetrics()
        try await withRunningFileSource(configuration, sink: sink, metrics: metrics) {
            try await fileWaitUntil("first scan") { fileGauge(metrics, "tracelink_files_watched") == 1 }
            writer.write(" end\n")
            writer.writeLines(100..<110)
            try await fileWaitUntil("appended lines") { await sink.count >= 11 }
        }
        #expect(await sink.messages == ["partial end"] + (100..<110).map { "line-\($0)" })
    }
}
