public import TraceLinkCore

/// How one `journald` source reads the journal: where, which entries, from where, and how it maps them.
public struct JournalSourceConfiguration: Sendable {
    /// Where to start when there is no checkpoint.
    public enum StartPosition: String, Sendable, CaseIterable {
        /// Only entries written after the source starts.
        case tail
        /// Every entry the journal still holds.
        case head
    }

    /// The source's name: the `source` of its events, the `source` label of its metrics, its checkpoint's file name.
    public var name: String = "journal"
    /// A journal directory (e.g. a host's `/var/log/journal` mounted into a container); nil reads the local system journal.
    public var directory: String? = nil
    /// Units to read (`_SYSTEMD_UNIT`); a name without a dot gets `.service`; empty reads every unit.
    public var units: [String] = []
    /// Syslog identifiers to read (`SYSLOG_IDENTIFIER`); empty reads every identifier.
    public var identifiers: [String] = []
    /// The least urgent syslog priority read, 0 (emerg) to 7 (debug); 7 reads every entry.
    public var maxPriority: Int = 7
    /// Extra `FIELD=value` matches: AND within a group, OR between groups (two values of one field in a group are ORed, as in sd-journal).
    public var matchGroups: [[String]] = []
    /// Where the first run starts (no checkpoint yet): `tail` or `head`.
    public var start: StartPosition = .tail
    /// When set, entries older than this are skipped: on the first run and when resuming from an older checkpoint.
    public var maxAge: Duration? = nil
    /// Service names by unit (`nginx.service: web`); an unmapped `.service` unit maps to its name without `.service`.
    public var unitServices: [String: String] = [:]
    /// The folder holding the cursor checkpoint, `journal-<name>.cursor`.
    public var stateDirectory: String = "/var/lib/tracelink"
    /// Entries read, handed to the sink and checkpointed together.
    public var batchSize: Int = 1000
    /// How trace context, severity, time, service and message are found: its `journald` rule reads the entry's
    /// fields (`TRACE_ID`, `SPAN_ID`, `PRIORITY`, … by default), its line rules read `MESSAGE`.
    public var extractor: TraceContextExtractor = .default
    /// The least time between two checkpoint writes; the last accepted cursor is always written on shutdown.
    public var checkpointInterval: Duration = .seconds(1)
    /// How often a journal that cannot be opened is tried again.
    public var retryInterval: Duration = .seconds(5)
    /// The longest one wait for new entries blocks; bounds how long shutdown takes.
    public var pollInterval: Duration = .milliseconds(250)

    public init() {}

    /// The defaults: the local system journal from its tail, every unit and priority.
    public static let `default` = JournalSourceConfiguration()

    /// Parses a syslog priority given as a number (`0`–`7`) or a name (`emerg` … `debug`, also `err`/`error`, `warning`/`warn`).
    public static func priority(named text: String) -> Int? {
        if let number = Int(text), (0...7).contains(number) { return number }
        switch text.lowercased() {
        case "emerg", "emergency": return 0
        case "alert": return 1
        case "crit", "critical": return 2
        case "err", "error": return 3
        case "warning", "warn": return 4
        case "notice": return 5
        case "info": return 6
        case "debug": return 7
        default: return nil
        }
    }

    /// Checks what the types cannot: names, ranges and the shape of each match.
    public func validate() throws(JournalSourceError) {
        func invalid(_ message: String) -> JournalSourceError {
            JournalSourceError(code: .invalidConfiguration, message: message)
        }
        if name.isEmpty { throw invalid("name must not be empty") }
        if !(0...7).contains(maxPriority) {
            throw invalid("max priority must be 0 (emerg) to 7 (debug), got \(maxPriority)")
        }
        if batchSize < 1 { throw invalid("batch size must be at least 1, got \(batchSize)") }
        if let maxAge, maxAge <= .zero { throw invalid("max age must be positive") }
        for (index, group) in matchGroups.enumerated() {
            if group.isEmpty { throw invalid("match group \(index + 1) is empty") }
            for match in group {
                guard let equals = match.firstIndex(of: "="), Self.isValidFieldName(match[..<equals]) else {
                    throw invalid(
                        "match '\(match)' in group \(index + 1) must be FIELD=value with FIELD in A-Z, 0-9, _")
                }
            }
        }
    }

    /// The unit name as it is matched: a name without a dot gets `.service`.
    static func normalizedUnit(_ unit: String) -> String {
        unit.contains(".") ? unit : unit + ".service"
    }

    static func isValidFieldName(_ name: some StringProtocol) -> Bool {
        guard let first = name.utf8.first, !(UInt8(ascii: "0")...UInt8(ascii: "9")).contains(first) else {
            return false
        }
        return name.utf8.count <= 64
            && name.utf8.allSatisfy {
                (UInt8(ascii: "A")...UInt8(ascii: "Z")).contains($0)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains($0)
                    || $0 == UInt8(ascii: "_")
            }
    }
}
