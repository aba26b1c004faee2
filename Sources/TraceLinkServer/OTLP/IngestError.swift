public import GRPCCore
public import HTTPTypes

/// Why a receiver refused a whole request, mapped explicitly to the HTTP and gRPC status a client expects.
public struct IngestError: Error, CustomStringConvertible, Sendable {
    public struct Code: Hashable, Sendable {
        fileprivate enum Base: String, Hashable, Sendable {
            case invalidProtobuf = "invalid_protobuf"
            case invalidJSON = "invalid_json"
            case unsupportedMediaType = "unsupported_media_type"
            case bodyTooLarge = "body_too_large"
            case decompressedTooLarge = "decompressed_too_large"
            case invalidEncoding = "invalid_encoding"
        }
        fileprivate let base: Base

        public static let invalidProtobuf = Code(base: .invalidProtobuf)
        public static let invalidJSON = Code(base: .invalidJSON)
        public static let unsupportedMediaType = Code(base: .unsupportedMediaType)
        public static let bodyTooLarge = Code(base: .bodyTooLarge)
        public static let decompressedTooLarge = Code(base: .decompressedTooLarge)
        public static let invalidEncoding = Code(base: .invalidEncoding)

        /// The `reason` label of `tracelink_otlp_requests_rejected_total`.
        public var reason: String { base.rawValue }
    }

    public var code: Code
    public var message: String

    public init(_ code: Code, _ message: String) {
        self.code = code
        self.message = message
    }

    public var description: String { message }

    /// 400 for malformed bodies, 413 for size limits, 415 for an unknown content type.
    public var httpStatus: HTTPResponse.Status {
        switch code.base {
        case .invalidProtobuf, .invalidJSON, .invalidEncoding: .badRequest
        case .bodyTooLarge, .decompressedTooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        }
    }

    /// INVALID_ARGUMENT for malformed messages, RESOURCE_EXHAUSTED for size limits.
    public var grpcCode: RPCError.Code {
        switch code.base {
        case .bodyTooLarge, .decompressedTooLarge: .resourceExhausted
        default: .invalidArgument
        }
    }

    /// The google.rpc.Status code number (3 INVALID_ARGUMENT, 8 RESOURCE_EXHAUSTED).
    var rpcStatusNumber: Int { grpcCode == .resourceExhausted ? 8 : 3 }
}
