import Foundation
import Hummingbird
import NIOCore
import SwiftProtobuf
import TraceLinkOTLP

/// OTLP/HTTP bodies in the encoding of the request: export responses and `google.rpc.Status` errors.
enum OTLPHTTPResponse {
    enum Encoding {
        case protobuf, json

        var contentType: String { self == .json ? "application/json" : "application/x-protobuf" }

        /// From the request's Content-Type; nil when it is neither OTLP encoding. Read in place: every request
        /// asks.
        init?(contentType: String?) {
            guard let contentType else { return nil }
            var mediaType = contentType.utf8[...]
            if let semicolon = mediaType.firstIndex(of: UInt8(ascii: ";")) { mediaType = mediaType[..<semicolon] }
            let isSpace = { (byte: UInt8) in byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t") }
            while let first = mediaType.first, isSpace(first) { mediaType = mediaType.dropFirst() }
            while let last = mediaType.last, isSpace(last) { mediaType = mediaType.dropLast() }
            func named(_ name: StaticString) -> Bool {
                let lowercase = UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount)
                guard mediaType.count == lowercase.count else { return false }
                for (byte, expected) in zip(mediaType, lowercase) {
                    let folded: UInt8 = byte >= 0x41 && byte <= 0x5A ? byte | 0x20 : byte
                    if folded != expected { return false }
                }
                return true
            }
            if named("application/x-protobuf") || named("application/protobuf") {
                self = .protobuf
            } else if named("application/json") {
                self = .json
            } else {
                return nil
            }
        }
    }

    static func message(_ message: some SwiftProtobuf.Message, encoding: Encoding) -> Response {
        let bytes: [UInt8]
        switch encoding {
        case .protobuf: bytes = (try? message.serializedBytes()) ?? []
        case .json: bytes = Array(((try? message.jsonString()) ?? "{}").utf8)
        }
        return Response(
            status: .ok,
            headers: [.contentType: encoding.contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    /// The error body OTLP/HTTP specifies: a `google.rpc.Status` with code and message.
    static func error(_ error: IngestError, encoding: Encoding) -> Response {
        let bytes: [UInt8]
        switch encoding {
        case .protobuf:
            var out: [UInt8] = [0x08]
            appendVarint(UInt64(error.rpcStatusNumber), to: &out)
            let text = Array(error.message.utf8)
            out.append(0x12)
            appendVarint(UInt64(text.count), to: &out)
            out += text
            bytes = out
        case .json:
            bytes = Array("{\"code\":\(error.rpcStatusNumber),\"message\":\(jsonString(error.message))}".utf8)
        }
        return Response(
            status: error.httpStatus,
            headers: [.contentType: encoding.contentType],
            body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes))
        )
    }

    private static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var value = value
        while value >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: value) | 0x80)
            value >>= 7
        }
        out.append(UInt8(value))
    }

    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let c where c.value < 0x20: out += "\\u" + String(repeating: "0", count: 4 - String(c.value, radix: 16).count) + String(c.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}
