import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A small client of the agent's API for the CLI commands.
struct APIClient {
    var baseURL: String
    var token: String?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// GETs `path` with query items and returns the decoded JSON object.
    func get(_ path: String, query: [String: String] = [:]) async throws -> [String: Any] {
        guard var components = URLComponents(string: baseURL + path) else { throw Failure(description: "bad API URL \(baseURL)") }
        if !query.isEmpty { components.queryItems = query.map { URLQueryItem(name: $0.key, value: $0.value) } }
        guard let url = components.url else { throw Failure(description: "bad API URL \(baseURL)") }
        var request = URLRequest(url: url)
        if let token { request.setValue("Bearer \(token)", forHTTPHeaderField: "Authorization") }
        let (data, response): (Data, URLResponse)
        do {
            (data, response) = try await URLSession.shared.data(for: request)
        } catch {
            throw Failure(description: "cannot reach the tracelink API at \(baseURL): \(error.localizedDescription)")
        }
        let object = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        let status = (response as? HTTPURLResponse)?.statusCode ?? 0
        guard status == 200 else {
            let error = object["error"] as? [String: Any]
            throw Failure(description: "\(status): \(error?["message"] as? String ?? String(decoding: data, as: UTF8.self))")
        }
        return object
    }
}
