/// The event loop's pending timers: a binary min-heap ordered by deadline, then by scheduling order,
/// so timers due at the same instant fire first-scheduled first.
///
/// Cancellation is lazy: a cancelled timer leaves the body table at once and its heap entry is
/// skipped when it reaches the top. `epoll_wait` sleeps until ``nextDeadline``, at millisecond
/// resolution (rounded up, so a timer never fires early).
/// - Complexity: schedule and pop O(log n); cancel O(1).
internal struct TimerHeap {
    private struct Entry {
        var deadline: MonotonicInstant
        var sequence: UInt64
    }

    private var heap: [Entry] = []
    private var bodies: [UInt64: () -> Void] = [:]
    private var nextSequence: UInt64 = 1

    /// The number of live (not cancelled, not fired) timers.
    var count: Int { self.bodies.count }

    /// Adds a timer; its ID is also its sequence number.
    mutating func schedule(at deadline: MonotonicInstant, _ body: @escaping () -> Void) -> TimerID {
        let sequence = self.nextSequence
        self.nextSequence += 1
        self.bodies[sequence] = body
        self.heap.append(Entry(deadline: deadline, sequence: sequence))
        self.siftUp(self.heap.count - 1)
        return TimerID(rawValue: sequence)
    }

    /// Forgets a timer; `false` if it had already fired or been cancelled.
    @discardableResult
    mutating func cancel(_ id: TimerID) -> Bool {
        self.bodies.removeValue(forKey: id.rawValue) != nil
    }

    /// The earliest live deadline.
    mutating func nextDeadline() -> MonotonicInstant? {
        self.dropCancelledTop()
        return self.heap.first?.deadline
    }

    /// Removes and returns the earliest live timer if it is due at `now` and was scheduled before
    /// `sequenceLimit` (timers scheduled by a firing timer wait for the next loop iteration).
    mutating func popDue(at now: MonotonicInstant, scheduledBefore sequenceLimit: UInt64) -> (() -> Void)? {
        self.dropCancelledTop()
        guard let top = self.heap.first, top.deadline <= now, top.sequence < sequenceLimit else { return nil }
        self.removeTop()
        return self.bodies.removeValue(forKey: top.sequence)
    }

    /// The sequence number the next timer gets.
    var sequenceMark: UInt64 { self.nextSequence }

    /// Drops every timer.
    mutating func removeAll() {
        self.heap.removeAll()
        self.bodies.removeAll()
    }

    private mutating func dropCancelledTop() {
        while let top = self.heap.first, self.bodies[top.sequence] == nil {
            self.removeTop()
        }
    }

    private mutating func removeTop() {
        let last = self.heap.removeLast()
        guard !self.heap.isEmpty else { return }
        self.heap[0] = last
        self.siftDown(0)
    }

    private static func precedes(_ a: Entry, _ b: Entry) -> Bool {
        (a.deadline, a.sequence) < (b.deadline, b.sequence)
    }

    private mutating func siftUp(_ start: Int) {
        var child = start
        while child > 0 {
            let parent = (child - 1) / 2
            guard Self.precedes(self.heap[child], self.heap[parent]) else { return }
            self.heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var smallest = parent
            if left < self.heap.count, Self.precedes(self.heap[left], self.heap[smallest]) { smallest = left }
            if right < self.heap.count, Self.precedes(self.heap[right], self.heap[smallest]) { smallest = right }
            guard smallest != parent else { return }
            self.heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
