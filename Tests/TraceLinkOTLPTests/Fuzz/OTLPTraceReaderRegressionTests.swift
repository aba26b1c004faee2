import Foundation
import Testing
import TraceLinkCore
import TraceLinkOTLP

/// Requests that crashed the fast reader (Fuzz/, FuzzOTLPProtobuf: `regression-nested-array-depth-5000.binpb`).
///
/// `readAnyValue` recursed once per nested `array_value` or `kvlist_value` with no bound, so a 34 KB request
/// (5,000 levels) overflowed the stack and took the agent down (OTLP/HTTP and OTLP/gRPC alike). The reference
/// decoder refuses such nesting (swift-protobuf's message depth limit, 100). The crashing cases run in a child
/// process (an exit test) so that a regression fails this test instead of ending the whole test run.
@Suite struct OTLPTraceReaderRegressionTests {
    enum Nesting: String, CaseIterable, Codable, Sendable {
        /// `[[[…"x"…]]]`: AnyValue.array_value → ArrayValue.values → AnyValue …
        case array
        /// `{k={k=…"x"…}}`: AnyValue.kvlist_value → KeyValueList.values → KeyValue.value → AnyValue …
        case keyValueList
    }

    /// An export request with one valid span whose one attribute nests `depth` levels deep.
    static func nestedRequest(_ nesting: Nesting, depth: Int) -> [UInt8] {
        func varint(_ value: Int) -> [UInt8] {
            var value = UInt64(value)
            var bytes: [UInt8] = []
            while value >= 0x80 {
                bytes.append(UInt8(value & 0x7F) | 0x80)
                value >>= 7
            }
            return bytes + [UInt8(value)]
        }
        func field(_ number: UInt8, _ payload: [UInt8]) -> [UInt8] { [number << 3 | 2] + varint(payload.count) + payload }

        // Headers from the innermost level out, then written outermost first: no quadratic copying.
        let innermost = field(1, Array("x".utf8))  // AnyValue.string_value
        var headers: [[UInt8]] = []
        var size = innermost.count
        for _ in 0..<depth {
            let header: [UInt8]
            switch nesting {
            case .array:
                let values = [0x0A] + varint(size)  // ArrayValue.values
                header = [5 << 3 | 2] + varint(size + values.count) + values  // AnyValue.array_value
            case .keyValueList:
                let key = field(1, Array("k".utf8))
                let value = [0x12] + varint(size)  // KeyValue.value
                let keyValue = [0x0A] + varint(key.count + value.count + size) + key + value  // KeyValueList.values
                header = [6 << 3 | 2] + varint(keyValue.count + size) + keyValue  // AnyValue.kvlist_value
            }
            size += header.count
            headers.append(header)
        }
        let anyValue = headers.reversed().flatMap { $0 } + innermost
        let attribute = field(1, Array("nested".utf8)) + field(2, anyValue)
        let span = field(1, Array(1...16)) + field(2, Array(1...8)) + field(5, Array("op".utf8)) + field(9, attribute)
        return field(1, field(2, field(2, span)))  // request.resource_spans.scope_spans.spans
    }

    @Test("nesting far past the reference decoder's depth limit is an error, not a stack overflow", arguments: Nesting.allCases)
    func deepNestingIsAnError(nesting: Nesting) async {
        await #expect(processExitsWith: .success) { [nesting] in
            let bytes = OTLPTraceReaderRegressionTests.nestedRequest(nesting, depth: 5_000)
            var fastThrew = false
            do {
                _ = try bytes.withUnsafeBytes { try SpanBatch(request: $0) }
            } catch {
                fastThrew = true
            }
            // The reference refuses it too: the two agree on what is a valid request.
            let referenceThrew = (try? OTLPTraceDecoder.decode(protobuf: bytes)) == nil
            exit(fastThrew && referenceThrew ? EXIT_SUCCESS : EXIT_FAILURE)
        }
    }

    @Test("nesting both decoders accept decodes the same", arguments: Nesting.allCases)
    func shallowNestingMatchesTheReference(nesting: Nesting) throws {
        let bytes = Self.nestedRequest(nesting, depth: 20)
        let reference = try OTLPTraceDecoder.decode(protobuf: bytes)
        let fast = try bytes.withUnsafeBytes { try SpanBatch(request: $0) }
        #expect(reference.spans.count == 1)
        #expect(fast.decodedSpans == reference.spans)
    }

    @Test("the nesting limit holds at its edge, for an innermost attribute of the short form too", arguments: Nesting.allCases)
    func nestingLimitAtItsEdge(nesting: Nesting) throws {
        let limit = OTLPSpanBytes.maximumValueNesting
        // (Deeper than the reference decoder's message depth limit: compared with nothing but the span it holds.)
        let accepted = try Self.nestedRequest(nesting, depth: limit - 1).withUnsafeBytes { try SpanBatch(request: $0) }
        #expect(accepted.decodedSpans.map(\.name) == ["op"])
        #expect(throws: OTLPDecodingError.self) {
            _ = try Self.nestedRequest(nesting, depth: limit).withUnsafeBytes { try SpanBatch(request: $0) }
        }
    }
}
