import PropertyBased
import Testing

@testable import TraceLinkCore

/// The quote finder's bit search against the definition: a `"` delimits a string unless an odd run of backslashes
/// comes right before it.
@Suite("JSON quote finder")
struct JSONQuoteFinderTests {
    /// The unescaped quotes of `bytes`, byte by byte.
    static func expectedQuotes(_ bytes: [UInt8]) -> [Int] {
        var found: [Int] = []
        var backslashRun = 0
        for (index, byte) in bytes.enumerated() {
            if byte == UInt8(ascii: "\""), backslashRun % 2 == 0 { found.append(index) }
            backslashRun = byte == UInt8(ascii: "\\") ? backslashRun + 1 : 0
        }
        return found
    }

    /// Every quote the finder gives, asking from just past the last one.
    static func foundQuotes(_ bytes: [UInt8]) -> [Int] {
        bytes.withUnsafeBufferPointer { line in
            var finder = JSONQuoteFinder(line)
            var found: [Int] = []
            var from = 0
            while let quote = finder.next(from: from) {
                found.append(quote)
                from = quote + 1
            }
            return found
        }
    }

    @Test("runs of backslashes of every length, across block boundaries")
    func backslashRuns() {
        // A run of n backslashes ending at every offset around the 64-byte boundaries, then a quote.
        for run in 0...70 {
            for end in 0...200 where end >= run {
                var bytes = [UInt8](repeating: UInt8(ascii: "a"), count: end + 8)
                for index in (end - run)..<end { bytes[index] = UInt8(ascii: "\\") }
                bytes[end] = UInt8(ascii: "\"")
                #expect(Self.foundQuotes(bytes) == Self.expectedQuotes(bytes), "run \(run) ending at \(end)")
            }
        }
    }

    @Test("random lines of quotes, backslashes and text")
    func randomLines() async {
        let alphabet: [UInt8] = Array(#""\\a{}:,"#.utf8) + [0xC3, 0xA9, 0x00, 0xFF]
        let byte = Gen<UInt8?>.element(of: alphabet).map { $0! }
        await propertyCheck(count: 3000, input: byte.array(of: 0...300)) { bytes in
            #expect(Self.foundQuotes(bytes) == Self.expectedQuotes(bytes), "\(bytes)")
        }
    }

    @Test("asking from a later position skips the quotes before it, even blocks ahead")
    func skipsAhead() {
        var bytes = [UInt8](repeating: UInt8(ascii: "\""), count: 300)
        bytes[250] = UInt8(ascii: "\\")
        bytes.withUnsafeBufferPointer { line in
            var finder = JSONQuoteFinder(line)
            #expect(finder.next(from: 10) == 10)
            #expect(finder.next(from: 200) == 200)
            // The quote after the backslash is escaped.
            #expect(finder.next(from: 251) == 252)
            #expect(finder.next(from: 300) == nil)
        }
    }
}
