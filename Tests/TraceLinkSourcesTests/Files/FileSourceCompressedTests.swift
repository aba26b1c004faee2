import Foundation
import Testing
import TraceLinkCore
import TraceLinkSources

#if canImport(Glibc)
    import Glibc
#endif

/// Runs `/bin/gzip` (or `gzip` on the PATH) with `arguments`, as logrotate's `compress` does.
func gzip(_ arguments: [String]) throws {
    let process = Process()
    process.executableURL = URL(
        fileURLWithPath: FileManager.default.isExecutableFile(atPath: "/bin/gzip") ? "/bin/gzip" : "/usr/bin/gzip")
    process.arguments = arguments
    try process.run()
    process.waitUntilExit()
    #expect(process.terminationStatus == 0, "gzip \(arguments)")
}

/// Expects `numbers` to hold each of `range` once and nothing else, naming the first few misses.
func expectExactly(_ range: Range<Int>, in numbers: [Int], sourceLocation: SourceLocation = #_sourceLocation) {
    let missing = Set(range).subtracting(numbers).sorted()
    let extra = numbers.count - Set(numbers).count
    let outside = numbers.filter { !range.contains($0) }
    #expect(missing.isEmpty, "\(missing.count) missing, first \(missing.prefix(10))", sourceLocation: sourceLocation)
    #expect(extra == 0, "\(extra) duplicates", sourceLocation: sourceLocation)
    #expect(outside.isEmpty, "\(outside.count) unexpected, first \(outside.prefix(10))", sourceLocation: sourceLocation)
}

@Suite("FileSource compressed files", .serialized)
struct FileSourceCompressedTests {
    @Test("a .gz file matching include is read whole, once, and not again after a restart")
    func readsGzipOnce() async throws {
        let directory = FileTestDirectory()
        let plain = directory.file("old.log")
        var configuration = fileTestConfiguration(directory, include: [directory.file("*.gz")])
        configuration.readChunkBytes = 4096
        FileAppendingWriter(plain).writeLines(0..<20_000)
        try gzip([plain])
        #expect(access(plain, F_OK) != 0)
        let sink = FileCollectingSink()
        let metrics = SelfMetrics()
        try await withRunningFileSource(configuration, sink: sink, metrics: metrics) {
            try await fileWaitUntil("every line") { await sink.count >= 20_000 }
            try await fileWaitUntil("the file finished") {
                fileCounter(metrics, "tracelink_file_compressed_read_total") == 1
            }
        }
        #expect(
            fileLineNumbers(await sink.messages).elementsEqual(0..<20_000), "lines missing, repeated or out of order")
        let paths = Set(
            await sink.events.compactMap { event -> String? in
                guard case .file(let path, _) = event.location else { return nil }
                return path
            })
        #expect(paths == [directory.file("old.log.gz")])
        #expect(fileGauge(metrics, "tracelink_files_watched") == 0)

        // Restarted with a plain file beside the archive: the scan that finds one finds both, and the archive (opened
        // first, by path order) would be read before it in the same cycle. Once the plain file's line is in, nothing
        // else may be.
        let marker = directory.file("zz-marker.log")
        configuration.include.append(marker)
        FileAppendingWriter(marker).writeLines(99_000..<99_001)
        let again = FileCollectingSink()
        try await withRunningFileSource(configuration, sink: again) {
            try await fileWaitUntil("the plain file's line") { await again.count >= 1 }
        }
        #expect(fileLineNumbers(await again.messages) == [99_000])
    }

    @Test("logrotate compress + delaycompress under continuous writes: every line exactly once")
    func delayCompressRotation() async throws {
        try await rotate(delayCompress: true)
    }

    @Test("logrotate compress without delaycompress: every line exactly once")
    func compressRotation() async throws {
        try await rotate(delayCompress: false)
    }

    /// Rotates `app.log` as logrotate does with `compress` (and `delaycompress`), keeping 5 archives, while
    /// a writer appends; the source reads `app.log*`, archives included.
    private func rotate(delayCompress: Bool) async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        let sink = FileCollectingSink()
        let metrics = SelfMetrics()
        let rotations = 12
        let perFile = 2_000
        let keep = 5
        let configuration = fileTestConfiguration(directory, include: [directory.file("app.log*")])
        try await withRunningFileSource(configuration, sink: sink, metrics: metrics) {
            let writer = FileAppendingWriter(path)
            for rotation in 0..<rotations {
                let first = rotation * perFile
                writer.writeLines(first..<(first + 100))
                try await fileWaitUntil("file \(rotation) opened") { await sink.count > first }
                writer.writeLines((first + 100)..<(first + perFile))
                // Shift the archives: app.log.N.gz → app.log.N+1.gz, the oldest removed.
                unlink(directory.file("app.log.\(keep).gz"))
                for number in stride(from: keep - 1, through: 1, by: -1) {
                    rename(directory.file("app.log.\(number).gz"), directory.file("app.log.\(number + 1).gz"))
                }
                if delayCompress {
                    if access(directory.file("app.log.1"), F_OK) == 0 { try gzip([directory.file("app.log.1")]) }
                    rename(directory.file("app.log.1.gz"), directory.file("app.log.2.gz"))
                    #expect(rename(path, directory.file("app.log.1")) == 0)
                } else {
                    #expect(rename(path, directory.file("app.log.1")) == 0)
                    try gzip([directory.file("app.log.1")])
                }
                writer.reopen()
            }
            try await fileWaitUntil("all lines") { await sink.count >= rotations * perFile }
            // Every archive seen is settled (read or skipped) before the counts are taken.
            try await Task.sleep(for: .milliseconds(500))
        }
        let numbers = fileLineNumbers(await sink.messages)
        #expect(numbers.count == rotations * perFile, "duplicates: \(numbers.count - Set(numbers).count)")
        expectExactly(0..<(rotations * perFile), in: numbers)
        let skipped = fileCounter(metrics, "tracelink_file_compressed_skipped_total")
        let read = fileCounter(metrics, "tracelink_file_compressed_read_total")
        #expect(skipped + read >= UInt64(keep))
        print("compress (delaycompress: \(delayCompress)): archives skipped \(skipped), read to their end \(read)")
    }

    @Test("stopped while the file was rotated and compressed: the restart resumes inside the .gz, losing nothing")
    func restartAcrossCompression() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        var configuration = fileTestConfiguration(directory, include: [directory.file("app.log*")])
        configuration.batchSize = 500
        configuration.readChunkBytes = 4096
        let writer = FileAppendingWriter(path)
        writer.writeLines(0..<20_000)
        let first = FileCollectingSink(pausePerBatch: .milliseconds(20))
        try await withRunningFileSource(configuration, sink: first) {
            try await fileWaitUntil("some lines") { await first.count >= 2_000 }
        }
        #expect(await first.count < 20_000)
        // While stopped: rotate and compress at once, then new lines in the new file.
        #expect(rename(path, directory.file("app.log.1")) == 0)
        try gzip([directory.file("app.log.1")])
        writer.reopen()
        writer.writeLines(20_000..<25_000)

        let second = FileCollectingSink()
        let metrics = SelfMetrics()
        try await withRunningFileSource(configuration, sink: second, metrics: metrics) {
            try await fileWaitUntil("the rest") {
                Set(fileLineNumbers(await first.messages) + fileLineNumbers(await second.messages)).count >= 25_000
            }
        }
        let all = fileLineNumbers(await first.messages) + fileLineNumbers(await second.messages)
        expectExactly(0..<25_000, in: Array(Set(all)))
        let duplicates = all.count - 25_000
        #expect(duplicates <= configuration.batchSize)
        #expect(fileCounter(metrics, "tracelink_file_compressed_read_total") == 1)
        print(
            "restart across compression: first run \(await first.count), second \(await second.count), duplicates \(duplicates)"
        )
    }

    @Test("concatenated gzip members read as one file; a line split across members is whole")
    func concatenatedMembers() async throws {
        let directory = FileTestDirectory()
        FileAppendingWriter(directory.file("a")).write("line-0\nline-1\nli")
        FileAppendingWriter(directory.file("b")).write("ne-2\nline-3\n")
        try gzip([directory.file("a"), directory.file("b")])
        let joined =
            try Data(contentsOf: URL(fileURLWithPath: directory.file("a.gz")))
            + Data(contentsOf: URL(fileURLWithPath: directory.file("b.gz")))
        try joined.write(to: URL(fileURLWithPath: directory.file("both.log.gz")))
        let sink = FileCollectingSink()
        try await withRunningFileSource(
            fileTestConfiguration(directory, include: [directory.file("*.log.gz")]), sink: sink
        ) {
            try await fileWaitUntil("four lines") { await sink.count >= 4 }
        }
        #expect(await sink.messages == ["line-0", "line-1", "line-2", "line-3"])
    }

    @Test("a corrupt .gz is logged and counted; the other files keep flowing; a truncated one keeps its lines")
    func corruptArchive() async throws {
        let directory = FileTestDirectory()
        FileAppendingWriter(directory.file("bad.log.gz")).write("this is not gzip at all\n")
        // A real archive cut in its middle: the lines before the cut are kept.
        FileAppendingWriter(directory.file("cut.log")).writeLines(0..<50_000)
        try gzip([directory.file("cut.log")])
        let whole = try Data(contentsOf: URL(fileURLWithPath: directory.file("cut.log.gz")))
        try whole.prefix(whole.count / 2).write(to: URL(fileURLWithPath: directory.file("cut.log.gz")))
        let sink = FileCollectingSink()
        let metrics = SelfMetrics()
        let configuration = fileTestConfiguration(
            directory, include: [directory.file("*.log.gz"), directory.file("live.log")])
        try await withRunningFileSource(configuration, sink: sink, metrics: metrics) {
            FileAppendingWriter(directory.file("live.log")).write("line-900000\n")
            try await fileWaitUntil("the live line") { await sink.messages.contains("line-900000") }
            try await fileWaitUntil("the bad archive counted") {
                fileCounter(metrics, "tracelink_file_open_errors_total") >= 1
            }
            // Half an archive is still growing as far as anyone can tell: gzip may be writing it.
            try await Task.sleep(for: .milliseconds(300))
        }
        // The lines before the cut, in order; the last one read may be cut short (flushed after flush_delay).
        let numbers = fileLineNumbers(await sink.messages).filter { $0 < 50_000 }.dropLast()
        #expect(numbers.count > 1_000)
        #expect(numbers.elementsEqual(0..<numbers.count), "lines out of order or missing before the cut")
        #expect(fileCounter(metrics, "tracelink_file_open_errors_total") >= 1)
    }
}
