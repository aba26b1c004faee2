public import HTTPTypes
public import Hummingbird
import NIOCore

/// An API refusal, answered as `{"error":{"code":…,"message":…}}` with its HTTP status.
public struct APIError: Error, Sendable, HTTPResponseError {
    public var status: HTTPResponse.Status
    /// A stable machine-readable code, e.g. `invalid_trace_id`, `not_found`, `unauthorized`.
    public var code: String
    public var message: String

    public init(_ status: HTTPResponse.Status, code: String, _ message: String) {
        self.status = status
        self.code = code
        self.message = message
    }

    public var headers: HTTPFields { [.contentType: "application/json"] }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        let body = #"{"error":{"code":\#(JSONText.string(code)),"message":\#(JSONText.string(message))}}"#
        var headers = self.headers
        if status == .unauthorized { headers[.wwwAuthenticate] = "Bearer realm=\"tracelink\"" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    static func badRequest(_ code: String, _ message: String) -> APIError { APIError(.badRequest, code: code, message) }
    static func notFound(_ message: String) -> APIError { APIError(.notFound, code: "not_found", message) }
    /// 403: a request for what the API will not read (e.g. a file no source tails).
    public static func forbidden(_ code: String, _ message: String) -> APIError { APIError(.forbidden, code: code, message) }
}
