import Foundation
import CompressNIO
import Hummingbird
import NIOCore

/// Reads an HTTP request body within `BodyLimits` and undoes `Content-Encoding` (gzip, deflate).
enum RequestBodyReader {
    /// The decoded body bytes; throws `IngestError` for size limits and broken encodings.
    static func read(_ request: Request, limits: BodyLimits) async throws -> ByteBuffer {
        if let length = request.headers[.contentLength].flatMap(Int.init), length > limits.maxRequestBytes {
            throw IngestError(.bodyTooLarge, "request body of \(length) bytes exceeds the limit of \(limits.maxRequestBytes)")
        }
        var body = ByteBuffer()
        // One allocation when the length is announced, instead of regrowing (and copying) per chunk.
        if let length = request.headers[.contentLength].flatMap(Int.init) { body.reserveCapacity(length) }
        for try await chunk in request.body {
            guard body.readableBytes + chunk.readableBytes <= limits.maxRequestBytes else {
                throw IngestError(.bodyTooLarge, "request body exceeds the limit of \(limits.maxRequestBytes) bytes")
            }
            var chunk = chunk
            body.writeBuffer(&chunk)
        }
        return try decode(body, encoding: request.headers[.contentEncoding], limits: limits)
    }

    /// Undoes a content encoding; HTTP `deflate` is zlib-wrapped (compress-nio's `.zlib`).
    static func decode(_ body: ByteBuffer, encoding: String?, limits: BodyLimits) throws -> ByteBuffer {
        let algorithm: CompressionAlgorithm
        switch encoding?.lowercased().trimmingCharacters(in: .whitespaces) {
        case nil, "", "identity": return body
        case "gzip", "x-gzip": algorithm = .gzip()
        case "deflate": algorithm = .zlib()
        case let other?:
            throw IngestError(.invalidEncoding, "unsupported Content-Encoding \"\(other)\": use gzip or deflate")
        }
        var compressed = body
        do {
            return try compressed.decompress(with: algorithm, maxSize: limits.maxDecompressedBytes)
        } catch let error as CompressNIOError where error == .bufferOverflow {
            throw IngestError(
                .decompressedTooLarge,
                "decompressed body exceeds the limit of \(limits.maxDecompressedBytes) bytes"
            )
        } catch {
            throw IngestError(.invalidEncoding, "body is not valid \(encoding ?? "") data: \(error)")
        }
    }
}
