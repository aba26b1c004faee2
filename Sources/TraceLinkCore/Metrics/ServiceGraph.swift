import Synchronization

/// Service graph metrics as Grafana Tempo's metrics-generator writes them: a request between two services is the
/// pair of a client span (CLIENT or PRODUCER) and the server span (SERVER or CONSUMER) whose parent it is, both
/// seen on this host; `traces_service_graph_request_total{client, server}`, `…_request_failed_total` and the
/// client's and server's duration histograms in seconds.
///
/// A half waits `wait` for its other half. A client half that waited in vain still makes an edge when it names
/// its peer (`peer.service`, else `server.address`, as Tempo's virtual nodes do); otherwise it is counted unpaired.
/// Bounded: at most `maxPending` halves wait (the rest are dropped, counted) and `maxEdges` edges are kept.
public final class ServiceGraph: Sendable {
    public struct Configuration: Sendable, Hashable {
        /// `service_graph.enabled` (default false: it costs a table entry per client and server span).
        public var enabled: Bool
        /// `service_graph.wait` (default 10 s): how long a half waits for the other.
        public var waitNanos: UInt64
        /// `service_graph.max_pending` (default 10,000).
        public var maxPending: Int
        /// `service_graph.max_edges` (default 10,000).
        public var maxEdges: Int
        /// `service_graph.buckets_seconds` (Tempo's default 0.1 … 12.8).
        public var bucketsSeconds: [Double]

        public init(
            enabled: Bool = false, waitNanos: UInt64 = 10_000_000_000, maxPending: Int = 10_000, maxEdges: Int = 10_000,
            bucketsSeconds: [Double] = [0.1, 0.2, 0.4, 0.8, 1.6, 3.2, 6.4, 12.8]
        ) {
            self.enabled = enabled
            self.waitNanos = waitNanos
            self.maxPending = maxPending
            self.maxEdges = maxEdges
            self.bucketsSeconds = bucketsSeconds
        }

        public static let `default` = Configuration()
    }

    struct HalfKey: Hashable {
        var traceHigh: UInt64
        var traceLow: UInt64
        /// The client span's id (the server half's parent).
        var spanID: UInt64
    }

    struct Half {
        var service: String
        var seconds: Double
        var failed: Bool
        /// What a client span says it calls (`peer.service`, `server.address`).
        var peer: String?
        var seenNanos: UInt64
    }

    struct Edge: Hashable {
        var client: String
        var server: String
    }

    struct EdgeSeries {
        var requests: UInt64 = 0
        var failed: UInt64 = 0
        var clientBuckets: [UInt64]
        var clientSum: Double = 0
        var clientCount: UInt64 = 0
        var serverBuckets: [UInt64]
        var serverSum: Double = 0
        var serverCount: UInt64 = 0

        init(buckets: Int) {
            clientBuckets = Array(repeating: 0, count: buckets)
            serverBuckets = Array(repeating: 0, count: buckets)
        }
    }

    struct State {
        var clients: [HalfKey: Half] = [:]
        var servers: [HalfKey: Half] = [:]
        var edges: [Edge: EdgeSeries] = [:]
        var unpairedClients: UInt64 = 0
        var unpairedServers: UInt64 = 0
        var dropped: UInt64 = 0
        var edgesRefused: UInt64 = 0
    }

    public let configuration: Configuration
    let clock: MonotonicClock
    private let state = Mutex(State())

    public init(configuration: Configuration = .default, clock: MonotonicClock = .continuous) {
        self.configuration = configuration
        self.clock = clock
    }

    /// Pairs spans made in code (tests, tools) through their canonical form.
    public func record(_ spans: [Span]) { record(SpanBatch(spans)) }

    /// Pairs the batch's client and server spans; halves without their other half wait.
    public func record(_ batch: SpanBatch) {
        guard configuration.enabled, !batch.isEmpty else { return }
        var services: [String?] = Array(repeating: nil, count: batch.scopes.count)
        var halves: [(key: HalfKey, half: Half, isClient: Bool)] = []
        let now = clock.now()
        for entry in batch.spans {
            let isClient = entry.kind.isClientSide
            guard isClient || (entry.kind.isServerSide && entry.parentSpanID != 0) else { continue }
            let scope = Int(entry.scope)
            if services[scope] == nil { services[scope] = batch.service(of: batch.scopes[scope]) }
            let key = HalfKey(
                traceHigh: entry.traceID.high, traceLow: entry.traceID.low,
                spanID: isClient ? entry.spanID.value : entry.parentSpanID)
            let half = Half(
                service: services[scope]!, seconds: Double(entry.durationNanos) / 1_000_000_000,
                failed: entry.status == .error, peer: isClient ? Self.peer(of: entry, in: batch) : nil, seenNanos: now)
            halves.append((key, half, isClient))
        }
        guard !halves.isEmpty else { return }
        let configuration = self.configuration
        state.withLock { state in
            for (key, half, isClient) in halves {
                if isClient {
                    if let server = state.servers.removeValue(forKey: key) {
                        Self.complete(client: half, server: server, in: &state, configuration)
                    } else if state.clients.count + state.servers.count < configuration.maxPending {
                        state.clients[key] = half
                    } else {
                        state.dropped &+= 1
                    }
                } else {
                    if let client = state.clients.removeValue(forKey: key) {
                        Self.complete(client: client, server: half, in: &state, configuration)
                    } else if state.clients.count + state.servers.count < configuration.maxPending {
                        state.servers[key] = half
                    } else {
                        state.dropped &+= 1
                    }
                }
            }
        }
    }

    /// Ends the wait of halves older than `wait`: a client naming its peer makes an edge to it, the rest are
    /// counted unpaired.
    public func expire() {
        guard configuration.enabled else { return }
        let now = clock.now()
        guard now > configuration.waitNanos else { return }
        let cutoff = now - configuration.waitNanos
        let configuration = self.configuration
        state.withLock { state in
            for (key, client) in state.clients where client.seenNanos < cutoff {
                state.clients[key] = nil
                if let peer = client.peer {
                    Self.complete(client: client, server: Half(service: peer, seconds: 0, failed: false, seenNanos: 0),
                        serverSeen: false, in: &state, configuration)
                } else {
                    state.unpairedClients &+= 1
                }
            }
            for (key, server) in state.servers where server.seenNanos < cutoff {
                state.servers[key] = nil
                state.unpairedServers &+= 1
            }
        }
    }

    private static func complete(
        client: Half, server: Half, serverSeen: Bool = true, in state: inout State, _ configuration: Configuration
    ) {
        let edge = Edge(client: client.service, server: server.service)
        let bucketCount = configuration.bucketsSeconds.count + 1
        guard state.edges[edge] != nil || state.edges.count < configuration.maxEdges else {
            state.edgesRefused &+= 1
            return
        }
        var series = state.edges[edge] ?? EdgeSeries(buckets: bucketCount)
        series.requests &+= 1
        if client.failed || server.failed { series.failed &+= 1 }
        series.clientBuckets[SpanMetrics.bucketIndex(of: client.seconds, in: configuration.bucketsSeconds)] &+= 1
        series.clientSum += client.seconds
        series.clientCount &+= 1
        if serverSeen {
            series.serverBuckets[SpanMetrics.bucketIndex(of: server.seconds, in: configuration.bucketsSeconds)] &+= 1
            series.serverSum += server.seconds
            series.serverCount &+= 1
        }
        state.edges[edge] = series
    }

    private static let peerKeys = AttributeLookup(keys: ["peer.service", "server.address"])

    /// `peer.service`, else `server.address`, of a client span; nil when it names neither.
    static func peer(of entry: SpanEntry, in batch: SpanBatch) -> String? {
        var values: [AttributeValue?] = [nil, nil]
        batch.withBytes(entry.span) { peerKeys.values(in: $0, field: 9, into: &values) }
        return values.lazy.compactMap { $0?.text }.first { !$0.isEmpty }
    }

    func snapshot() -> State { state.withLock { $0 } }
}

extension ServiceGraph: SpanConsumer {
    public func consume(_ batch: SpanBatch) { record(batch) }
}

extension ServiceGraph: MetricFamilySource {
    /// Tempo's service graph families, and how many halves went unpaired or were dropped.
    public func metricFamilies() -> [MetricFamily] {
        guard configuration.enabled else { return [] }
        let state = snapshot()
        let bounds = configuration.bucketsSeconds.map(PrometheusText.formatDouble) + ["+Inf"]
        var requests = MetricFamily.counter(
            "traces_service_graph_request_total", help: "Requests between two services (a client span and its server span).")
        var failed = MetricFamily.counter(
            "traces_service_graph_request_failed_total", help: "Requests between two services where either side failed.")
        var client = MetricFamily(
            name: "traces_service_graph_request_client_seconds", kind: .histogram,
            help: "Request duration as the client saw it.", unit: "seconds")
        var server = MetricFamily(
            name: "traces_service_graph_request_server_seconds", kind: .histogram,
            help: "Request duration as the server saw it.", unit: "seconds")
        for (edge, series) in state.edges.sorted(by: { ($0.key.client, $0.key.server) < ($1.key.client, $1.key.server) }) {
            let labels = [("client", edge.client), ("server", edge.server)]
            requests.addCounter(labels, series.requests)
            failed.addCounter(labels, series.failed)
            client.addHistogram(
                labels, bounds: bounds, cumulativeCounts: SpanMetrics.cumulative(series.clientBuckets), sum: series.clientSum,
                count: series.clientCount)
            server.addHistogram(
                labels, bounds: bounds, cumulativeCounts: SpanMetrics.cumulative(series.serverBuckets), sum: series.serverSum,
                count: series.serverCount)
        }
        var unpaired = MetricFamily.counter(
            "traces_service_graph_unpaired_spans_total",
            help: "Client or server spans whose other half did not arrive within the wait (and named no peer).")
        unpaired.addCounter([("side", "client")], state.unpairedClients)
        unpaired.addCounter([("side", "server")], state.unpairedServers)
        var dropped = MetricFamily.counter(
            "traces_service_graph_dropped_spans_total",
            help: "Spans not paired because max_pending halves were waiting, or max_edges edges were held.")
        dropped.addCounter([], state.dropped &+ state.edgesRefused)
        var pending = MetricFamily.gauge("tracelink_service_graph_pending_spans", help: "Halves waiting for their other half.")
        pending.addGauge([], Int64(state.clients.count + state.servers.count))
        return [requests, failed, client, server, unpaired, dropped, pending]
    }
}
