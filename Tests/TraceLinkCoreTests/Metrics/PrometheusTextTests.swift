import Testing
import TraceLinkCore

/// Escaping as the text exposition format 0.0.4 asks: HELP escapes backslash and newline, label values also the
/// double quote; text with none of them comes back as it is.
@Suite struct PrometheusTextTests {
    @Test(arguments: [
        ("plain help text", "plain help text"),
        ("a \\ b", "a \\\\ b"),
        ("two\nlines", "two\\nlines"),
        ("quotes \"stay\" in help", "quotes \"stay\" in help"),
        ("ünïcode \\ and\n", "ünïcode \\\\ and\\n"),
    ])
    func help(_ text: String, _ escaped: String) {
        #expect(PrometheusText.escapeHelp(text) == escaped)
    }

    @Test(arguments: [
        ("checkout", "checkout"),
        ("say \"hi\"", "say \\\"hi\\\""),
        ("a\\b\nc", "a\\\\b\\nc"),
    ])
    func labelValue(_ value: String, _ escaped: String) {
        #expect(PrometheusText.escapeLabelValue(value) == escaped)
    }
}
