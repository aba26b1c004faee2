import TraceLinkCore
import TraceLinkSources
import Yams

extension ConfigReader {
    /// Reads `sources:` into typed source configurations; names must be unique.
    func sources(stateDirectory: String) throws(ConfigError) -> [SourceConfiguration] {
        var result: [SourceConfiguration] = []
        var names: Set<String> = []
        for source in try sections("sources") {
            let type = try source.string("type", default: "")
            let configured: SourceConfiguration
            switch type {
            case "file": configured = .file(try source.fileSource(stateDirectory: stateDirectory))
            case "journald": configured = .journald(try source.journalSource(stateDirectory: stateDirectory))
            default:
                throw source.error("type", source.node("type"), "expected file or journald, found \"\(type)\"")
            }
            guard names.insert(configured.name).inserted else {
                throw source.error("name", source.node("name"), "source name \"\(configured.name)\" is used twice")
            }
            try source.finish()
            result.append(configured)
        }
        return result
    }

    func fileSource(stateDirectory: String) throws(ConfigError) -> FileSourceConfiguration {
        let name = try string("name", default: "")
        var config = FileSourceConfiguration(name: name, include: try stringList("include", default: []))
        config.exclude = try stringList("exclude", default: config.exclude)
        let start = try string("start_at", default: config.startAt.rawValue)
        guard let startAt = FileSourceConfiguration.StartPosition(rawValue: start) else {
            throw error("start_at", node("start_at"), "expected beginning or end, found \"\(start)\"")
        }
        config.startAt = startAt
        config.maxLineBytes = try byteSize("max_line_bytes", default: config.maxLineBytes)
        let multiline = try section("multiline")
        if let pattern = try multiline.optionalString("start_pattern") {
            config.multiline = FileSourceConfiguration.Multiline(
                startPattern: pattern,
                maxLines: try multiline.int("max_lines", default: 500, in: 1...1_000_000),
                maxBytes: try multiline.byteSize("max_bytes", default: 1 << 20)
            )
        }
        try multiline.finish()
        config.service = try optionalString("service")
        config.serviceFromPath = try optionalString("service_from_path")
        config.pollInterval = try duration("poll_interval", default: config.pollInterval)
        config.flushDelay = try duration("flush_delay", default: config.flushDelay)
        config.checkpointInterval = try duration("checkpoint_interval", default: config.checkpointInterval)
        config.rotateWait = try duration("rotate_wait", default: config.rotateWait)
        config.batchSize = try int("batch_size", default: config.batchSize, in: 1...1_000_000)
        config.readChunkBytes = try byteSize("read_chunk_bytes", default: config.readChunkBytes, minimum: 4096)
        config.stateDirectory = stateDirectory
        config.extractor = TraceContextExtractor(rules: try extractionRules(default: ExtractionRule.defaults))
        do {
            try config.validate()
        } catch {
            throw self.error("", nil, error.message)
        }
        return config
    }

    func journalSource(stateDirectory: String) throws(ConfigError) -> JournalSourceConfiguration {
        var config = JournalSourceConfiguration()
        config.name = try string("name", default: config.name)
        config.directory = try optionalString("directory")
        config.units = try stringList("units", default: config.units)
        config.identifiers = try stringList("identifiers", default: config.identifiers)
        if let priority = node("max_priority") {
            guard let text = priority.string, let value = JournalSourceConfiguration.priority(named: text) else {
                throw error("max_priority", priority, "expected 0-7 or a syslog level name (emerg … debug)")
            }
            config.maxPriority = value
        }
        if let groups = node("matches") {
            guard case .sequence(let sequence) = groups else {
                throw error("matches", groups, "expected a list of lists of FIELD=value")
            }
            var result: [[String]] = []
            for (index, group) in sequence.enumerated() {
                guard case .sequence(let matches) = group else {
                    throw error("matches[\(index)]", group, "expected a list of FIELD=value (AND); groups are ORed")
                }
                var parsed: [String] = []
                for match in matches {
                    guard let text = match.string, let equals = text.firstIndex(of: "="), equals != text.startIndex else {
                        throw error("matches[\(index)]", match, "expected FIELD=value")
                    }
                    parsed.append(text)
                }
                result.append(parsed)
            }
            config.matchGroups = result
        }
        let start = try string("start_at", default: config.start.rawValue)
        guard let position = JournalSourceConfiguration.StartPosition(rawValue: start) else {
            throw error("start_at", node("start_at"), "expected tail or head, found \"\(start)\"")
        }
        config.start = position
        if node("max_age") != nil { config.maxAge = try duration("max_age", default: .zero) }
        config.unitServices = try unitServices()
        config.batchSize = try int("batch_size", default: config.batchSize, in: 1...1_000_000)
        config.stateDirectory = stateDirectory
        config.extractor = TraceContextExtractor(rules: try extractionRules(default: ExtractionRule.defaults))
        do {
            try config.validate()
        } catch {
            throw self.error("", nil, error.message)
        }
        return config
    }

    /// `unit_services: {unit: service}`.
    func unitServices() throws(ConfigError) -> [String: String] {
        guard let node = node("unit_services") else { return [:] }
        guard case .mapping(let mapping) = node else {
            throw error("unit_services", node, "expected a mapping of unit name to service name")
        }
        var result: [String: String] = [:]
        for (key, value) in mapping {
            guard let unit = key.string, let service = value.string else {
                throw error("unit_services", value, "expected unit: service strings")
            }
            result[unit] = service
        }
        return result
    }

    /// A list of JSON or logfmt keys: dotted paths whose components are never empty (`a..b`, `.id` and
    /// `trace.` name no field a line can hold).
    func keyList(_ key: String, default value: [String]) throws(ConfigError) -> [String] {
        let keys = try stringList(key, default: value)
        for (index, name) in keys.enumerated()
        where name.isEmpty || name.split(separator: ".", omittingEmptySubsequences: false).contains(where: \.isEmpty) {
            let element: Node? = if case .sequence(let sequence) = node(key) { sequence[index] } else { nil }
            throw error("\(key)[\(index)]", element, "\"\(name)\" is not a key: a dotted key needs a name between its dots")
        }
        return keys
    }

    /// `extract:`: the ordered extraction rules; absent means the defaults.
    func extractionRules(default rules: [ExtractionRule]) throws(ConfigError) -> [ExtractionRule] {
        guard node("extract") != nil else { return rules }
        var result: [ExtractionRule] = []
        for rule in try sections("extract") {
            let type = try rule.string("type", default: "")
            switch type {
            case "json", "logfmt":
                let defaults = FieldKeys.default
                let keys = FieldKeys(
                    traceID: try rule.keyList("trace_id_keys", default: defaults.traceID),
                    spanID: try rule.keyList("span_id_keys", default: defaults.spanID),
                    decimalTraceID: try rule.keyList("decimal_trace_id_keys", default: defaults.decimalTraceID),
                    decimalSpanID: try rule.keyList("decimal_span_id_keys", default: defaults.decimalSpanID),
                    traceFlags: try rule.keyList("trace_flags_keys", default: defaults.traceFlags),
                    sampled: try rule.keyList("sampled_keys", default: defaults.sampled),
                    severity: try rule.keyList("severity_keys", default: defaults.severity),
                    message: try rule.keyList("message_keys", default: defaults.message),
                    timestamp: try rule.keyList("timestamp_keys", default: defaults.timestamp),
                    service: try rule.keyList("service_keys", default: defaults.service)
                )
                result.append(type == "json" ? .json(keys) : .logfmt(keys))
            case "regex":
                let pattern = try rule.string("pattern", default: "")
                do {
                    result.append(try .regex(pattern))
                } catch {
                    throw rule.error("pattern", rule.node("pattern"), error.message)
                }
            case "headers":
                let names = try rule.stringList("formats", default: HeaderFormat.allCases.map(\.rawValue))
                var formats: [HeaderFormat] = []
                for name in names {
                    guard let format = HeaderFormat(rawValue: name) else {
                        let known = HeaderFormat.allCases.map(\.rawValue).joined(separator: ", ")
                        throw rule.error("formats", rule.node("formats"), "unknown format \"\(name)\"; expected some of: \(known)")
                    }
                    formats.append(format)
                }
                result.append(.headers(formats))
            case "journald":
                let defaults = JournaldFields.default
                result.append(
                    .journald(
                        JournaldFields(
                            traceID: try rule.stringList("trace_id_fields", default: defaults.traceID),
                            spanID: try rule.stringList("span_id_fields", default: defaults.spanID),
                            traceFlags: try rule.stringList("trace_flags_fields", default: defaults.traceFlags),
                            priority: try rule.stringList("priority_fields", default: defaults.priority),
                            timestamp: try rule.stringList("timestamp_fields", default: defaults.timestamp),
                            service: try rule.stringList("service_fields", default: defaults.service),
                            message: try rule.string("message_field", default: defaults.message),
                            parseMessage: try rule.bool("parse_message", default: defaults.parseMessage)
                        )
                    )
                )
            default:
                throw rule.error("type", rule.node("type"), "expected json, logfmt, regex, headers or journald, found \"\(type)\"")
            }
            try rule.finish()
        }
        return result
    }
}
