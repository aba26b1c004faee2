import Foundation
import Testing
import TraceLinkAgent

/// The config the fuzzer (Fuzz/, FuzzConfig) found to trap `tracelink check-config`, and a SIGHUP reload of the
/// running agent: an extraction key with an empty dotted component (see `KeyTableRegressionTests`). Either a
/// `ConfigError` naming the key or an accepted config is fine; a trap is not. Run in a child process (an exit
/// test) so that a regression fails this test instead of ending the whole test run.
@Suite struct ExtractKeysRegressionTests {
    @Test(
        "an extraction key with an empty dotted component is not a crash",
        arguments: [
            "sources:\n  - type: file\n    extract:\n      - type: json\n        trace_flags_keys: [.]\n",
            "sources:\n  - type: file\n    name: a\n    include: [/x]\n    extract:\n      - type: logfmt\n"
                + "        trace_id_keys: [\"trace.\"]\n",
        ])
    func emptyComponentKeyIsNotACrash(yaml: String) async {
        await #expect(processExitsWith: .success) { [yaml] in
            _ = try? AgentConfiguration.parse(yaml: yaml, file: "t.yaml")  // a ConfigError is fine
            exit(EXIT_SUCCESS)
        }
    }
}

@Suite struct ExtractKeysConfigErrorTests {
    @Test("a key with an empty dotted component is refused with file, line and key")
    func emptyComponentKeyIsRefused() throws {
        let yaml = "sources:\n  - type: file\n    name: a\n    include: [/x]\n    extract:\n      - type: json\n"
            + "        trace_id_keys: [trace_id, \"a..b\"]\n"
        let error = #expect(throws: ConfigError.self) { try AgentConfiguration.parse(yaml: yaml, file: "t.yaml") }
        #expect(error?.file == "t.yaml")
        #expect(error?.line == 7)
        #expect(error?.key.hasSuffix("trace_id_keys[1]") == true)
        #expect(error?.message.contains("a..b") == true)
    }
}
