// TimerHeap against a sorted reference: deadline order, ties in scheduling order, lazy cancellation.

@testable import BGPSpeaker
import Testing

@Suite struct TimerHeapTests {
    @Test(arguments: 0 ..< 20)
    func popsInDeadlineThenSchedulingOrder(seed: UInt64) {
        var heap = TimerHeap()
        var generator = SeededRandom(seed: seed)
        var expected: [(deadline: UInt64, id: TimerID)] = []
        var firedIDs: [TimerID] = []
        var fired: [Int] = []
        for index in 0 ..< 300 {
            let deadline = UInt64(generator.next() % 50)
            let id = heap.schedule(at: MonotonicInstant(nanoseconds: deadline)) { fired.append(index) }
            expected.append((deadline, id))
        }
        for entry in expected where generator.next() % 4 == 0 {
            let wasPending = heap.cancel(entry.id)
            #expect(wasPending)
            firedIDs.append(entry.id) // Mark as cancelled.
        }
        let cancelled = Set(firedIDs)
        let order = expected.enumerated()
            .filter { !cancelled.contains($0.element.id) }
            .sorted { ($0.element.deadline, $0.offset) < ($1.element.deadline, $1.offset) }
            .map(\.offset)
        #expect(heap.count == order.count)
        while let body = heap.popDue(at: MonotonicInstant(nanoseconds: 100), scheduledBefore: .max) {
            body()
        }
        #expect(fired == order)
        #expect(heap.count == 0)
        #expect(heap.nextDeadline() == nil)
    }

    @Test func onlyDueTimersScheduledBeforeTheLimitPop() {
        var heap = TimerHeap()
        _ = heap.schedule(at: MonotonicInstant(nanoseconds: 10)) {}
        let limit = heap.sequenceMark
        _ = heap.schedule(at: MonotonicInstant(nanoseconds: 5)) {}
        #expect(heap.nextDeadline() == MonotonicInstant(nanoseconds: 5))
        #expect(heap.popDue(at: MonotonicInstant(nanoseconds: 20), scheduledBefore: limit) == nil)
        #expect(heap.popDue(at: MonotonicInstant(nanoseconds: 9), scheduledBefore: .max) != nil)
        #expect(heap.popDue(at: MonotonicInstant(nanoseconds: 9), scheduledBefore: .max) == nil)
        #expect(heap.popDue(at: MonotonicInstant(nanoseconds: 10), scheduledBefore: .max) != nil)
    }
}

/// SplitMix64.
struct SeededRandom {
    var state: UInt64
    init(seed: UInt64) { self.state = seed }
    mutating func next() -> UInt64 {
        self.state &+= 0x9E37_79B9_7F4A_7C15
        var z = self.state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
