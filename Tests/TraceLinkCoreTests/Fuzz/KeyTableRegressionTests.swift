import Foundation
import Testing
import TraceLinkCore

/// Keys that crashed building a JSON or logfmt rule (Fuzz/, FuzzConfig: `regression-json-key-empty-component.yaml`,
/// `extract: [{type: json, trace_flags_keys: [.]}]`).
///
/// `KeyTable.init` splits each key at its dots keeping empty components, so `.`, `trace.`, `.id` and `a..b` give an
/// edge with an empty label, and `KeyTable.hash` reads `bytes[end - 1]` at index -1: a trap in a debug build, an
/// out-of-bounds read in release. The crashing cases run in a child process (an exit test) so that a regression
/// fails this test instead of ending the whole test run.
@Suite struct KeyTableRegressionTests {
    @Test("a key with an empty dotted component builds a rule instead of trapping", arguments: [".", "trace.", ".id", "a..b"])
    func emptyComponentKeyBuildsARule(key: String) async {
        await #expect(processExitsWith: .success) { [key] in
            let keys = FieldKeys(traceID: ["trace_id", key], traceFlags: [key])
            let json = TraceContextExtractor(rules: [.json(keys)])
                .extract(line: #"{"trace_id":"0af7651916cd43dd8448eb211c80319c","a":{"":{"b":1}},"":2}"#)
            _ = TraceContextExtractor(rules: [.logfmt(keys)]).extract(line: "a..b=1 .=2 trace.=3")
            // The well-formed key beside it still works.
            exit(json.traceID?.hexString == "0af7651916cd43dd8448eb211c80319c" ? EXIT_SUCCESS : EXIT_FAILURE)
        }
    }
}
