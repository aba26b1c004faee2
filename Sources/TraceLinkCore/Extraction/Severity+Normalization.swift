/// Severity from the words and numbers log libraries write, normalised to OpenTelemetry severity numbers.
extension Severity {
    /// From a level word in any case, e.g. `INFO`, `Warning`, `err`, `CRITICAL`, `Information`, `INFO2`,
    /// or a number written as text (see `init?(levelNumber:)`); nil when the text is not a known level.
    ///
    /// Syslog names follow the OpenTelemetry mapping (`notice` INFO2, `crit` ERROR2, `alert` ERROR3,
    /// `emerg` FATAL); `critical` is FATAL as Python and .NET map it; java.util.logging `severe`,
    /// `config`, `fine`, `finer`, `finest` are ERROR, DEBUG3, DEBUG2, DEBUG, TRACE.
    public init?(text: some StringProtocol) {
        var copy = String(text)
        let parsed: Severity? = copy.withUTF8 { Severity(textBytes: $0, 0, $0.count) }
        guard let parsed else { return nil }
        self = parsed
    }

    /// From journald's `PRIORITY` / syslog severity 0 (emerg) to 7 (debug).
    public init?(syslogPriority: Int) {
        switch syslogPriority {
        case 0: self = .fatal
        case 1: self.init(number: 19)
        case 2: self.init(number: 18)
        case 3: self = .error
        case 4: self = .warn
        case 5: self.init(number: 10)
        case 6: self = .info
        case 7: self = .debug
        default: return nil
        }
    }

    /// From a numeric level field: 0–7 read as syslog severities, 10–60 in steps of ten as pino and
    /// bunyan levels (trace 10 … fatal 60); nil for other numbers.
    public init?(levelNumber: Int) {
        switch levelNumber {
        case 0...7: self.init(syslogPriority: levelNumber)
        case 10: self = .trace
        case 20: self = .debug
        case 30: self = .info
        case 40: self = .warn
        case 50: self = .error
        case 60: self = .fatal
        default: return nil
        }
    }

    /// From a level word alone in `bytes[start..<end]`: 3 to 13 letters (`error`, `WARN`, `crit`), none of
    /// the numbers and one-letter forms `init?(text:)` takes, which are too ambiguous in free text and in
    /// keys shared with other meanings.
    init?(levelWordBytes bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        guard end - start >= 3, end - start <= 13 else { return nil }
        for index in start..<end {
            let lower = bytes[index] | 0x20
            guard lower >= UInt8(ascii: "a"), lower <= UInt8(ascii: "z") else { return nil }
        }
        self.init(textBytes: bytes, start, end)
    }

    /// The allocation-free core of `init?(text:)` over `bytes[start..<end]`.
    init?(textBytes bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) {
        var start = start
        var end = end
        while start < end, ByteScanning.isSpace(bytes[start]) { start += 1 }
        while end > start, ByteScanning.isSpace(bytes[end - 1]) { end -= 1 }
        guard end > start, end - start <= 13 else { return nil }
        if ByteScanning.isDigit(bytes[start]) {
            guard let value = IDParsing.decimalUInt64(bytes, start, end), value <= 1000 else { return nil }
            self.init(levelNumber: Int(value))
            return
        }
        // OpenTelemetry's own names carry a 2–4 suffix within the range: `INFO2`, `ERROR3`.
        var step: UInt8 = 0
        let last = bytes[end - 1]
        if last >= UInt8(ascii: "2"), last <= UInt8(ascii: "4"), end - start >= 5 {
            step = last &- UInt8(ascii: "1")
            end -= 1
        }
        // Constants for the comparisons below: a captured `var` would be boxed and checked for exclusive access
        // on every read.
        let (wordStart, wordEnd) = (start, end)
        func word(_ literal: StaticString) -> Bool {
            wordEnd - wordStart == literal.utf8CodeUnitCount
                && ByteScanning.hasPrefixIgnoringCase(bytes, at: wordStart, end: wordEnd, literal)
        }
        let base: UInt8
        if word("info") || word("inf") || word("i") || word("information") || word("informational") {
            base = 9
        } else if word("error") || word("err") || word("e") || word("eror") || word("severe") {
            base = 17
        } else if word("warn") || word("warning") || word("wrn") || word("w") {
            base = 13
        } else if word("debug") || word("dbg") || word("d") || word("finer") {
            base = 5
        } else if word("trace") || word("trc") || word("t") || word("verbose") || word("vrb") || word("v")
            || word("finest")
        {
            base = 1
        } else if word("fatal") || word("ftl") || word("f") || word("critical") || word("panic")
            || word("dpanic") || word("emerg") || word("emergency")
        {
            base = 21
        } else if word("notice") {
            base = 10
        } else if word("crit") {
            base = 18
        } else if word("alert") {
            base = 19
        } else if word("fine") {
            base = 6
        } else if word("config") {
            base = 7
        } else {
            return nil
        }
        guard step == 0 || (base &- 1) % 4 == 0 else { return nil }
        self.init(number: base + step)
    }
}
