// RIB update sequences: announcements, implicit withdraws (RFC 4271 §9), withdrawals, session loss,
// End-of-RIB (RFC 4724 §2), multipath over two tunnels, and rejected paths kept with their reason.
// Every step asserts the returned RIBChange (previous and current best, multipathChanged).

import BGPRouting
import BGPWire
import NetworkPrimitives
import Testing

@Suite("RIB update sequences")
struct RIBTests {
    let prefix = rtPrefix("192.168.10.0/24")
    let p1 = rtPeer(1)
    let p2 = rtPeer(2)

    @Test("announce, worse second path, implicit withdraw, withdraw")
    func updateSequence() throws {
        var rib = rtRIB()

        // 1. Peer 1 announces: the prefix enters the Loc-RIB.
        let firstChange = rib.announce(prefix, attributes: rtAttributes([65001, 65100]), from: p1)
        let first = try #require(firstChange)
        #expect(first.prefix == prefix)
        #expect(first.previous == nil)
        #expect(first.current?.peer == p1)
        #expect(first.current?.attributes == rtAttributes([65001, 65100]))
        #expect(first.multipathChanged)
        #expect(rib.locRIBCount == 1)

        // 2. Peer 2 announces a longer path: no change.
        #expect(rib.announce(prefix, attributes: rtAttributes([65001, 65050, 65100]), from: p2) == nil)
        #expect(rib.best(for: prefix)?.peer == p1)
        #expect(rtPathView(rib, prefix, from: p2)?.lostAt == .asPathLength)
        #expect(rib.paths(for: prefix).count == 2)

        // 3. Peer 1 re-announces an even longer path (implicit withdraw): peer 2 is now better.
        let longer = rtAttributes([65001, 65001, 65001, 65100])
        let movedChange = rib.announce(prefix, attributes: longer, from: p1)
        let moved = try #require(movedChange)
        #expect(moved.previous?.peer == p1)
        #expect(moved.previous?.attributes == rtAttributes([65001, 65100]))
        #expect(moved.current?.peer == p2)
        #expect(moved.multipathChanged)
        #expect(rib.paths(for: prefix).count == 2)  // replaced, not added
        #expect(rtPathView(rib, prefix, from: p1)?.attributes == longer)
        #expect(rtPathView(rib, prefix, from: p1)?.lostAt == .asPathLength)

        // 4. Peer 2 withdraws: back to peer 1's (longer) path.
        let backChange = rib.withdraw(prefix, from: p2)
        let back = try #require(backChange)
        #expect(back.previous?.peer == p2)
        #expect(back.current?.peer == p1)
        #expect(back.current?.attributes == longer)
        #expect(back.multipathChanged)

        // 5. Peer 1 withdraws: the prefix leaves the Loc-RIB.
        let goneChange = rib.withdraw(prefix, from: p1)
        let gone = try #require(goneChange)
        #expect(gone.previous?.peer == p1)
        #expect(gone.current == nil)
        #expect(gone.multipathChanged)
        #expect(rib.best(for: prefix) == nil)
        #expect(rib.paths(for: prefix).isEmpty)
        #expect(rib.destinationCount == 0)
        #expect(rib.locRIBCount == 0)

        // 6. Withdrawing what is not there changes nothing.
        #expect(rib.withdraw(prefix, from: p1) == nil)
    }

    @Test("re-announcing the same path is not a change")
    func duplicateAnnouncement() {
        var rib = rtRIB()
        rib.announce(prefix, attributes: rtAttributes(), from: p1)
        #expect(rib.announce(prefix, attributes: rtAttributes(), from: p1) == nil)
        rib.announce(prefix, attributes: rtAttributes([65001, 65002]), from: p2)
        #expect(rib.announce(prefix, attributes: rtAttributes([65001, 65002]), from: p2) == nil)
        #expect(rib.announce(prefix, attributes: rtAttributes(), from: p1) == nil)
        #expect(rib.best(for: prefix)?.peer == p1)
    }

    @Test("a better path from a second peer takes over")
    func betterSecondPath() throws {
        var rib = rtRIB()
        rib.announce(prefix, attributes: rtAttributes([65001, 65050, 65100]), from: p1)
        let result = rib.announce(prefix, attributes: rtAttributes([65001, 65100]), from: p2)
        let change = try #require(result)
        #expect(change.previous?.peer == p1)
        #expect(change.current?.peer == p2)
        #expect(change.multipathChanged)
    }

    @Test("withdrawing a losing path is not a Loc-RIB change")
    func withdrawLoser() {
        var rib = rtRIB()
        rib.announce(prefix, attributes: rtAttributes(), from: p1)
        rib.announce(prefix, attributes: rtAttributes([65001, 65002]), from: p2)
        #expect(rib.withdraw(prefix, from: p2) == nil)
        #expect(rib.best(for: prefix)?.peer == p1)
        #expect(rib.paths(for: prefix).count == 1)
    }

    @Test("removePaths(of:) returns one change per prefix whose Loc-RIB entry changed, in prefix order")
    func removePaths() {
        var rib = rtRIB()
        let a = rtPrefix("10.1.0.0/16"), b = rtPrefix("10.2.0.0/16"), c = rtPrefix("10.3.0.0/16")
        let loser = rtPrefix("10.4.0.0/16"), untouched = rtPrefix("10.5.0.0/16")
        // Announced out of order on purpose.
        for p in [c, a, b] { rib.announce(p, attributes: rtAttributes(), from: p1) }
        rib.announce(b, attributes: rtAttributes([65001, 65002]), from: p2)  // backup for b
        rib.announce(loser, attributes: rtAttributes(), from: p2)
        rib.announce(loser, attributes: rtAttributes([65001, 65002]), from: p1)  // peer 1 loses here
        rib.announce(untouched, attributes: rtAttributes(), from: p2)

        let changes = rib.removePaths(of: p1)
        #expect(changes.map(\.prefix) == [a, b, c])
        #expect(changes.allSatisfy { $0.previous?.peer == p1 })
        #expect(changes.map { $0.current?.peer } == [nil, p2, nil])
        #expect(changes.allSatisfy { $0.multipathChanged })

        #expect(rib.best(for: b)?.peer == p2)
        #expect(rib.paths(for: loser).map(\.peer) == [p2])
        #expect(rib.acceptedCount(from: p1) == 0)
        #expect(rib.locRIB.map(\.prefix) == [b, loser, untouched])
        #expect(rib.removePaths(of: p1).isEmpty)
    }

    @Test("End-of-RIB is recorded per peer and forgotten when the session's paths are removed")
    func endOfRIB() {
        var rib = rtRIB()
        #expect(rib.endOfRIBReceived.isEmpty)
        rib.endOfRIB(from: p1)
        rib.endOfRIB(from: p2)
        #expect(rib.endOfRIBReceived == [p1, p2])
        _ = rib.removePaths(of: p1)
        #expect(rib.endOfRIBReceived == [p2])
    }

    // MARK: Two tunnels

    /// Two tunnels of one VPN connection: the same customer AS 65001, different session addresses.
    func tunnels() -> RIB<IPv4Prefix> {
        var rib = RIB<IPv4Prefix>(config: DecisionConfig(multipathThrough: .interiorCost))
        rib.setPeer(p1, .init(info: rtPeerInfo(1, asn: 65001, address: rtAddress("169.254.10.1"), routerID: rtAddress("10.10.10.1"))))
        rib.setPeer(p2, .init(info: rtPeerInfo(2, asn: 65001, address: rtAddress("169.254.20.1"), routerID: rtAddress("10.10.10.2"))))
        return rib
    }

    @Test("two tunnels with the same attributes form a multipath set; a prepend removes one")
    func tunnelMultipath() throws {
        var rib = tunnels()
        let same = rtAttributes([65001], nextHop: rtAddress("169.254.10.1"))

        let firstChange = rib.announce(prefix, attributes: same, from: p1)

        let first = try #require(firstChange)
        #expect(first.current?.peer == p1)
        #expect(first.multipathChanged)

        // The second tunnel joins the set; the best path stays (lower BGP Identifier).
        let secondChange = rib.announce(prefix, attributes: same, from: p2)
        let second = try #require(secondChange)
        #expect(second.previous?.peer == p1)
        #expect(second.current?.peer == p1)
        #expect(second.multipathChanged)
        #expect(rtMultipathPeers(rib, prefix) == [p1, p2])
        #expect(rib.paths(for: prefix).allSatisfy { $0.isMultipath })
        #expect(rtPathView(rib, prefix, from: p2)?.lostAt == .routerID)

        // Tunnel 2 prepends: it leaves the set, the best path is unchanged.
        let prepended = rtAttributes([65001, 65001, 65001], nextHop: rtAddress("169.254.10.1"))
        let droppedChange = rib.announce(prefix, attributes: prepended, from: p2)
        let dropped = try #require(droppedChange)
        #expect(dropped.previous?.peer == p1)
        #expect(dropped.current?.peer == p1)
        #expect(dropped.multipathChanged)
        #expect(rtMultipathPeers(rib, prefix) == [p1])
        #expect(rtPathView(rib, prefix, from: p2)?.isMultipath == false)
        #expect(rtPathView(rib, prefix, from: p2)?.lostAt == .asPathLength)

        // Tunnel 2 stops prepending: the set is whole again.
        let rejoinedChange = rib.announce(prefix, attributes: same, from: p2)
        let rejoined = try #require(rejoinedChange)
        #expect(rejoined.current?.peer == p1)
        #expect(rejoined.multipathChanged)
        #expect(rtMultipathPeers(rib, prefix) == [p1, p2])

        // Tunnel 1 (the best) prepends: tunnel 2 becomes best and the only member.
        let movedChange = rib.announce(prefix, attributes: prepended, from: p1)
        let moved = try #require(movedChange)
        #expect(moved.previous?.peer == p1)
        #expect(moved.current?.peer == p2)
        #expect(moved.multipathChanged)
        #expect(rtMultipathPeers(rib, prefix) == [p2])
    }

    @Test("refreshing an unchanged path of a multipath set is not a change")
    func tunnelRefresh() {
        var rib = tunnels()
        let same = rtAttributes([65001])
        rib.announce(prefix, attributes: same, from: p1)
        rib.announce(prefix, attributes: same, from: p2)
        #expect(rtMultipathPeers(rib, prefix) == [p1, p2])
        // ROUTE-REFRESH or a duplicate UPDATE: same paths, same set, nothing to report.
        #expect(rib.announce(prefix, attributes: same, from: p1) == nil)
        #expect(rib.announce(prefix, attributes: same, from: p2) == nil)
        #expect(rib.announce(prefix, attributes: same, from: p1) == nil)
        #expect(rtMultipathPeers(rib, prefix) == [p1, p2])
    }

    @Test("a multipath member that changes its attributes (here NEXT_HOP) but stays in the set is a multipath change")
    func tunnelMemberAttributesChange() throws {
        var rib = tunnels()
        rib.announce(prefix, attributes: rtAttributes([65001], nextHop: rtAddress("169.254.10.1")), from: p1)
        rib.announce(prefix, attributes: rtAttributes([65001], nextHop: rtAddress("169.254.20.1")), from: p2)
        #expect(rtMultipathPeers(rib, prefix) == [p1, p2])

        // Tunnel 2 (not the best) moves its next hop; it still ties, so it stays in the set.
        let moved = rtAttributes([65001], nextHop: rtAddress("169.254.20.5"))
        let result = rib.announce(prefix, attributes: moved, from: p2)
        let change = try #require(result, "the ECMP next hops changed; owners must hear of it")
        #expect(change.previous?.peer == p1)
        #expect(change.current?.peer == p1)
        #expect(change.multipathChanged)
        #expect(rib.multipath(for: prefix).map(\.attributes.nextHop) == [rtAddress("169.254.10.1"), rtAddress("169.254.20.5")])
    }

    @Test("withdrawing a multipath member reports a multipath change with the same best")
    func tunnelWithdraw() throws {
        var rib = tunnels()
        rib.announce(prefix, attributes: rtAttributes(), from: p1)
        rib.announce(prefix, attributes: rtAttributes(), from: p2)
        let result = rib.withdraw(prefix, from: p2)
        let change = try #require(result)
        #expect(change.previous?.peer == p1)
        #expect(change.current?.peer == p1)
        #expect(change.multipathChanged)
        #expect(rtMultipathPeers(rib, prefix) == [p1])
    }

    @Test("without multipath the set is the best path alone")
    func noMultipath() {
        var rib = rtRIB()
        rib.announce(prefix, attributes: rtAttributes(), from: p1)
        #expect(rib.announce(prefix, attributes: rtAttributes(), from: p2) == nil)
        #expect(rtMultipathPeers(rib, prefix) == [p1])
    }

    // MARK: Rejected paths

    @Test("rejected paths stay visible with their reason and never become best")
    func rejectedStayVisible() throws {
        var rib = RIB<IPv4Prefix>()
        rib.setPeer(p1, .init(info: rtPeerInfo(1)))
        rib.setPeer(p2, .init(info: rtPeerInfo(2), checks: ImportChecks(localAS: 64512)))

        // A looped path, alone: no Loc-RIB entry, but visible.
        let looped = rtAttributes([65001, 64512], localPreference: 1000)
        #expect(rib.announce(prefix, attributes: looped, from: p2) == nil)
        #expect(rib.best(for: prefix) == nil)
        #expect(rib.destinationCount == 1)
        #expect(rib.locRIBCount == 0)
        #expect(rib.multipath(for: prefix).isEmpty)
        let view = try #require(rtPathView(rib, prefix, from: p2))
        #expect(view.rejection == .asPathLoop)
        #expect(!view.isBest && !view.isMultipath)
        #expect(view.attributes == looped)
        #expect(view.peerName == "peer-2")

        // A worse eligible path still wins against it (the rejected one has LOCAL_PREF 1000).
        let eligibleChange = rib.announce(prefix, attributes: rtAttributes([65001, 65002, 65003]), from: p1)
        let eligible = try #require(eligibleChange)
        #expect(eligible.previous == nil)
        #expect(eligible.current?.peer == p1)
        let views = rib.paths(for: prefix)
        #expect(views.map(\.peer) == [p1, p2])
        #expect(views.map(\.rejection) == [nil, .asPathLoop])
        #expect(views[1].lostAt == nil)
        #expect(rib.acceptedCount(from: p2) == 0)
        #expect(rib.acceptedCount(from: p1) == 1)

        // The eligible path goes: the prefix leaves the Loc-RIB, the rejected path stays.
        let goneChange = rib.withdraw(prefix, from: p1)
        let gone = try #require(goneChange)
        #expect(gone.current == nil)
        #expect(rib.paths(for: prefix).map(\.rejection) == [.asPathLoop])

        // Withdrawing the rejected path is no Loc-RIB change.
        #expect(rib.withdraw(prefix, from: p2) == nil)
        #expect(rib.destinationCount == 0)
    }

    @Test("a best path that becomes ineligible leaves the Loc-RIB")
    func bestBecomesIneligible() throws {
        var rib = RIB<IPv4Prefix>()
        rib.setPeer(p1, .init(info: rtPeerInfo(1), checks: ImportChecks(localAS: 64512)))
        rib.announce(prefix, attributes: rtAttributes([65001]), from: p1)
        let result = rib.announce(prefix, attributes: rtAttributes([65001, 64512]), from: p1)
        let change = try #require(result)
        #expect(change.previous?.peer == p1)
        #expect(change.current == nil)
        #expect(change.multipathChanged)
        #expect(rib.paths(for: prefix).first?.rejection == .asPathLoop)
    }

    @Test("paths(for:) lists the best, then eligible paths by how far they got, then rejected ones")
    func pathsOrder() {
        var rib = RIB<IPv4Prefix>()
        for n: UInt8 in 1...5 {
            rib.setPeer(rtPeer(UInt32(n)), .init(info: rtPeerInfo(n), checks: ImportChecks(localAS: 64512)))
        }
        rib.announce(prefix, attributes: rtAttributes([65001, 64512]), from: rtPeer(1))  // rejected
        rib.announce(prefix, attributes: rtAttributes(localPreference: 50), from: rtPeer(2))  // loses at LOCAL_PREF
        rib.announce(prefix, attributes: rtAttributes([65001, 65002]), from: rtPeer(3))  // loses at AS_PATH
        rib.announce(prefix, attributes: rtAttributes(), from: rtPeer(5))  // loses at the Identifier
        rib.announce(prefix, attributes: rtAttributes(), from: rtPeer(4))  // best
        let views = rib.paths(for: prefix)
        #expect(views.map(\.peer) == [rtPeer(4), rtPeer(5), rtPeer(3), rtPeer(2), rtPeer(1)])
        #expect(views.map(\.lostAt) == [nil, .routerID, .asPathLength, .localPreference, nil])
        #expect(views.map(\.isBest) == [true, false, false, false, false])
    }

    @Test("locRIB lists every best path in prefix order; batch announce reports each change")
    func locRIB() {
        var rib = rtRIB()
        let prefixes = ["10.3.0.0/16", "10.1.0.0/16", "10.2.0.0/16", "10.2.0.0/24"].map(rtPrefix)
        let changes = rib.announce(prefixes, attributes: rtAttributes(), from: p1)
        #expect(changes.map(\.prefix) == prefixes)
        #expect(changes.allSatisfy { $0.previous == nil && $0.current?.peer == p1 })
        #expect(rib.locRIB.map(\.prefix) == prefixes.sorted())
        #expect(rib.locRIB.allSatisfy { $0.best.peer == p1 })
        // The same batch again changes nothing.
        #expect(rib.announce(prefixes, attributes: rtAttributes(), from: p1).isEmpty)
        #expect(rib.acceptedCount(from: p1) == 4)
    }

    @Test("a locally originated route (empty AS_PATH) wins on path length and reads as PeerID.local")
    func localRoute() {
        var rib = rtRIB()
        rib.announce(prefix, attributes: rtAttributes([65001]), from: p1)
        let local = PathAttributes(origin: .igp, asPath: .empty, nextHop: rtNextHop)
        let change = rib.announce(prefix, attributes: local, from: .local)
        #expect(change?.current?.peer == .local)
        #expect(rtPathView(rib, prefix, from: p1)?.lostAt == .asPathLength)
    }
}
