import Foundation
public import Hummingbird
import NIOCore

/// The built-in page: `/` and `/assets/app.css`, `/assets/app.js`, embedded in the binary (no network, no CDN).
///
/// The page's files hold no data and need no token; the API calls the page makes do. With `directory` set
/// (`TRACELINK_UI_DIR`), files are read from disk on each request, for working on the page without rebuilding.
public struct PageAssets: Sendable {
    public var directory: String?

    /// `directory` nil: the embedded files, or the directory `TRACELINK_UI_DIR` names.
    public init(directory: String? = nil) {
        self.directory = directory ?? ProcessInfo.processInfo.environment["TRACELINK_UI_DIR"]
    }

    public func addRoutes(to router: Router<BasicRequestContext>) {
        router.get("/") { _, _ in try response(for: "index.html") }
        router.get("assets/{file}") { _, context in
            try response(for: context.parameters.get("file") ?? "")
        }
    }

    static func contentType(of name: String) -> String {
        if name.hasSuffix(".html") { return "text/html; charset=utf-8" }
        if name.hasSuffix(".css") { return "text/css; charset=utf-8" }
        return "text/javascript; charset=utf-8"
    }

    func response(for name: String) throws -> Response {
        guard let text = try text(of: name) else { throw APIError.notFound("no page asset \(name)") }
        return Response(
            status: .ok,
            headers: [.contentType: Self.contentType(of: name), .cacheControl: "no-cache"],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    private func text(of name: String) throws -> String? {
        guard Self.embedded[name] != nil else { return nil }  // only the page's own files, never a path
        if let directory {
            return try String(contentsOfFile: directory + "/" + name, encoding: .utf8)
        }
        return Self.embedded[name]
    }
}
