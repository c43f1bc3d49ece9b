import ConnectionParameters
import BGPRouting

/// Where a destination stands in its connection's learned-route quota.
enum QuotaStanding: UInt8, Sendable {
    /// Not counted: no path that passes the import checks on a tunnel that is up.
    case none
    /// Among the first `limit` destinations: its paths are accepted.
    case admitted
    /// Past the quota: its paths are rejected with `quota_exceeded` until a place frees up.
    case waiting
}

/// The learned-route quota of one connection as an ordered ledger (reference §10 item 5).
///
/// The destinations admitted are the first `limit` in a fixed order: those with an eligible path over
/// tunnel 1 first, then the others, each group in prefix order (the order in which a replay of the
/// inputs, tunnel 1 then tunnel 2, would have counted them). Two heaps hold the boundary: the admitted
/// ones (largest key on top, the next to be evicted) and the waiting ones (smallest key on top, the
/// next to be admitted). Entries are checked lazily against the record's generation, so removing a
/// destination never searches a heap.
///
/// - Complexity: O(log n) amortised per insertion or removal.
struct QuotaLedger: Sendable {
    struct Entry: Sendable {
        var key: UInt64
        var generation: UInt32
        var slot: Int32
    }

    let limit: Int
    private var admitted: [Entry] = []
    private var waiting: [Entry] = []
    private(set) var admittedCount = 0
    private(set) var waitingCount = 0
    private var nextGeneration: UInt32 = 1

    init(limit: Int) {
        self.limit = max(limit, 0)
    }

    /// Counts a destination (its key was computed by the table). Records whose standing flips are
    /// appended to `flipped` (the one inserted is not: the caller decides it anyway).
    mutating func insert(
        slot: Int32, key: UInt64, records: inout ContiguousArray<ConnectionDestination>, flipped: inout [Int32]
    ) {
        let generation = nextGeneration
        nextGeneration &+= 1
        records[Int(slot)].generation = generation
        let entry = Entry(key: key, generation: generation, slot: slot)
        if admittedCount < limit {
            admit(entry, records: &records)
            return
        }
        if limit > 0, let top = validTop(&admitted, .admitted, records: records), key < top.key {
            QuotaLedger.pop(&admitted, maxHeap: true)
            records[Int(top.slot)].quota = .waiting
            QuotaLedger.push(&waiting, top, maxHeap: false)
            admittedCount -= 1
            waitingCount += 1
            flipped.append(top.slot)
            admit(entry, records: &records)
            return
        }
        records[Int(slot)].quota = .waiting
        QuotaLedger.push(&waiting, entry, maxHeap: false)
        waitingCount += 1
    }

    /// Stops counting a destination; the first waiting one takes a freed place.
    mutating func remove(slot: Int32, records: inout ContiguousArray<ConnectionDestination>, flipped: inout [Int32]) {
        let standing = records[Int(slot)].quota
        records[Int(slot)].quota = .none
        switch standing {
        case .none:
            return
        case .waiting:
            waitingCount -= 1
        case .admitted:
            admittedCount -= 1
            if let next = validTop(&waiting, .waiting, records: records) {
                QuotaLedger.pop(&waiting, maxHeap: false)
                waitingCount -= 1
                admit(next, records: &records)
                flipped.append(next.slot)
            }
        }
        compactIfStale(records: records)
    }

    private mutating func admit(_ entry: Entry, records: inout ContiguousArray<ConnectionDestination>) {
        records[Int(entry.slot)].quota = .admitted
        QuotaLedger.push(&admitted, entry, maxHeap: true)
        admittedCount += 1
    }

    /// The top entry that still stands for its record, dropping stale ones.
    private func isValid(_ entry: Entry, _ standing: QuotaStanding, _ records: ContiguousArray<ConnectionDestination>) -> Bool {
        let record = records[Int(entry.slot)]
        return record.generation == entry.generation && record.quota == standing
    }

    private func validTop(
        _ heap: inout [Entry], _ standing: QuotaStanding, records: ContiguousArray<ConnectionDestination>
    ) -> Entry? {
        while let top = heap.first {
            if isValid(top, standing, records) { return top }
            QuotaLedger.pop(&heap, maxHeap: standing == .admitted)
        }
        return nil
    }

    /// Rebuilds a heap that holds more stale entries than live ones.
    private mutating func compactIfStale(records: ContiguousArray<ConnectionDestination>) {
        if admitted.count > 64 && admitted.count > 2 * admittedCount {
            admitted = admitted.filter { isValid($0, .admitted, records) }
            QuotaLedger.heapify(&admitted, maxHeap: true)
        }
        if waiting.count > 64 && waiting.count > 2 * waitingCount {
            waiting = waiting.filter { isValid($0, .waiting, records) }
            QuotaLedger.heapify(&waiting, maxHeap: false)
        }
    }

    // MARK: Binary heap

    @inline(__always)
    private static func before(_ a: Entry, _ b: Entry, maxHeap: Bool) -> Bool { maxHeap ? a.key > b.key : a.key < b.key }

    private static func push(_ heap: inout [Entry], _ entry: Entry, maxHeap: Bool) {
        heap.append(entry)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard before(heap[child], heap[parent], maxHeap: maxHeap) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private static func pop(_ heap: inout [Entry], maxHeap: Bool) {
        let last = heap.removeLast()
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(&heap, from: 0, maxHeap: maxHeap)
    }

    private static func siftDown(_ heap: inout [Entry], from start: Int, maxHeap: Bool) {
        var parent = start
        while true {
            let left = 2 * parent + 1
            guard left < heap.count else { return }
            var best = left
            if left + 1 < heap.count && before(heap[left + 1], heap[left], maxHeap: maxHeap) { best = left + 1 }
            guard before(heap[best], heap[parent], maxHeap: maxHeap) else { return }
            heap.swapAt(best, parent)
            parent = best
        }
    }

    private static func heapify(_ heap: inout [Entry], maxHeap: Bool) {
        guard heap.count > 1 else { return }
        for start in stride(from: heap.count / 2 - 1, through: 0, by: -1) { siftDown(&heap, from: start, maxHeap: maxHeap) }
    }
}
