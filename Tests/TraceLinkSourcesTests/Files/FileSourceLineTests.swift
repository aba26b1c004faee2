import Foundation
import Testing
import TraceLinkCore
import TraceLinkSources

#if canImport(Glibc)
    import Glibc
#endif

@Suite("FileSource lines", .serialized)
struct FileSourceLineTests {
    @Test("a 10 MiB line is cut at max_line_bytes, flagged and counted; the next line is intact")
    func hugeLine() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        let sink = FileCollectingSink()
        let metrics = SelfMetrics()
        try await withRunningFileSource(fileTestConfiguration(directory, include: [path]), sink: sink, metrics: metrics)
        {
            let writer = FileAppendingWriter(path)
            let megabyte = [UInt8](repeating: UInt8(ascii: "x"), count: 1 << 20)
            for _ in 0..<10 { writer.write(megabyte) }
            writer.write("\nafter\n")
            try await fileWaitUntil("two events") { await sink.count >= 2 }
        }
        let events = await sink.events
        #expect(events.count == 2)
        #expect(events.first?.message.utf8.count == 256 << 10)
        #expect(events.first?.attributes.contains { $0.key == "log.truncated" } == true)
        #expect(events.last?.message == "after")
        #expect(events.last?.location == .file(path: path, offset: UInt64(10 << 20) + 1))
        #expect(fileCounter(metrics, "tracelink_file_lines_truncated_total") == 1)
    }

    @Test("a file with no newline at all is emitted after the flush delay")
    func noNewline() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        let sink = FileCollectingSink()
        try await withRunningFileSource(fileTestConfiguration(directory, include: [path]), sink: sink) {
            FileAppendingWriter(path).write("no newline at all")
            try await fileWaitUntil("flushed line") { await sink.count >= 1 }
        }
        #expect(await sink.messages == ["no newline at all"])
    }

    @Test("invalid UTF-8 becomes replacement characters and is counted")
    func invalidUTF8() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        let sink = FileCollectingSink()
        let metrics = SelfMetrics()
        try await withRunningFileSource(fileTestConfiguration(directory, include: [path]), sink: sink, metrics: metrics)
        {
            let writer = FileAppendingWriter(path)
            writer.write([0x62, 0x61, 0x64, 0xFF, 0xFE, 0x21, 0x0A])
            writer.write("caf\u{E9} ok\r\n")
            try await fileWaitUntil("two lines") { await sink.count >= 2 }
        }
        #expect(await sink.messages == ["bad\u{FFFD}\u{FFFD}!", "caf\u{E9} ok"])
        #expect(fileCounter(metrics, "tracelink_file_invalid_utf8_lines_total") == 1)
    }

    @Test("events carry path, offset, source and the mapped service")
    func locationAndService() async throws {
        let directory = FileTestDirectory()
        try FileManager.default.createDirectory(atPath: directory.file("orders"), withIntermediateDirectories: true)
        let path = directory.file("orders/app.log")
        var configuration = fileTestConfiguration(directory, include: [directory.path + "/*/app.log"])
        configuration.serviceFromPath = "/(?<service>[^/]+)/app\\.log$"
        let sink = FileCollectingSink()
        try await withRunningFileSource(configuration, sink: sink) {
            FileAppendingWriter(path).write("one\ntwo\n")
            try await fileWaitUntil("two lines") { await sink.count >= 2 }
        }
        let events = await sink.events
        #expect(events.map { $0.location } == [.file(path: path, offset: 0), .file(path: path, offset: 4)])
        #expect(events.allSatisfy { $0.service == "orders" && $0.source == "test" })
    }

    @Test("multiline: continuation lines stay with their record")
    func multiline() async throws {
        let directory = FileTestDirectory()
        let path = directory.file("app.log")
        var configuration = fileTestConfiguration(directory, include: [path])
        configuration.multiline = .init(startPattern: "^\\d{4}-")
        let sink = FileCollectingSink()
        try await withRunningFileSource(configuration, sink: sink) {
            FileAppendingWriter(path).write(
                "2025-01-01 error boom\n  at a()\n  at b()\n2025-01-01 info next\n2025-01-01 last\n  at c()\n")
            try await fileWaitUntil("three records") { await sink.count >= 3 }
        }
        #expect(
            await sink.messages == [
                "2025-01-01 error boom\n  at a()\n  at b()", "2025-01-01 info next", "2025-01-01 last\n  at c()",
            ])
    }

    @Test("an unreadable path is counted and retried; other files keep flowing")
    func unreadablePath() async throws {
        let directory = FileTestDirectory()
        let bad = directory.file("bad.log")
        // Tests run as root, which ignores permissions: a symlink loop fails stat/open with ELOOP instead.
        #expect(symlink(bad, bad) == 0)
        let sink = FileCollectingSink()
        let metrics = SelfMetrics()
        try await withRunningFileSource(
            fileTestConfiguration(directory, include: [directory.path + "/*.log"]), sink: sink, metrics: metrics
        ) {
            let good = FileAppendingWriter(directory.file("good.log"))
            good.writeLines(0..<100)
            try await fileWaitUntil("good lines") { await sink.count >= 100 }
            try await fileWaitUntil("retried") { fileCounter(metrics, "tracelink_file_open_errors_total") >= 2 }
            #expect(unlink(bad) == 0)
            FileAppendingWriter(bad).writeLines(100..<110)
            good.writeLines(110..<120)
            try await fileWaitUntil("all lines") { await sink.count >= 120 }
        }
        #expect(Set(fileLineNumbers(await sink.messages)) == Set(0..<120))
    }
}
