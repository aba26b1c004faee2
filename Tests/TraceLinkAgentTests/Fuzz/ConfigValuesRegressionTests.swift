import Testing
import TraceLinkAgent

/// Config values the fuzzer (Fuzz/, FuzzConfig) led to: sizes and durations past Int are refused with the key.
@Suite struct ConfigValuesRegressionTests {
    @Test(arguments: [
        "receivers:\n  limits:\n    max_request_bytes: infMiB\n",
        "receivers:\n  limits:\n    max_request_bytes: 99999999999999999999GiB\n",
        "store:\n  max_age: 1e300h\n",
        "store:\n  max_age: infs\n",
    ])
    func hugeValuesAreConfigErrors(yaml: String) {
        #expect(throws: ConfigError.self) { try AgentConfiguration.parse(yaml: yaml, file: "t.yaml") }
    }
}
