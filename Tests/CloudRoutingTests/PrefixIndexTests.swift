@testable import CloudRouting
import NetworkPrimitives
import Testing

/// `PrefixIndex` (four-octet buckets: fingerprint and slot; the prefix read from the table's
/// records) against a dictionary, through growth, backward-shift deletion and slot reuse.
@Suite struct PrefixIndexTests {
    /// A table's side of the index: records by slot, free slots reused, as the route tables keep them.
    struct Table {
        var index = PrefixIndex()
        var records: [IPv4Prefix] = []
        var free: [Int32] = []

        func slot(of prefix: IPv4Prefix) -> Int32? {
            index.slot(of: prefix) { records[Int($0)] }
        }

        mutating func insert(_ prefix: IPv4Prefix) -> Int32 {
            let slot: Int32
            if let reused = free.popLast() {
                slot = reused
                records[Int(slot)] = prefix
            } else {
                slot = Int32(records.count)
                records.append(prefix)
            }
            if index.isFull {
                let live = expectedSlots(excluding: slot)
                let records = self.records
                index.grow(entries: live.map { (records[Int($0)], $0) })
            }
            index.insert(prefix, slot: slot)
            return slot
        }

        /// The slots in use but `slot` (being filed now).
        func expectedSlots(excluding slot: Int32) -> [Int32] {
            let free = Set(self.free)
            return (0 ..< Int32(records.count)).filter { !free.contains($0) && $0 != slot }
        }

        mutating func remove(_ prefix: IPv4Prefix) -> Int32? {
            let records = self.records
            guard let slot = index.remove(prefix, prefixAt: { records[Int($0)] }) else { return nil }
            free.append(slot)
            return slot
        }
    }

    /// Prefixes that crowd a few homes: many lengths of few addresses (equal keys but for the length;
    /// some values give the same prefix).
    static func prefix(_ value: UInt64) -> IPv4Prefix {
        let length = Int(value % 33)
        let address = IPv4Address(rawValue: UInt32(truncatingIfNeeded: (value / 33) &* 0x0101_0000))
        return IPv4Prefix(masking: address, length: length)!
    }

    @Test func randomInsertionsAndRemovalsMatchADictionary() {
        var rng = SystemRandomNumberGenerator()
        var table = Table()
        var expected: [IPv4Prefix: Int32] = [:]
        for step in 0 ..< 60_000 {
            let prefix = PrefixIndexTests.prefix(UInt64.random(in: 0 ..< 20_000, using: &rng))
            // Mostly insertions first (the index grows several times), then mostly removals.
            let removing = Int.random(in: 0 ..< 100, using: &rng) < (step < 30_000 ? 25 : 75)
            if removing {
                #expect(table.remove(prefix) == expected.removeValue(forKey: prefix))
            } else if expected[prefix] == nil {
                expected[prefix] = table.insert(prefix)
            }
            #expect(table.index.count == expected.count)
            if step % 1_000 == 0 {
                for (prefix, slot) in expected { #expect(table.slot(of: prefix) == slot) }
            }
        }
        for (prefix, slot) in expected { #expect(table.slot(of: prefix) == slot) }
        for value in UInt64(0) ..< 20_000 {
            let prefix = PrefixIndexTests.prefix(value)
            #expect(table.slot(of: prefix) == expected[prefix])
        }
    }

    /// Past 2^16 buckets the index grows in two passes (sorted by home, then placed): 150,000
    /// prefixes take it through three such growths, with some removed and their slots reused.
    @Test func largeTablesGrowInTwoPassesAndKeepEveryEntry() {
        var table = Table()
        var expected: [IPv4Prefix: Int32] = [:]
        var rng = SystemRandomNumberGenerator()
        for value in UInt64(0) ..< 150_000 {
            let prefix = IPv4Prefix(masking: IPv4Address(rawValue: UInt32(truncatingIfNeeded: value &* 2_654_435_761)), length: 24 + Int(value % 9))!
            guard expected[prefix] == nil else { continue }
            expected[prefix] = table.insert(prefix)
            if Int.random(in: 0 ..< 10, using: &rng) == 0, let (victim, slot) = expected.first {
                #expect(table.remove(victim) == slot)
                expected[victim] = nil
            }
        }
        #expect(table.index.count == expected.count)
        for (prefix, slot) in expected { #expect(table.slot(of: prefix) == slot) }
    }

    @Test func prefetchChangesNothing() {
        var table = Table()
        var seen = Set<IPv4Prefix>()
        let prefixes = (UInt64(0) ..< 1_000).map(PrefixIndexTests.prefix).filter { seen.insert($0).inserted }.prefix(100)
        for prefix in prefixes.prefix(50) { _ = table.insert(prefix) }
        table.index.prefetch(prefixes)
        for (position, prefix) in prefixes.enumerated() {
            #expect(table.slot(of: prefix) == (position < 50 ? Int32(position) : nil))
        }
    }
}
