import Foundation
import Testing
import TraceLinkAgent
import TraceLinkCore
import TraceLinkServer
import TraceLinkSources

@Suite struct AgentConfigurationTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    @Test func embeddedDefaultIsTheShippedFile() throws {
        let shipped = try String(contentsOf: Self.repositoryRoot.appending(path: "config/tracelink.yaml"), encoding: .utf8)
        #expect(DefaultConfig.text + "\n" == shipped)
        let config = try AgentConfiguration.embeddedDefault()
        #expect(config.receivers.otlpHTTP.endpoint == Endpoint(host: "127.0.0.1", port: 4318))
        #expect(config.receivers.otlpGRPC.endpoint == Endpoint(host: "127.0.0.1", port: 4317))
        #expect(config.metrics.endpoint == Endpoint(host: "0.0.0.0", port: 9464))
        #expect(config.receivers.limits.maxRequestBytes == 16 << 20)
        #expect(config.spanMetrics == .default)
        // Zero config on a systemd machine: the local journal, from now on.
        guard case .journald(let journal)? = config.sources.first, config.sources.count == 1 else {
            Issue.record("the embedded config should read the local journal, has \(config.sources.map(\.name))")
            return
        }
        #expect(journal.name == "journal" && journal.start == .tail && journal.directory == nil)
    }

    @Test func readsSizesDurationsAndLists() throws {
        let config = try AgentConfiguration.parse(
            yaml: """
                receivers:
                  limits:
                    max_request_bytes: 512KiB
                span_metrics:
                  buckets_ms: [1, 5.5, 10]
                  dimensions: [http.route]
                """,
            file: "t.yaml"
        )
        #expect(config.receivers.limits.maxRequestBytes == 512 * 1024)
        #expect(config.spanMetrics.bucketsMilliseconds == [1, 5.5, 10])
        #expect(config.spanMetrics.dimensions == ["http.route"])
    }

    @Test(arguments: [
        ("metrics:\n  endpoint: 1.2.3.4:1\n  extra: 1\n", 3, "metrics.extra", "unknown key"),
        ("span_metrics:\n  buckets_ms: [5, 2]\n", 2, "span_metrics.buckets_ms", "strictly increasing"),
        ("span_metrics:\n  exemplars: maybe\n", 2, "span_metrics.exemplars", "expected true or false"),
        ("log_level: loud\n", 1, "log_level", "expected one of"),
        ("receivers: 5\n", 1, "receivers", "expected a mapping"),
        ("receivers:\n  limits:\n    max_request_bytes: -3\n", 3, "receivers.limits.max_request_bytes", "expected a size"),
    ])
    func errorsNameLineAndKey(yaml: String, line: Int, key: String, message: String) {
        do {
            _ = try AgentConfiguration.parse(yaml: yaml, file: "bad.yaml")
            Issue.record("accepted an invalid config")
        } catch {
            #expect(error.file == "bad.yaml")
            #expect(error.line == line)
            #expect(error.key == key)
            #expect(error.message.contains(message))
            #expect(error.description.hasPrefix("bad.yaml:\(line):"))
        }
    }

    @Test func endpointsParseIPv6AndRefuseJunk() {
        #expect(Endpoint(parsing: "[::1]:4317") == Endpoint(host: "::1", port: 4317))
        #expect(Endpoint(parsing: "[::1]:4317")?.isLoopback == true)
        #expect(Endpoint(parsing: "localhost") == nil)
        #expect(Endpoint(parsing: "host:70000") == nil)
    }
}
