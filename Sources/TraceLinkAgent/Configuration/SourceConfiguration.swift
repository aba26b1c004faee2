public import TraceLinkSources

/// One entry of `sources:`: a tailed file set or a journal.
public enum SourceConfiguration: Sendable {
    case file(FileSourceConfiguration)
    case journald(JournalSourceConfiguration)

    public var name: String {
        switch self {
        case .file(let file): file.name
        case .journald(let journal): journal.name
        }
    }
}
