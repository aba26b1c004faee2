/// Finds the level a text line writes in its header, before the message: the level word of Python
/// logging, Logback and Spring Boot, log4j, glog/klog, Rails, nginx, Monolog, .NET console and
/// bracketed `[ERROR]` / `<ERROR>` lines, and the severity of a syslog `<PRI>`.
///
/// The header is read token by token from the start of the line (after a syslog header, from the
/// start of its message). Times, numbers, punctuation and bracketed groups are passed over; a level
/// word ends the search; what reads as message ends it empty-handed: a third word that is not a level,
/// a token holding `=` or `"` (logfmt and quoted text, left to the key rules), or a `{`. Only tokens
/// starting within the first `window` bytes count. So `INFO … error` stays INFO, and neither
/// `GET /error 200` nor `mail info@example.com` has a level.
///
/// Uppercase level words count bare (`ERROR`), even after a word or two (a logger or host name).
/// Lowercase and mixed-case ones count only in brackets (`[error]`), before a colon (`error:`) or a
/// tab, and only before any such word, because in running text they are ordinary words.
/// Reads at most a few hundred bytes of the line and allocates nothing.
enum LevelScanner {
    /// What the header says. A written level word is the line's level; a syslog priority is only a
    /// fallback, since forwarders often stamp one priority on every line of a stream.
    struct Levels {
        var written: Severity?
        var priority: Severity?
    }

    /// Bytes from the start of the header within which a token must start.
    static let window = 100
    /// Words that are neither header nor level passed over before giving up (`- checkout.api - ERROR`).
    static let maximumWords = 2

    static func scan(_ line: UnsafeBufferPointer<UInt8>) -> Levels {
        guard !line.isEmpty else { return Levels() }
        if line[0] == UInt8(ascii: "<"), let (priority, headerEnd) = syslogPriority(line) {
            guard let messageStart = syslogMessageStart(line, from: headerEnd) else {
                return Levels(written: nil, priority: priority)
            }
            return Levels(written: header(line, from: messageStart), priority: priority)
        }
        return Levels(written: header(line, from: 0), priority: nil)
    }

    /// The level word of the header starting at `start`, if any.
    static func header(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Severity? {
        let limit = min(line.count, start + window)
        // Room past the window to finish the last token or bracketed group.
        let end = min(line.count, limit + 96)
        return walk(line, from: start, limit: limit, end: end, inGroup: false, words: 0)
    }

    private enum Token {
        case level(Severity)
        /// A time, number, punctuation, month or stream name: header, read on.
        case header
        /// A word that is not a level: a logger or host name, or the message.
        case word
        /// Message text: stop.
        case message
    }

    /// Reads tokens starting before `limit`; `words` is how many non-level words came before.
    private static func walk(
        _ line: UnsafeBufferPointer<UInt8>, from start: Int, limit: Int, end: Int, inGroup: Bool, words: Int
    ) -> Severity? {
        var index = start
        var words = words
        while true {
            index = skipSeparators(line, from: index, to: end)
            guard index < limit else { return nil }
            let byte = line[index]
            if !inGroup, byte == UInt8(ascii: "[") || byte == UInt8(ascii: "<") {
                let closer = byte == UInt8(ascii: "[") ? UInt8(ascii: "]") : UInt8(ascii: ">")
                guard let close = ByteScanning.find(closer, in: line, from: index + 1, to: end) else { return nil }
                if let level = group(line, index + 1, close, words: words) { return level }
                index = close + 1
                continue
            }
            // A JSON object is message text (as `token` says), known before its end is looked for.
            if byte == UInt8(ascii: "{") { return nil }
            let tokenEnd = self.tokenEnd(line, from: index, to: end)
            switch token(line, index, tokenEnd, anyCase: words == 0) {
            case .level(let severity):
                return severity
            case .header:
                break
            case .word:
                words += 1
                guard words <= maximumWords else { return nil }
            case .message:
                return nil
            }
            index = tokenEnd
        }
    }

    /// A bracketed group `line[start..<end]`: `[ERROR]`, `[info     ]`, Apache's `[proxy:error]`, or
    /// several tokens as Rust's env_logger (`[2024-01-15T10:23:45Z ERROR app]`) and Serilog's console
    /// (`[10:23:45 ERR]`) write them.
    private static func group(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, words: Int) -> Severity? {
        var start = start
        var end = end
        while start < end, ByteScanning.isSpace(line[start]) { start += 1 }
        while end > start, ByteScanning.isSpace(line[end - 1]) { end -= 1 }
        guard start < end else { return nil }
        let anyCase = words == 0
        if let level = levelWord(line, start, end), anyCase || isUppercase(line, start, end) { return level }
        var colon = end - 1
        while colon > start, line[colon] != UInt8(ascii: ":") { colon -= 1 }
        if colon > start, let level = levelWord(line, colon + 1, end), anyCase || isUppercase(line, colon + 1, end) {
            return level
        }
        return walk(line, from: start, limit: end, end: end, inGroup: true, words: words)
    }

    /// Reads one blank-delimited token `line[start..<end]`.
    private static func token(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int, anyCase: Bool) -> Token {
        let first = line[start]
        if ByteScanning.isDigit(first) || first == UInt8(ascii: "#") { return .header }
        if first == UInt8(ascii: "+") || first == UInt8(ascii: "-"), start + 1 < end,
            ByteScanning.isDigit(line[start + 1])
        {
            return .header
        }
        if first == UInt8(ascii: "{") { return .message }
        if isLetter(first) {
            var wordEnd = start + 1
            while wordEnd < end, isLetter(line[wordEnd]) { wordEnd += 1 }
            let uppercase = isUppercase(line, start, wordEnd)
            if wordEnd == end {
                let followedByTab = end < line.count && line[end] == 0x09
                if let level = levelWord(line, start, end), uppercase || (anyCase && followedByTab) {
                    return .level(level)
                }
                return isHeaderWord(line, start, end) ? .header : .word
            }
            let next = line[wordEnd]
            // `ERROR:root:msg` (Python), `error:` and `fail:` (.NET console); `ERRO[0000]` (logrus).
            if next == UInt8(ascii: ":") || (next == UInt8(ascii: "[") && uppercase),
                uppercase || anyCase, let level = levelWord(line, start, wordEnd)
            {
                return .level(level)
            }
            if wordEnd == start + 1 {
                if let level = glogLevel(line, start, end) { return .level(level) }
                // Ruby Logger's `E, [2024-01-15T10:23:45.123 #123] ERROR -- : msg`: the word follows.
                if next == UInt8(ascii: ","), end == wordEnd + 1 { return .header }
            }
            // Monolog's `channel.LEVEL:` (`production.ERROR:`).
            if line[end - 1] == UInt8(ascii: ":") {
                var dot = end - 2
                while dot > start, line[dot] != UInt8(ascii: ".") { dot -= 1 }
                if dot > start, isUppercase(line, dot + 1, end - 1), let level = levelWord(line, dot + 1, end - 1) {
                    return .level(level)
                }
            }
        }
        var hasAlphanumeric = false
        for index in start..<end {
            let byte = line[index]
            if byte == UInt8(ascii: "=") || byte == UInt8(ascii: "\"") { return .message }
            if ByteScanning.isAlphanumeric(byte) { hasAlphanumeric = true }
        }
        return hasAlphanumeric ? .word : .header
    }

    /// A level word (`Severity(levelWordBytes:)`) or a text formatter's abbreviation.
    private static func levelWord(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Severity? {
        Severity(levelWordBytes: line, start, end) ?? abbreviation(line, start, end)
    }

    /// The four-letter names only text formatters write: .NET's console (`trce`, `dbug`, `fail`)
    /// and logrus's (`TRAC`, `DEBU`, `ERRO`, `FATA`, `PANI`).
    private static func abbreviation(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Severity? {
        guard end - start == 4 else { return nil }
        func named(_ literal: StaticString) -> Bool {
            ByteScanning.hasPrefixIgnoringCase(line, at: start, end: end, literal)
        }
        if named("fail") || named("erro") { return .error }
        if named("dbug") || named("debu") { return .debug }
        if named("trce") || named("trac") { return .trace }
        if named("fata") || named("pani") { return .fatal }
        return nil
    }

    /// glog and klog's `E0115 10:23:45.123456`: the level letter (I, W, E, F) glued to the month and day,
    /// then the time.
    private static func glogLevel(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Severity? {
        guard end - start == 5 else { return nil }
        for index in (start + 1)..<end where !ByteScanning.isDigit(line[index]) { return nil }
        let month = Int(line[start + 1] &- 0x30) * 10 + Int(line[start + 2] &- 0x30)
        let day = Int(line[start + 3] &- 0x30) * 10 + Int(line[start + 4] &- 0x30)
        var next = end
        while next < line.count, line[next] == 0x20 { next += 1 }
        guard (1...12).contains(month), (1...31).contains(day), next > end, next < line.count,
            ByteScanning.isDigit(line[next])
        else { return nil }
        switch line[start] {
        case UInt8(ascii: "I"): return .info
        case UInt8(ascii: "W"): return .warn
        case UInt8(ascii: "E"): return .error
        case UInt8(ascii: "F"): return .fatal
        default: return nil
        }
    }

    /// Words that belong to headers: one letter (a container runtime's `F`/`P` tag), month and day
    /// names, `AM`/`PM`, `UTC`/`GMT`, and a container runtime's `stdout`/`stderr`.
    private static func isHeaderWord(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        func named(_ literal: StaticString) -> Bool {
            end - start == literal.utf8CodeUnitCount
                && ByteScanning.hasPrefixIgnoringCase(line, at: start, end: end, literal)
        }
        switch end - start {
        case 1:
            return true
        case 2:
            return named("am") || named("pm")
        case 3:
            let names: StaticString = "janfebmaraprmayjunjulaugsepoctnovdecmontuewedthufrisatsunutcgmt"
            let pointer = names.utf8Start
            for offset in stride(from: 0, to: names.utf8CodeUnitCount, by: 3)
            where ByteScanning.lowercased(line[start]) == pointer[offset]
                && ByteScanning.lowercased(line[start + 1]) == pointer[offset + 1]
                && ByteScanning.lowercased(line[start + 2]) == pointer[offset + 2]
            {
                return true
            }
            return false
        case 6:
            return named("stdout") || named("stderr")
        default:
            return false
        }
    }

    /// Past blanks, `|` column separators and ANSI colour sequences (`ESC [ … m`).
    @inline(__always)
    private static func skipSeparators(_ line: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index < end {
            let byte = line[index]
            if ByteScanning.isSpace(byte) || byte == UInt8(ascii: "|") {
                index += 1
            } else if byte == 0x1B {
                index += 1
                guard index < end, line[index] == UInt8(ascii: "[") else { continue }
                index += 1
                while index < end, line[index] >= 0x20, line[index] <= 0x3F { index += 1 }
                if index < end { index += 1 }  // the final byte
            } else {
                break
            }
        }
        return index
    }

    /// The end of the token at `start`: the next blank, `|`, ANSI escape, or `end`.
    @inline(__always)
    private static func tokenEnd(_ line: UnsafeBufferPointer<UInt8>, from start: Int, to end: Int) -> Int {
        var index = start
        while index < end {
            let byte = line[index]
            if ByteScanning.isSpace(byte) || byte == UInt8(ascii: "|") || byte == 0x1B { break }
            index += 1
        }
        return index
    }

    @inline(__always)
    private static func isLetter(_ byte: UInt8) -> Bool {
        let lower = byte | 0x20
        return lower >= UInt8(ascii: "a") && lower <= UInt8(ascii: "z")
    }

    @inline(__always)
    private static func isUppercase(_ line: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> Bool {
        for index in start..<end where line[index] < UInt8(ascii: "A") || line[index] > UInt8(ascii: "Z") {
            return false
        }
        return true
    }
}
