import Foundation
import TraceLinkCore
import TraceLinkServer
import Yams

extension AgentConfiguration {
    /// Reads and validates a config file; every problem is a `ConfigError` naming file, line and key.
    public static func load(path: String) throws(ConfigError) -> AgentConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            throw ConfigError(file: path, line: nil, column: nil, key: "", message: "cannot read the file: \(error.localizedDescription)")
        }
        return try parse(yaml: text, file: path)
    }

    /// Parses config text; `file` names it in errors.
    public static func parse(yaml text: String, file: String) throws(ConfigError) -> AgentConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch let error as YamlError {
            throw ConfigError(file: file, line: Self.line(of: error), column: nil, key: "", message: "not valid YAML: \(error)")
        } catch {
            throw ConfigError(file: file, line: nil, column: nil, key: "", message: "not valid YAML: \(error)")
        }
        let reader = try ConfigReader(file: file, path: "", node: root)
        return try decode(reader)
    }

    /// The embedded default config (the content of `config/tracelink.yaml`).
    public static func embeddedDefault() throws(ConfigError) -> AgentConfiguration {
        try parse(yaml: DefaultConfig.text, file: "<embedded tracelink.yaml>")
    }

    static func decode(_ root: ConfigReader) throws(ConfigError) -> AgentConfiguration {
        let defaults = AgentConfiguration.default
        var config = defaults
        config.stateDirectory = try root.string("state_directory", default: defaults.stateDirectory)
        if config.stateDirectory.isEmpty { config.stateDirectory = defaults.stateDirectory }
        let levels = ["trace", "debug", "info", "notice", "warning", "error", "critical"]
        config.logLevel = try root.string("log_level", default: defaults.logLevel)
        guard levels.contains(config.logLevel) else {
            throw root.error("log_level", root.node("log_level"), "expected one of \(levels.joined(separator: ", ")), found \"\(config.logLevel)\"")
        }

        let receivers = try root.section("receivers")
        config.receivers.otlpGRPC = try listener(receivers.section("otlp_grpc"), default: defaults.receivers.otlpGRPC)
        config.receivers.otlpHTTP = try listener(receivers.section("otlp_http"), default: defaults.receivers.otlpHTTP)
        config.receivers.zipkin = try listener(receivers.section("zipkin"), default: defaults.receivers.zipkin)
        let limits = try receivers.section("limits")
        config.receivers.limits.maxRequestBytes = try limits.byteSize("max_request_bytes", default: defaults.receivers.limits.maxRequestBytes)
        config.receivers.limits.maxDecompressedBytes = try limits.byteSize(
            "max_decompressed_bytes", default: defaults.receivers.limits.maxDecompressedBytes
        )
        let items = defaults.receivers.itemLimits
        config.receivers.itemLimits.maxSpansPerRequest = try limits.int(
            "max_spans_per_request", default: items.maxSpansPerRequest, in: 1...10_000_000)
        config.receivers.itemLimits.maxAttributes = try limits.int(
            "max_attributes", default: items.maxAttributes, in: 0...1_000_000)
        config.receivers.itemLimits.maxAttributeValueBytes = try limits.byteSize(
            "max_attribute_value_bytes", default: items.maxAttributeValueBytes)
        config.receivers.itemLimits.maxEventsPerSpan = try limits.int(
            "max_events_per_span", default: items.maxEventsPerSpan, in: 0...1_000_000)
        try limits.finish()
        try receivers.finish()

        let metrics = try root.section("metrics")
        config.metrics.endpoint = try metrics.endpoint("endpoint", default: defaults.metrics.endpoint)
        try metrics.finish()

        config.spanMetrics = try root.section("span_metrics").spanMetrics(default: defaults.spanMetrics)
        config.serviceGraph = try root.section("service_graph").serviceGraph(default: defaults.serviceGraph)

        let store = try root.section("store")
        config.store.memoryBudgetBytes = try store.byteSize("max_memory", default: defaults.store.memoryBudgetBytes, minimum: 1 << 20)
        config.store.maxAge = try store.duration("max_age", default: defaults.store.maxAge)
        config.store.maxSpansPerTrace = try store.int(
            "max_spans_per_trace", default: defaults.store.maxSpansPerTrace, in: 1...100_000_000)
        config.store.maxLogsPerTrace = try store.int(
            "max_logs_per_trace", default: defaults.store.maxLogsPerTrace, in: 1...100_000_000)
        try store.finish()

        let api = try root.section("api")
        config.api.enabled = try api.bool("enabled", default: defaults.api.enabled)
        config.api.endpoint = try api.endpoint("endpoint", default: defaults.api.endpoint)
        config.api.settings.bearerToken = try api.optionalString("bearer_token")
        if let tokenFile = try api.optionalString("bearer_token_file") {
            guard let token = try? String(contentsOfFile: tokenFile, encoding: .utf8) else {
                throw api.error("bearer_token_file", api.node("bearer_token_file"), "cannot read the token file \(tokenFile)")
            }
            config.api.settings.bearerToken = token.trimmingCharacters(in: .whitespacesAndNewlines)
        }
        if config.api.settings.bearerToken?.isEmpty == true { config.api.settings.bearerToken = nil }
        if config.api.enabled, !config.api.endpoint.isLoopback, config.api.settings.bearerToken == nil {
            throw api.error(
                "endpoint", api.node("endpoint"),
                "the API serves log content: bound off loopback (\(config.api.endpoint)) it needs bearer_token or bearer_token_file"
            )
        }
        config.api.settings.corsAllowedOrigins = try api.stringList("cors_allowed_origins", default: [])
        config.api.settings.links = try api.stringMap("links")
        config.api.settings.jumpRedirect = try api.optionalString("jump_redirect")
        if let redirect = config.api.settings.jumpRedirect, config.api.settings.links[redirect] == nil {
            throw api.error("jump_redirect", api.node("jump_redirect"), "names no entry of api.links")
        }
        try api.finish()

        config.sources = try root.sources(stateDirectory: config.stateDirectory)

        try root.finish()
        return config
    }

    static func listener(_ reader: ConfigReader, default value: Listener) throws(ConfigError) -> Listener {
        let listener = Listener(
            enabled: try reader.bool("enabled", default: value.enabled),
            endpoint: try reader.endpoint("endpoint", default: value.endpoint)
        )
        try reader.finish()
        return listener
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _): mark.line
        default: nil
        }
    }
}
