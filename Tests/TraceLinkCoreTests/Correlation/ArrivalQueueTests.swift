import DequeModule
import Testing

@testable import TraceLinkCore

/// The queue against a `Deque` doing the same, across many chunk boundaries.
@Suite struct ArrivalQueueTests {
    @Test func behavesAsADeque() {
        var generator = SystemRandomNumberGenerator()
        var queue = ArrivalQueue()
        var reference = Deque<Int32>()
        var next: Int32 = 0
        for step in 0..<200_000 {
            // Growing for a while, then shrinking to empty, then growing again.
            let appending = (step / 50_000) % 2 == 0 ? Int.random(in: 0..<10, using: &generator) < 7 : Bool.random()
            if appending || reference.isEmpty {
                queue.append(next)
                reference.append(next)
                next += 1
            } else {
                #expect(queue.popFirst() == reference.popFirst())
            }
            if !reference.isEmpty, step % 97 == 0 {
                let position = Int.random(in: 0..<reference.count, using: &generator)
                #expect(queue[position] == reference[position])
                queue[position] = -queue[position]
                reference[position] = -reference[position]
            }
            #expect(queue.count == reference.count)
            #expect(queue.first == reference.first)
        }
        #expect(Array(queue) == Array(reference))
        while let first = reference.popFirst() { #expect(queue.popFirst() == first) }
        #expect(queue.popFirst() == nil)
        #expect(queue.count == 0)
    }
}
