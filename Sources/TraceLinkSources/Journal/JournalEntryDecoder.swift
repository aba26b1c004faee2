internal import CSystemd
internal import TraceLinkCore

#if canImport(Glibc)
internal import Glibc
#endif

/// Turns the current entry of an sd-journal handle into a `LogEvent`, reading each field once, binary-safe.
struct JournalEntryDecoder {
    /// The fields an event is built from, in the order of `fieldPrefixes`.
    private enum Slot: Int, CaseIterable {
        case message, priority, unit, identifier, pid, hostname, bootID, traceID, spanID
    }

    private let source: String
    private let extractor: TraceContextExtractor
    private let unitServices: [String: String]
    /// `FIELD=` for each slot, packed into one buffer: the field's bytes start at `offsets[slot]`.
    private let prefixBytes: [UInt8]
    private let offsets: [Int]

    init(configuration: JournalSourceConfiguration) {
        source = configuration.name
        extractor = configuration.extractor
        unitServices = configuration.unitServices
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        for slot in Slot.allCases {
            let name: String =
                switch slot {
                case .message: "MESSAGE"
                case .priority: "PRIORITY"
                case .unit: "_SYSTEMD_UNIT"
                case .identifier: "SYSLOG_IDENTIFIER"
                case .pid: "_PID"
                case .hostname: "_HOSTNAME"
                case .bootID: "_BOOT_ID"
                case .traceID: configuration.traceIDField
                case .spanID: configuration.spanIDField
                }
            offsets.append(bytes.count)
            bytes += Array((name + "=").utf8)
        }
        offsets.append(bytes.count)
        prefixBytes = bytes
        self.offsets = offsets
    }

    /// The one place trace context is extracted from a journal `MESSAGE`.
    private func extract(message: UnsafeRawBufferPointer) -> ExtractedRecord {
        extractor.extract(line: message)
    }

    /// Decodes the entry the handle is on. Field pointers are only valid until the next enumeration call,
    /// so each value is turned into its own value right away.
    func decodeCurrentEntry(of journal: OpaquePointer?, realtime: UInt64, cursor: String, observedUnixNano: UInt64)
        -> LogEvent
    {
        var message: String?
        var extracted = ExtractedRecord()
        var priority: Int?
        var unit: String?
        var identifier: String?
        var pid: Int64?
        var hostname: String?
        var bootID: String?
        var fieldTraceID: TraceID?
        var fieldSpanID: SpanID?

        sd_journal_restart_data(journal)
        var data: UnsafeRawPointer?
        var length = 0
        prefixBytes.withUnsafeBytes { prefixes in
            while sd_journal_enumerate_available_data(journal, &data, &length) > 0, let data {
                let field = UnsafeRawBufferPointer(start: data, count: length)
                guard let slot = slot(of: field, prefixes: prefixes) else { continue }
                let valueStart = offsets[slot.rawValue + 1] - offsets[slot.rawValue]
                let value = UnsafeRawBufferPointer(rebasing: field[valueStart...])
                switch slot {
                case .message:
                    message = String(decoding: value, as: UTF8.self)
                    extracted = extract(message: value)
                case .priority:
                    if value.count == 1, (UInt8(ascii: "0")...UInt8(ascii: "7")).contains(value[0]) {
                        priority = Int(value[0] - UInt8(ascii: "0"))
                    }
                case .unit: unit = String(decoding: value, as: UTF8.self)
                case .identifier: identifier = String(decoding: value, as: UTF8.self)
                case .pid: pid = Int64(String(decoding: value, as: UTF8.self))
                case .hostname: hostname = String(decoding: value, as: UTF8.self)
                case .bootID: bootID = String(decoding: value, as: UTF8.self)
                case .traceID: fieldTraceID = TraceID(hexBytes: value)
                case .spanID: fieldSpanID = SpanID(hexBytes: value)
                }
            }
        }

        var attributes: [Attribute] = []
        attributes.reserveCapacity(5)
        if let unit { attributes.append(Attribute(key: "_SYSTEMD_UNIT", value: .string(unit))) }
        if let identifier { attributes.append(Attribute(key: "SYSLOG_IDENTIFIER", value: .string(identifier))) }
        if let pid { attributes.append(Attribute(key: "_PID", value: .int(pid))) }
        if let hostname { attributes.append(Attribute(key: "_HOSTNAME", value: .string(hostname))) }
        if let bootID { attributes.append(Attribute(key: "_BOOT_ID", value: .string(bootID))) }

        let traceID = fieldTraceID ?? extracted.traceID
        return LogEvent(
            timeUnixNano: realtime &* 1000,
            observedUnixNano: observedUnixNano,
            severity: extracted.severity ?? priority.map(Self.severity(priority:)) ?? .unspecified,
            message: extracted.message ?? message ?? "",
            service: extracted.service ?? service(unit: unit, identifier: identifier),
            traceID: traceID,
            spanID: fieldSpanID ?? (fieldTraceID == nil ? extracted.spanID : nil),
            traceFlags: fieldTraceID == nil ? extracted.traceFlags : nil,
            source: source,
            location: .journal(cursor: cursor),
            attributes: attributes
        )
    }

    private func slot(of field: UnsafeRawBufferPointer, prefixes: UnsafeRawBufferPointer) -> Slot? {
        guard let first = field.first else { return nil }
        for slot in Slot.allCases {
            let start = offsets[slot.rawValue]
            let count = offsets[slot.rawValue + 1] - start
            if field.count >= count, prefixes[start] == first,
                memcmp(field.baseAddress!, prefixes.baseAddress! + start, count) == 0
            {
                return slot
            }
        }
        return nil
    }

    /// The mapped service of a unit, else a `.service` unit's name, else the syslog identifier.
    func service(unit: String?, identifier: String?) -> String? {
        if let unit {
            if let mapped = unitServices[unit] { return mapped }
            if unit.hasSuffix(".service") { return String(unit.dropLast(".service".count)) }
        }
        return identifier ?? unit
    }

    /// Syslog priority to OpenTelemetry severity: emerg FATAL, alert ERROR3, crit ERROR2, err ERROR,
    /// warning WARN, notice INFO2, info INFO, debug DEBUG.
    static func severity(priority: Int) -> Severity {
        switch priority {
        case 0: .fatal
        case 1: Severity(number: 19)
        case 2: Severity(number: 18)
        case 3: .error
        case 4: .warn
        case 5: Severity(number: 10)
        case 6: .info
        default: .debug
        }
    }
}
