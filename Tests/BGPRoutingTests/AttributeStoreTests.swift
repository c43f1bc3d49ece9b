import BGPRouting
import BGPWire
import NetworkPrimitives
import Testing

/// `AttributeStore`: one ID per distinct set, counted references, a set freed at its last release
/// and its slot reused, through the index's growth and backward-shift deletion.
@Suite struct AttributeStoreTests {
    static func attributes(_ value: Int) -> PathAttributes {
        PathAttributes(origin: .igp, asPath: ASPath(sequence: [ASNumber(rawValue: UInt32(64_512 + value % 1_000)),
                                                                   ASNumber(rawValue: UInt32(value / 1_000 + 1))]))
    }

    @Test func equalSetsShareOneIDAndAFreedSetLeaves() {
        var store = AttributeStore()
        let a = store.intern(AttributeStoreTests.attributes(1))
        let b = store.intern(AttributeStoreTests.attributes(1))
        let c = store.intern(AttributeStoreTests.attributes(2))
        #expect(a == b)
        #expect(a != c)
        #expect(store.count == 2)
        #expect(store[a] == AttributeStoreTests.attributes(1))
        store.release(a)
        #expect(store.count == 2)
        store.release(b)
        #expect(store.count == 1)
        // The freed slot is reused by the next new set, and the old value is not found any more.
        let d = store.intern(AttributeStoreTests.attributes(3))
        #expect(d == a)
        #expect(store[d] == AttributeStoreTests.attributes(3))
        #expect(store.intern(AttributeStoreTests.attributes(2)) == c)
    }

    @Test func randomInterningAndReleasesKeepCounts() {
        var rng = SystemRandomNumberGenerator()
        var store = AttributeStore()
        var held: [Int: (id: AttributeSetID, references: Int)] = [:]
        for step in 0 ..< 40_000 {
            let value = Int.random(in: 0 ..< 5_000, using: &rng)
            let releasing = Int.random(in: 0 ..< 100, using: &rng) < (step < 20_000 ? 30 : 70)
            if releasing {
                guard let entry = held[value] else { continue }
                store.release(entry.id)
                held[value] = entry.references == 1 ? nil : (entry.id, entry.references - 1)
            } else {
                let id = store.intern(AttributeStoreTests.attributes(value))
                if let entry = held[value] { #expect(entry.id == id) }
                held[value] = (id, (held[value]?.references ?? 0) + 1)
            }
            #expect(store.count == held.count)
        }
        for (value, entry) in held {
            #expect(store[entry.id] == AttributeStoreTests.attributes(value))
            #expect(store.rank(entry.id).asPathLength == 2)
        }
        #expect(Set(held.values.map(\.id)).count == held.count)
    }
}
