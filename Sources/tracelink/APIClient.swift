import Foundation
import TraceLinkAPIModels

#if canImport(Glibc)
    import Glibc
#endif

/// A small client of the agent's API for the CLI commands: one HTTP/1.1 GET over a plain socket.
///
/// The API is plain HTTP (on loopback by default), so this needs no URLSession: linking FoundationNetworking
/// would make every agent process map libcurl and its TLS stack at start (about 6 MiB of resident memory).
struct APIClient {
    var baseURL: String
    var token: String?

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// GETs `path` with query items and decodes the API's answer as `Model`.
    func get<Model: Decodable>(_ model: Model.Type, _ path: String, query: [String: String] = [:]) async throws -> Model {
        let endpoint = try self.endpoint()
        let response: HTTPResponse
        do {
            response = try HTTPResponse(try Self.exchange(request(path, query: query, endpoint: endpoint), with: endpoint))
        } catch let failure as Failure {
            throw Failure(description: "cannot reach the tracelink API at \(baseURL): \(failure.description)")
        }
        guard response.status == 200 else { throw Self.failure(status: response.status, body: response.body) }
        do {
            return try APIModels.decoder.decode(Model.self, from: Data(response.body))
        } catch {
            throw Failure(description: "the API's answer to \(path) is not what this CLI reads: \(error)")
        }
    }

    /// Follows the server-sent events of `path`, calling `handle` with each event's name and decoded data, until
    /// the server closes the stream.
    func follow(_ path: String, handle: (String, APIModels.EventPayload) -> Void) throws {
        let endpoint = try self.endpoint()
        var events = ServerSentEventParser()
        var status: Int?
        var failureBody: [UInt8] = []
        do {
            try Self.exchange(request(path, query: [:], endpoint: endpoint, accept: "text/event-stream"), with: endpoint) {
                response in
                if let status, status != 200 {
                    failureBody += response.bodyBytes()
                    return
                }
                guard let head = response.head else { return }
                status = head
                guard head == 200 else {
                    failureBody += response.bodyBytes()
                    return
                }
                for (name, data) in events.feed(response.bodyBytes()) {
                    if let payload = try? APIModels.decoder.decode(APIModels.EventPayload.self, from: Data(data.utf8)) {
                        handle(name, payload)
                    }
                }
            }
        } catch let failure as Failure {
            throw Failure(description: "cannot reach the tracelink API at \(baseURL): \(failure.description)")
        }
        if let status, status != 200 { throw Self.failure(status: status, body: failureBody) }
    }

    private func endpoint() throws -> Endpoint {
        guard let endpoint = Endpoint(baseURL) else {
            throw Failure(description: "bad API URL \(baseURL): expected http://HOST:PORT")
        }
        return endpoint
    }

    private func request(
        _ path: String, query: [String: String], endpoint: Endpoint, accept: String = "application/json"
    ) -> [UInt8] {
        var target = endpoint.pathPrefix + path
        if !query.isEmpty {
            target +=
                "?"
                + query.sorted { $0.key < $1.key }.map { "\(Self.escape($0.key))=\(Self.escape($0.value))" }
                .joined(separator: "&")
        }
        var request = "GET \(target) HTTP/1.1\r\nHost: \(endpoint.host):\(endpoint.port)\r\n"
        request += "Accept: \(accept)\r\nConnection: close\r\n"
        if let token { request += "Authorization: Bearer \(token)\r\n" }
        request += "\r\n"
        return Array(request.utf8)
    }

    /// The API's error message (`{"error":{"message":…}}`), or the body as text.
    private static func failure(status: Int, body: [UInt8]) -> Failure {
        let message =
            (try? APIModels.decoder.decode(APIModels.ErrorBody.self, from: Data(body)))?.error.message
            ?? String(decoding: body, as: UTF8.self)
        return Failure(description: "\(status): \(message)")
    }

    /// Percent-encodes a query component (everything but unreserved characters).
    private static func escape(_ text: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._~")
        return text.addingPercentEncoding(withAllowedCharacters: allowed) ?? text
    }

    /// `http://HOST[:PORT][/PREFIX]`.
    private struct Endpoint {
        var host: String
        var port: Int
        var pathPrefix: String

        init?(_ url: String) {
            guard url.hasPrefix("http://") else { return nil }
            var rest = url.dropFirst("http://".count)
            if rest.hasSuffix("/") { rest = rest.dropLast() }
            let authority = rest.prefix { $0 != "/" }
            pathPrefix = String(rest.dropFirst(authority.count))
            if authority.hasPrefix("[") {  // [IPv6]:port
                guard let close = authority.firstIndex(of: "]") else { return nil }
                host = String(authority[authority.index(after: authority.startIndex)..<close])
                let after = authority[authority.index(after: close)...]
                port = after.hasPrefix(":") ? Int(after.dropFirst()) ?? -1 : 80
            } else if let colon = authority.lastIndex(of: ":") {
                host = String(authority[..<colon])
                port = Int(authority[authority.index(after: colon)...]) ?? -1
            } else {
                host = String(authority)
                port = 80
            }
            guard !host.isEmpty, (1...65535).contains(port) else { return nil }
        }
    }

    /// Connects, sends `request`, and reads until the server closes (the request asked `Connection: close`).
    private static func exchange(_ request: [UInt8], with endpoint: Endpoint) throws -> [UInt8] {
        var response: [UInt8] = []
        try exchange(request, with: endpoint) { reader in response = reader.received }
        return response
    }

    /// Connects, sends `request`, and calls `received` after each read with what has arrived so far.
    private static func exchange(
        _ request: [UInt8], with endpoint: Endpoint, received: (inout StreamingResponse) -> Void
    ) throws {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var found: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(endpoint.host, String(endpoint.port), &hints, &found)
        guard status == 0, let first = found else {
            throw Failure(description: "cannot resolve \(endpoint.host): \(String(cString: gai_strerror(status)))")
        }
        defer { freeaddrinfo(first) }
        var lastError = ECONNREFUSED
        var candidate: UnsafeMutablePointer<addrinfo>? = first
        while let address = candidate {
            candidate = address.pointee.ai_next
            let fd = socket(address.pointee.ai_family, address.pointee.ai_socktype, address.pointee.ai_protocol)
            guard fd >= 0 else { continue }
            defer { close(fd) }
            guard connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
                lastError = errno
                continue
            }
            var sent = 0
            while sent < request.count {
                let count = request.withUnsafeBytes { send(fd, $0.baseAddress! + sent, $0.count - sent, 0) }
                if count < 0, errno == EINTR { continue }
                guard count > 0 else { throw Failure(description: String(cString: strerror(errno))) }
                sent += count
            }
            var response = StreamingResponse()
            var chunk = [UInt8](repeating: 0, count: 64 << 10)
            while true {
                let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
                if count < 0, errno == EINTR { continue }
                guard count >= 0 else { throw Failure(description: String(cString: strerror(errno))) }
                if count == 0 { return }
                response.received += chunk[..<count]
                received(&response)
            }
        }
        throw Failure(description: String(cString: strerror(lastError)))
    }

    /// The status and body of an HTTP/1.1 response (`Content-Length`, chunked, or up to the close).
    private struct HTTPResponse {
        var status: Int
        var body: [UInt8]

        init(_ bytes: [UInt8]) throws {
            let separator: [UInt8] = Array("\r\n\r\n".utf8)
            guard let headEnd = bytes.firstRange(of: separator) else {
                throw Failure(description: "incomplete HTTP response")
            }
            let head = String(decoding: bytes[..<headEnd.lowerBound], as: UTF8.self)
            let lines = head.split(separator: "\r\n")
            let statusFields = lines.first?.split(separator: " ") ?? []
            guard statusFields.count >= 2, let status = Int(statusFields[1]) else {
                throw Failure(description: "not an HTTP response")
            }
            self.status = status
            var headers: [String: String] = [:]
            for line in lines.dropFirst() {
                guard let colon = line.firstIndex(of: ":") else { continue }
                let name = line[..<colon].lowercased()
                headers[name] = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            }
            let rest = Array(bytes[headEnd.upperBound...])
            if headers["transfer-encoding"]?.lowercased().contains("chunked") == true {
                body = try Self.dechunk(rest)
            } else if let length = headers["content-length"].flatMap(Int.init), length <= rest.count {
                body = Array(rest[..<length])
            } else {
                body = rest
            }
        }

        private static func dechunk(_ bytes: [UInt8]) throws -> [UInt8] {
            var body: [UInt8] = []
            var position = 0
            let crlf: [UInt8] = [0x0D, 0x0A]
            while let lineEnd = bytes[position...].firstRange(of: crlf) {
                let sizeText = String(decoding: bytes[position..<lineEnd.lowerBound], as: UTF8.self)
                guard let size = Int(sizeText.prefix { $0 != ";" }, radix: 16) else {
                    throw Failure(description: "bad chunk size in HTTP response")
                }
                if size == 0 { return body }
                let start = lineEnd.upperBound
                guard start + size <= bytes.count else { throw Failure(description: "truncated HTTP response") }
                body += bytes[start..<(start + size)]
                position = start + size + 2
                guard position <= bytes.count else { break }
            }
            throw Failure(description: "truncated HTTP response")
        }
    }
}
