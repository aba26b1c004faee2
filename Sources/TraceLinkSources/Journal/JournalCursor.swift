/// The parts of an sd-journal cursor string (`s=…;i=…;b=…;m=…;t=…;x=…`) that resuming needs.
///
/// The string stays opaque to sd-journal; tracelink only reads the realtime (`t=`, hex microseconds)
/// to resume after a vacuumed entry, and the sequence number (`i=`, hex) within its sequence (`s=`)
/// to estimate how far behind the reader is.
struct JournalCursor: Sendable, Hashable {
    var text: String
    var sequenceID: Substring?
    var sequenceNumber: UInt64?
    var realtimeMicroseconds: UInt64?

    init(_ text: String) {
        self.text = text
        for part in text.split(separator: ";") {
            guard let equals = part.firstIndex(of: "=") else { continue }
            let value = part[part.index(after: equals)...]
            switch part[..<equals] {
            case "s": sequenceID = value
            case "i": sequenceNumber = UInt64(value, radix: 16)
            case "t": realtimeMicroseconds = UInt64(value, radix: 16)
            default: break
            }
        }
    }

    /// How many entries `newer` is ahead of `self`, when both come from one sequence.
    func entries(until newer: JournalCursor) -> UInt64? {
        guard let sequenceID, sequenceID == newer.sequenceID, let from = sequenceNumber, let to = newer.sequenceNumber
        else { return nil }
        return to >= from ? to - from : 0
    }
}
