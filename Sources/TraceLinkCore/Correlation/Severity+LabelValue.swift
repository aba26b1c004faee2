extension Severity {
    /// The `severity` label value: the short name, or `UNSPECIFIED`.
    var labelValue: String { number == 0 ? "UNSPECIFIED" : text }
}
