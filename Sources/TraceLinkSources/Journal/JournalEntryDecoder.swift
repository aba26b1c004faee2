internal import CSystemd
internal import TraceLinkCore

#if canImport(Glibc)
    internal import Glibc
#endif

/// Turns the current entry of an sd-journal handle into a `LogEvent`, reading each field once, binary-safe.
///
/// The extractor gets the fields an application can set (names not starting with `_`, which journald
/// refuses from clients: `MESSAGE`, `PRIORITY`, `SYSLOG_IDENTIFIER`, `TRACE_ID`, …) plus
/// `_SOURCE_REALTIME_TIMESTAMP`; journald's trusted fields the event keeps are read here directly.
struct JournalEntryDecoder {
    /// Trusted fields kept as attributes, in the order of `fieldPrefixes`.
    private enum Slot: Int, CaseIterable {
        case unit, identifier, pid, hostname, bootID

        var name: String {
            switch self {
            case .unit: "_SYSTEMD_UNIT"
            case .identifier: "SYSLOG_IDENTIFIER"
            case .pid: "_PID"
            case .hostname: "_HOSTNAME"
            case .bootID: "_BOOT_ID"
            }
        }
    }

    private let source: String
    private let extractor: TraceContextExtractor
    private let unitServices: [String: String]
    /// `FIELD=` for each slot, packed into one buffer: slot `s` spans `offsets[s]..<offsets[s + 1]`.
    private let prefixBytes: [UInt8]
    private let offsets: [Int]
    private static let sourceRealtime = Array("_SOURCE_REALTIME_TIMESTAMP=".utf8)
    /// Fields the event already carries elsewhere (its message, time, identifier).
    private static let restated: Set<String> = ["MESSAGE", "_SOURCE_REALTIME_TIMESTAMP", "SYSLOG_IDENTIFIER"]
    /// The fields handed to the extractor, reused from entry to entry.
    private var passed: [(key: String, value: [UInt8])] = []

    init(configuration: JournalSourceConfiguration) {
        source = configuration.name
        extractor = configuration.extractor
        unitServices = configuration.unitServices
        var bytes: [UInt8] = []
        var offsets: [Int] = []
        for slot in Slot.allCases {
            offsets.append(bytes.count)
            bytes += Array((slot.name + "=").utf8)
        }
        offsets.append(bytes.count)
        prefixBytes = bytes
        self.offsets = offsets
        passed.reserveCapacity(16)
    }

    /// The one place trace context, severity, time, service and message are extracted from an entry.
    private func extract() -> ExtractedRecord {
        extractor.extract(fields: passed)
    }

    /// Decodes the entry the handle is on. Field pointers are only valid until the next enumeration call,
    /// so each value is copied or parsed right away.
    mutating func decodeCurrentEntry(
        of journal: OpaquePointer?, realtime: UInt64, cursor: String, observedUnixNano: UInt64
    )
        -> LogEvent
    {
        var unit: String?
        var identifier: String?
        var pid: Int64?
        var hostname: String?
        var bootID: String?
        passed.removeAll(keepingCapacity: true)

        sd_journal_restart_data(journal)
        var data: UnsafeRawPointer?
        var length = 0
        prefixBytes.withUnsafeBytes { prefixes in
            while sd_journal_enumerate_available_data(journal, &data, &length) > 0, let data {
                let field = UnsafeRawBufferPointer(start: data, count: length)
                if let slot = slot(of: field, prefixes: prefixes) {
                    let value = UnsafeRawBufferPointer(
                        rebasing: field[(offsets[slot.rawValue + 1] - offsets[slot.rawValue])...])
                    switch slot {
                    case .unit: unit = String(decoding: value, as: UTF8.self)
                    case .identifier: identifier = String(decoding: value, as: UTF8.self)
                    case .pid: pid = Int64(String(decoding: value, as: UTF8.self))
                    case .hostname: hostname = String(decoding: value, as: UTF8.self)
                    case .bootID: bootID = String(decoding: value, as: UTF8.self)
                    }
                    if slot != .identifier { continue }
                }
                if field.first != UInt8(ascii: "_") || Self.hasPrefix(field, Self.sourceRealtime),
                    let equals = field.firstIndex(of: UInt8(ascii: "="))
                {
                    passed.append(
                        (
                            key: String(decoding: field[..<equals], as: UTF8.self),
                            value: Array(field[(equals + 1)...])
                        ))
                }
            }
        }

        let record = extract()
        var attributes: [Attribute] = []
        attributes.reserveCapacity(5 + passed.count)
        if let unit { attributes.append(Attribute(key: "_SYSTEMD_UNIT", value: .string(unit))) }
        if let identifier { attributes.append(Attribute(key: "SYSLOG_IDENTIFIER", value: .string(identifier))) }
        if let pid { attributes.append(Attribute(key: "_PID", value: .int(pid))) }
        if let hostname { attributes.append(Attribute(key: "_HOSTNAME", value: .string(hostname))) }
        if let bootID { attributes.append(Attribute(key: "_BOOT_ID", value: .string(bootID))) }
        // Every field the application set (`ORDER_ID=…`, `CODE_FILE=…`), as text: the journal has no types.
        for (key, value) in passed where !Self.restated.contains(key) {
            attributes.append(Attribute(key: key, value: .string(String(decoding: value, as: UTF8.self))))
        }

        return LogEvent(
            timeUnixNano: record.timeUnixNano ?? realtime &* 1000,
            observedUnixNano: observedUnixNano,
            severity: record.severity ?? .unspecified,
            message: record.message ?? "",
            service: service(unit: unit, identifier: identifier, extracted: record.service),
            traceID: record.traceID,
            spanID: record.spanID,
            traceFlags: record.traceFlags,
            source: source,
            location: .journal(cursor: cursor),
            attributes: attributes
        )
    }

    private func slot(of field: UnsafeRawBufferPointer, prefixes: UnsafeRawBufferPointer) -> Slot? {
        guard let first = field.first, first == UInt8(ascii: "_") || first == UInt8(ascii: "S") else { return nil }
        for slot in Slot.allCases {
            let start = offsets[slot.rawValue]
            let count = offsets[slot.rawValue + 1] - start
            if field.count >= count, prefixes[start + 1] == field[1],
                memcmp(field.baseAddress!, prefixes.baseAddress! + start, count) == 0
            {
                return slot
            }
        }
        return nil
    }

    private static func hasPrefix(_ field: UnsafeRawBufferPointer, _ prefix: [UInt8]) -> Bool {
        field.count >= prefix.count
            && prefix.withUnsafeBytes { memcmp(field.baseAddress!, $0.baseAddress!, prefix.count) == 0 }
    }

    /// The service of an entry: the unit's configured service, else the one the entry names itself
    /// (a message field; the extractor's `SYSLOG_IDENTIFIER` fallback does not count), else a `.service`
    /// unit's name, else the syslog identifier, else the unit.
    func service(unit: String?, identifier: String?, extracted: String? = nil) -> String? {
        if let unit, let mapped = unitServices[unit] { return mapped }
        if let extracted, extracted != identifier { return extracted }
        if let unit, unit.hasSuffix(".service") { return String(unit.dropLast(".service".count)) }
        return identifier ?? unit
    }
}
