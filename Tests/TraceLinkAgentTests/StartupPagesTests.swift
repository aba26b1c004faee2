import Foundation
import Testing

@testable import TraceLinkAgent

@Suite("Start-up code pages released")
struct StartupPagesTests {
    /// The resident code pages of this process's executable, in KiB, from its smaps.
    static func residentCodeKiB() throws -> Int {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        let smaps = try String(contentsOfFile: "/proc/self/smaps", encoding: .utf8)
        var inCode = false
        var total = 0
        for line in smaps.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            if let first = fields.first, first.contains("-"), fields.count >= 5 {
                inCode = fields[1] == "r-xp" && fields.count == 6 && fields[5] == executable
            } else if inCode, fields.first == "Rss:", fields.count >= 2 {
                total += Int(fields[1]) ?? 0
            }
        }
        return total
    }

    @Test("the executable's code leaves the resident set and runs on afterwards")
    func releasesAndKeepsRunning() throws {
        let parsedBefore = try AgentConfiguration.embeddedDefault()
        let before = try Self.residentCodeKiB()
        #expect(before > 0)
        let released = StartupPages.release()
        #expect(released > 0)
        // Reading the count runs code again (faulting back what it needs); far fewer pages are resident than before.
        let after = try Self.residentCodeKiB()
        #expect(after < before)
        // Start-up code whose pages were just dropped runs again from the file and gives the same result.
        let parsedAfter = try AgentConfiguration.embeddedDefault()
        #expect(parsedAfter.store == parsedBefore.store && parsedAfter.spanMetrics == parsedBefore.spanMetrics)
        #expect(parsedAfter.sources.count == parsedBefore.sources.count)
    }
}
