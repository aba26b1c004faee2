import Testing

@testable import TraceLinkSources

@Suite("FileGlob")
struct FileGlobTests {
    @Test(arguments: [
        ("/var/log/**/*.log", "/var/log/a.log", true),
        ("/var/log/**/*.log", "/var/log/x/y/a.log", true),
        ("/var/log/**/*.log", "/var/log/a.log.1", false),
        ("/var/log/*.log", "/var/log/x/a.log", false),
        ("/var/log/app-?.log", "/var/log/app-1.log", true),
        ("/var/log/[ab].log", "/var/log/c.log", false),
        ("/var/**", "/var/log/deep/file", true),
        ("/var/log/*.log", "/var/log/.hidden.log", false),
    ])
    func matches(pattern: String, path: String, expected: Bool) {
        #expect(FileGlob(pattern).matches(path) == expected)
    }

    @Test func checkpointRoundTrip() {
        let checkpoints = [
            FileCheckpoint(
                identity: FileIdentity(device: 2049, inode: 77), fingerprint: FileFingerprint(length: 1024, hash: 123),
                offset: 99, path: "/var/log/a b.log")
        ]
        #expect(FileCheckpoint.decode(FileCheckpoint.encode(checkpoints)) == checkpoints)
        #expect(FileCheckpoint.decode([0, 0, 0]) == nil)
    }
}
