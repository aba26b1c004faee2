/// Size limits on request bodies, enforced while reading so nothing larger is ever held.
public struct BodyLimits: Sendable, Hashable {
    /// Largest body accepted as sent on the wire (`max_request_bytes`). Default: 16 MiB.
    public var maxRequestBytes: Int
    /// Largest body accepted after gzip/deflate decompression (`max_decompressed_bytes`). Default: 16 MiB.
    public var maxDecompressedBytes: Int

    public init(maxRequestBytes: Int = 16 << 20, maxDecompressedBytes: Int = 16 << 20) {
        self.maxRequestBytes = maxRequestBytes
        self.maxDecompressedBytes = maxDecompressedBytes
    }

    public static let `default` = BodyLimits()
}
