/// The correlated-events API (config key `api`).
public struct APIConfiguration: Sendable {
    /// `bearer_token` (or the content of `bearer_token_file`): required on every request when set.
    /// The agent refuses to start with the API bound off loopback and no token.
    public var bearerToken: String?
    /// `cors_allowed_origins`: origins answered with CORS headers. Default none (no CORS).
    public var corsAllowedOrigins: [String]
    /// `links`: name → URL template with `{trace_id}`, for jumping into the tracing UIs users already run,
    /// e.g. `jaeger: http://jaeger:16686/trace/{trace_id}`. Default none.
    public var links: [String: String]
    /// `jump_redirect`: the link name `jump` redirects browsers to (`Accept: text/html`); default: the first link.
    public var jumpRedirect: String?

    public init(
        bearerToken: String? = nil, corsAllowedOrigins: [String] = [], links: [String: String] = [:], jumpRedirect: String? = nil
    ) {
        self.bearerToken = bearerToken
        self.corsAllowedOrigins = corsAllowedOrigins
        self.links = links
        self.jumpRedirect = jumpRedirect
    }

    /// The configured links for one trace id.
    func links(for traceID: String) -> [String: String] {
        links.mapValues { $0.replacing("{trace_id}", with: traceID) }
    }
}
