// Interning of attribute sets: equal sets share one storage, the RIB holds one set per distinct
// value however many prefixes use it, and compaction drops the sets no path uses any more.

import BGPRouting
import BGPWire
import NetworkPrimitives
import Testing

@Suite("Attribute interning")
struct AttributeInternerTests {
    @Test("equal sets built separately share storage once interned; different sets do not")
    func sharing() {
        var interner = AttributeInterner()
        let a1 = rtAttributes([65001, 65002], med: 5)
        let a2 = rtAttributes([65001, 65002], med: 5)
        let b = rtAttributes([65001, 65002], med: 6)
        #expect(a1 == a2)
        #expect(!a1.sharesStorage(with: a2))

        let i1 = interner.intern(a1)
        let i2 = interner.intern(a2)
        let ib = interner.intern(b)
        #expect(i1.sharesStorage(with: i2))
        #expect(i2.sharesStorage(with: a1))  // the first one in becomes canonical
        #expect(!ib.sharesStorage(with: i1))
        #expect(interner.count == 2)
    }

    @Test("retainOnly keeps just the live sets")
    func retainOnly() {
        var interner = AttributeInterner()
        let sets = (0..<5).map { rtAttributes(med: UInt32($0)) }
        for set in sets { _ = interner.intern(set) }
        #expect(interner.count == 5)
        interner.retainOnly([sets[1], sets[3], sets[3]])
        #expect(interner.count == 2)
        // A dropped set interned again is a new canonical instance.
        let again = rtAttributes(med: 0)
        #expect(interner.intern(again).sharesStorage(with: again))
        #expect(interner.count == 3)
    }

    /// Attribute set `k` of 10: each built fresh, so nothing shares storage before the RIB interns it.
    func attributeSet(_ k: Int) -> PathAttributes {
        rtAttributes([65001, ASNumber(rawValue: 65100 + UInt32(k))], communities: [Community(65001, UInt16(k))])
    }

    func prefix(_ i: Int) -> IPv4Prefix {
        IPv4Prefix(uncheckedAddress: IPv4Address(10, UInt8(i / 256), UInt8(i % 256), 0), length: 24)
    }

    @Test("1,000 prefixes with 10 attribute sets hold 10 sets, shared between routes")
    func ribCounts() throws {
        var rib = rtRIB(peers: [1])
        for i in 0..<1000 { rib.announce(prefix(i), attributes: attributeSet(i % 10), from: rtPeer(1)) }
        #expect(rib.locRIBCount == 1000)
        #expect(rib.attributeSetCount == 10)

        let first = try #require(rib.best(for: prefix(3)))
        let same = try #require(rib.best(for: prefix(993)))
        let other = try #require(rib.best(for: prefix(4)))
        #expect(first.attributes.sharesStorage(with: same.attributes))
        #expect(!first.attributes.sharesStorage(with: other.attributes))

        // Re-announcing with freshly built equal sets adds nothing.
        for i in 0..<1000 { rib.announce(prefix(i), attributes: attributeSet(i % 10), from: rtPeer(1)) }
        #expect(rib.attributeSetCount == 10)
    }

    @Test("compactAttributes drops sets no longer used after withdrawals")
    func compaction() {
        var rib = rtRIB(peers: [1])
        for i in 0..<1000 { rib.announce(prefix(i), attributes: attributeSet(i % 10), from: rtPeer(1)) }
        // Withdraw every prefix using sets 0...4.
        for i in 0..<1000 where i % 10 < 5 { rib.withdraw(prefix(i), from: rtPeer(1)) }
        #expect(rib.locRIBCount == 500)
        #expect(rib.attributeSetCount == 10)  // not yet compacted
        rib.compactAttributes()
        #expect(rib.attributeSetCount == 5)
        // The routes still there keep sharing storage with new announcements of the same set.
        rib.announce(prefix(5), attributes: attributeSet(5), from: rtPeer(1))
        #expect(rib.attributeSetCount == 5)

        for i in 0..<1000 { rib.withdraw(prefix(i), from: rtPeer(1)) }
        rib.compactAttributes()
        #expect(rib.attributeSetCount == 0)
        #expect(rib.destinationCount == 0)
    }

    @Test("compaction keeps both the received and the policy-changed set of a path, and rejected ones")
    func compactionKeepsPrePolicy() {
        let policy = RoutePolicy(terms: [PolicyTerm(priority: 10, permit: true, actions: PolicyActions(setLocalPreference: 300))])
        var rib = rtRIB(peers: [1], checks: ImportChecks(localAS: 64512), policy: policy)
        rib.announce(rtPrefix("10.0.0.0/8"), attributes: rtAttributes(), from: rtPeer(1))
        rib.announce(rtPrefix("10.1.0.0/16"), attributes: rtAttributes([65001, 64512]), from: rtPeer(1))  // loop
        rib.compactAttributes()
        #expect(rib.attributeSetCount == 3)  // received, after policy, and the looped one
        #expect(rtPathView(rib, rtPrefix("10.0.0.0/8"), from: rtPeer(1))?.receivedAttributes == rtAttributes())
        rib.withdraw(rtPrefix("10.1.0.0/16"), from: rtPeer(1))
        rib.compactAttributes()
        #expect(rib.attributeSetCount == 2)
    }

    @Test("a batch announcement interns its attributes once")
    func batch() {
        var rib = rtRIB(peers: [1, 2])
        let prefixes = (0..<100).map(prefix)
        _ = rib.announce(prefixes, attributes: attributeSet(1), from: rtPeer(1))
        _ = rib.announce(prefixes, attributes: attributeSet(1), from: rtPeer(2))
        #expect(rib.attributeSetCount == 1)
        #expect(rib.paths(for: prefix(42)).count == 2)
        let views = rib.paths(for: prefix(42))
        #expect(views[0].attributes.sharesStorage(with: views[1].attributes))
    }
}
