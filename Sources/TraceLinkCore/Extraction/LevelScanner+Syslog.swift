/// Syslog lines: the `<PRI>` that opens them, and where their message starts.
extension LevelScanner {
    /// The severity of a leading `<PRI>` (PRI % 8, RFC 3164 and 5424; also the kernel's and
    /// sd-daemon's `<3>` prefixes) and the index after `>`; nil unless the line starts with one.
    static func syslogPriority(_ line: UnsafeBufferPointer<UInt8>) -> (Severity, Int)? {
        var index = 1
        var value = 0
        while index < line.count, index <= 3, ByteScanning.isDigit(line[index]) {
            value = value * 10 + Int(line[index] &- 0x30)
            index += 1
        }
        guard index > 1, index < line.count, line[index] == UInt8(ascii: ">"), value <= 191,
            let severity = Severity(syslogPriority: value % 8)
        else { return nil }
        return (severity, index + 1)
    }

    /// Where the message starts after the `<PRI>` ending at `start`.
    ///
    /// RFC 5424 (`1 TIMESTAMP HOST APP PROCID MSGID SD MSG`): after the structured data, whose quoted
    /// values may hold `]`; nil when the header is malformed or there is no message. RFC 3164
    /// (`Jan 15 10:23:45 host tag[pid]: MSG`): `start`, the header read as any text header is.
    static func syslogMessageStart(_ line: UnsafeBufferPointer<UInt8>, from start: Int) -> Int? {
        let end = line.count
        var index = start
        while index < end, index - start < 3, ByteScanning.isDigit(line[index]) { index += 1 }
        guard index > start, index < end, line[index] == 0x20 else { return start }
        index += 1
        for _ in 0..<5 {  // TIMESTAMP HOSTNAME APP-NAME PROCID MSGID
            let fieldStart = index
            while index < end, line[index] > 0x20 { index += 1 }
            guard index > fieldStart, index < end, line[index] == 0x20 else { return nil }
            index += 1
        }
        guard index < end else { return nil }
        if line[index] == UInt8(ascii: "-") {
            index += 1
        } else {
            guard line[index] == UInt8(ascii: "[") else { return nil }
            while index < end, line[index] == UInt8(ascii: "[") {
                index += 1
                var quoted = false
                while index < end {
                    let byte = line[index]
                    if quoted {
                        if byte == UInt8(ascii: "\\") {
                            index += 1
                        } else if byte == UInt8(ascii: "\"") {
                            quoted = false
                        }
                    } else if byte == UInt8(ascii: "\"") {
                        quoted = true
                    } else if byte == UInt8(ascii: "]") {
                        break
                    }
                    index += 1
                }
                guard index < end else { return nil }
                index += 1
            }
        }
        guard index < end, line[index] == 0x20 else { return nil }
        index += 1
        // A UTF-8 byte order mark may open the message.
        if index + 3 <= end, line[index] == 0xEF, line[index + 1] == 0xBB, line[index + 2] == 0xBF { index += 3 }
        return index
    }
}
