/// Parses the timestamps log libraries write into Unix nanoseconds, without Foundation.
///
/// Accepted: RFC 3339 / ISO 8601 (`2024-01-15T10:23:45.123456789Z`, `+01:00`, `+0100`; a space for the
/// `T` and a comma for the fraction as Python's `asctime` writes; no zone means UTC), and epoch numbers
/// whose unit follows from their size: seconds (optionally with a fraction), millis, micros or nanos.
enum TimestampParsing {
    /// Either form, chosen by the shape of the text; nil when neither fits or the time is before 1970.
    static func parse(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64? {
        guard end - start >= 1 else { return nil }
        if end - start >= 19, start + 4 < end, bytes[start + 4] == UInt8(ascii: "-") || bytes[start + 4] == UInt8(ascii: "/") {
            return rfc3339(bytes, start, end)
        }
        return epoch(bytes, start, end)
    }

    /// `YYYY-MM-DD[T ]hh:mm:ss[.fraction][Z|±hh:mm|±hhmm]`; trailing text after the time is ignored.
    static func rfc3339(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64? {
        var index = start
        func number(_ digits: Int) -> Int? {
            guard index + digits <= end else { return nil }
            var value = 0
            for _ in 0..<digits {
                let byte = bytes[index]
                guard ByteScanning.isDigit(byte) else { return nil }
                value = value * 10 + Int(byte &- 0x30)
                index += 1
            }
            return value
        }
        func expect(_ accepted: (UInt8) -> Bool) -> Bool {
            guard index < end, accepted(bytes[index]) else { return false }
            index += 1
            return true
        }
        let dateSeparator: (UInt8) -> Bool = { $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: "/") }
        let colon: (UInt8) -> Bool = { $0 == UInt8(ascii: ":") }
        guard let year = number(4), expect(dateSeparator), let month = number(2), expect(dateSeparator),
            let day = number(2),
            expect({ $0 == UInt8(ascii: "T") || $0 == UInt8(ascii: "t") || $0 == UInt8(ascii: " ") }),
            let hour = number(2), expect(colon), let minute = number(2), expect(colon), let second = number(2)
        else { return nil }
        guard year >= 1970, (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year),
            hour <= 23, minute <= 59, second <= 60
        else { return nil }

        var nanos: UInt64 = 0
        if index < end, bytes[index] == UInt8(ascii: ".") || bytes[index] == UInt8(ascii: ",") {
            index += 1
            var scale: UInt64 = 100_000_000
            let fractionStart = index
            while index < end, ByteScanning.isDigit(bytes[index]) {
                nanos += UInt64(bytes[index] &- 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > fractionStart else { return nil }
        }

        var offsetSeconds = 0
        if index < end {
            switch bytes[index] {
            case UInt8(ascii: "Z"), UInt8(ascii: "z"):
                index += 1
            case UInt8(ascii: "+"), UInt8(ascii: "-"):
                let sign = bytes[index] == UInt8(ascii: "-") ? -1 : 1
                index += 1
                guard let offsetHours = number(2) else { return nil }
                if index < end, bytes[index] == UInt8(ascii: ":") { index += 1 }
                guard let offsetMinutes = number(2), offsetHours <= 23, offsetMinutes <= 59 else { return nil }
                offsetSeconds = sign * (offsetHours * 3600 + offsetMinutes * 60)
            default:
                break
            }
        }

        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds = days * 86_400 + hour * 3600 + minute * 60 + min(second, 59) - offsetSeconds
        guard seconds >= 0 else { return nil }
        let (scaled, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow else { return nil }
        let (total, overflow2) = scaled.addingReportingOverflow(nanos)
        return overflow2 ? nil : total
    }

    /// An epoch number: `1705314225`, `1705314225.123`, `1705314225123` (ms), …µs, …ns.
    static func epoch(_ bytes: UnsafeBufferPointer<UInt8>, _ start: Int, _ end: Int) -> UInt64? {
        var index = start
        var integer: UInt64 = 0
        var digits = 0
        while index < end, ByteScanning.isDigit(bytes[index]) {
            guard digits < 19 else { return nil }
            integer = integer * 10 + UInt64(bytes[index] &- 0x30)
            digits += 1
            index += 1
        }
        guard digits > 0 else { return nil }
        let unit: UInt64
        switch integer {
        case ..<100_000_000_000: unit = 1_000_000_000
        case ..<100_000_000_000_000: unit = 1_000_000
        case ..<100_000_000_000_000_000: unit = 1_000
        default: unit = 1
        }
        var fraction: UInt64 = 0
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var scale = unit / 10
            while index < end, ByteScanning.isDigit(bytes[index]) {
                fraction += UInt64(bytes[index] &- 0x30) * scale
                scale /= 10
                index += 1
            }
        }
        guard index == end else { return nil }
        let (scaled, overflow) = integer.multipliedReportingOverflow(by: unit)
        guard !overflow, integer > 0 else { return nil }
        let (total, overflow2) = scaled.addingReportingOverflow(fraction)
        return overflow2 ? nil : total
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let shiftedYear = month <= 2 ? year - 1 : year
        let era = (shiftedYear >= 0 ? shiftedYear : shiftedYear - 399) / 400
        let yearOfEra = shiftedYear - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }
}
