/// The pending occurrences of a simulation, in time order; occurrences at the same time come out in
/// the order they were scheduled, so a run is deterministic.
struct EventQueue<Element: Sendable>: Sendable {
    private struct Entry: Sendable {
        var time: Duration
        var sequence: UInt64
        var element: Element

        func precedes(_ other: Entry) -> Bool {
            time < other.time || (time == other.time && sequence < other.sequence)
        }
    }

    private var heap: [Entry] = []
    private var sequence: UInt64 = 0

    var isEmpty: Bool { heap.isEmpty }
    var count: Int { heap.count }
    /// When the next occurrence is due.
    var nextTime: Duration? { heap.first?.time }

    mutating func schedule(_ element: Element, at time: Duration) {
        heap.append(Entry(time: time, sequence: sequence, element: element))
        sequence &+= 1
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard heap[child].precedes(heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    /// Removes and returns the earliest occurrence.
    mutating func pop() -> (time: Duration, element: Element)? {
        guard !heap.isEmpty else { return nil }
        heap.swapAt(0, heap.count - 1)
        let entry = heap.removeLast()
        var parent = 0
        while true {
            let left = 2 * parent + 1
            let right = left + 1
            var first = parent
            if left < heap.count, heap[left].precedes(heap[first]) { first = left }
            if right < heap.count, heap[right].precedes(heap[first]) { first = right }
            guard first != parent else { break }
            heap.swapAt(parent, first)
            parent = first
        }
        return (entry.time, entry.element)
    }
}
