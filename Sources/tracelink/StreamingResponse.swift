import Foundation

/// An HTTP/1.1 response read as it arrives: its status once the head is in, then its body bytes as they come
/// (chunked transfer coding undone), each handed out once.
struct StreamingResponse {
    var received: [UInt8] = []
    /// Where the undelivered body starts in `received`; nil until the head is complete.
    private var bodyStart: Int?
    private var chunked = false
    /// Body bytes still due in the current chunk (chunked only).
    private var chunkRemaining = 0
    private(set) var status: Int?

    /// The status, once the head has arrived.
    var head: Int? {
        mutating get {
            parseHead()
            return status
        }
    }

    private mutating func parseHead() {
        guard bodyStart == nil else { return }
        let separator: [UInt8] = Array("\r\n\r\n".utf8)
        guard let end = received.firstRange(of: separator) else { return }
        let head = String(decoding: received[..<end.lowerBound], as: UTF8.self).lowercased()
        status = head.split(separator: " ").dropFirst().first.flatMap { Int($0) }
        chunked = head.contains("transfer-encoding: chunked")
        bodyStart = end.upperBound
    }

    /// The body bytes that arrived since the last call.
    mutating func bodyBytes() -> [UInt8] {
        parseHead()
        guard var position = bodyStart else { return [] }
        var out: [UInt8] = []
        if !chunked {
            out = Array(received[position...])
            position = received.count
        } else {
            while position < received.count {
                if chunkRemaining > 0 {
                    let take = min(chunkRemaining, received.count - position)
                    out += received[position..<(position + take)]
                    position += take
                    chunkRemaining -= take
                    continue
                }
                // A chunk's size line (after the previous chunk's CRLF).
                var lineStart = position
                if received[lineStart...].starts(with: [0x0D, 0x0A]) { lineStart += 2 }
                guard let lineEnd = received[lineStart...].firstRange(of: [0x0D, 0x0A]) else { break }
                let sizeText = String(decoding: received[lineStart..<lineEnd.lowerBound], as: UTF8.self)
                guard let size = Int(sizeText.prefix { $0 != ";" }, radix: 16), size > 0 else {
                    position = received.count
                    break
                }
                chunkRemaining = size
                position = lineEnd.upperBound
            }
        }
        // Drop what was handed out, so a long stream does not grow the buffer.
        received.removeSubrange(..<position)
        bodyStart = 0
        return out
    }
}

/// Splits a `text/event-stream` body into events: (name, data) for each blank-line-terminated block.
struct ServerSentEventParser {
    private var pending = ""

    mutating func feed(_ bytes: [UInt8]) -> [(name: String, data: String)] {
        pending += String(decoding: bytes, as: UTF8.self)
        var events: [(String, String)] = []
        while let end = pending.range(of: "\n\n") {
            let block = pending[..<end.lowerBound]
            pending = String(pending[end.upperBound...])
            var name = "message"
            var data: [Substring] = []
            for line in block.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("event:") { name = line.dropFirst(6).trimmingPrefix(" ").description }
                if line.hasPrefix("data:") { data.append(line.dropFirst(5).trimmingPrefix(" ")) }
            }
            events.append((name, data.joined(separator: "\n")))
        }
        return events
    }
}
