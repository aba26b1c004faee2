internal import CSystemd
internal import TraceLinkCore

#if canImport(Glibc)
    internal import Glibc
#endif

/// Appends the current entry of an sd-journal handle to a `JournalBatch`: its cursor and the fields it keeps, each
/// read once and copied as it stands (binary-safe), then what extraction finds in them.
struct JournalEntryDecoder {
    private let extractor: TraceContextExtractor
    private let unitServices: [String: String]

    init(configuration: JournalSourceConfiguration) {
        extractor = configuration.extractor
        unitServices = configuration.unitServices
    }

    /// Appends the entry the handle is on at `cursor`. Field pointers are only valid until the next enumeration
    /// call, so each field is copied right away.
    func appendCurrentEntry(
        of journal: OpaquePointer?, cursor: UnsafePointer<CChar>, realtime: UInt64, observedUnixNano: UInt64,
        to batch: inout JournalBatch
    ) {
        batch.beginEntry(cursor: UnsafeRawBufferPointer(start: cursor, count: strlen(cursor)))
        sd_journal_restart_data(journal)
        var data: UnsafeRawPointer?
        var length = 0
        while sd_journal_enumerate_available_data(journal, &data, &length) > 0, let data {
            batch.appendField(UnsafeRawBufferPointer(start: data, count: length))
        }
        batch.endEntry(
            realtime: realtime, observed: observedUnixNano, extractor: extractor, unitServices: unitServices)
    }
}
