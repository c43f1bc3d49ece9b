// The decision process (RFC 4271 §9.1.2.2 with RFC 4456 §9), table-driven in the style of OpenBGPD's
// `regress/usr.sbin/bgpd/unittests/rde_decide_test.c`: one baseline path and, for every tie-breaker,
// one variant that is worse at exactly that step and equal at every earlier one.

import BGPRouting
import BGPWire
import NetworkPrimitives
import Testing

/// One row of the decision table: a variant of the baseline that must lose at `step`.
struct DecisionTableRow: Sendable, CustomTestStringConvertible {
    var label: String
    var step: TieBreaker
    /// Makes a path worse at `step` and nowhere earlier.
    var worsen: @Sendable (inout PathAttributes, inout PeerInfo) -> Void

    var testDescription: String { label }

    /// The baseline: eBGP from AS 65001, LOCAL_PREF 200, two ASes, IGP, MED 10, interior cost 10,
    /// BGP Identifier 10.255.0.5, no ORIGINATOR_ID or CLUSTER_LIST, session address 10.0.0.1.
    static let baselineAttributes = rtAttributes([65001, 65100], origin: .igp, med: 10, localPreference: 200)
    static let baselinePeer = rtPeerInfo(1, asn: 65001, interiorCost: 10, routerID: IPv4Address(10, 255, 0, 5))

    /// The baseline made worse by this row.
    var attributes: PathAttributes { applied(to: Self.baselineAttributes, Self.baselinePeer).0 }
    var peer: PeerInfo { applied(to: Self.baselineAttributes, Self.baselinePeer).1 }

    func applied(to attributes: PathAttributes, _ peer: PeerInfo) -> (PathAttributes, PeerInfo) {
        var a = attributes
        var p = peer
        worsen(&a, &p)
        return (a, p)
    }

    static let all: [DecisionTableRow] = [
        DecisionTableRow(label: "lower LOCAL_PREF", step: .localPreference) { a, _ in a.localPreference = 150 },
        DecisionTableRow(label: "longer AS_PATH", step: .asPathLength) { a, _ in
            a.asPath = ASPath(sequence: [65001, 65050, 65100])
        },
        DecisionTableRow(label: "worse ORIGIN (EGP)", step: .origin) { a, _ in a.origin = .egp },
        DecisionTableRow(label: "worse ORIGIN (INCOMPLETE)", step: .origin) { a, _ in a.origin = .incomplete },
        DecisionTableRow(label: "higher MED from the same neighbour AS", step: .multiExitDiscriminator) { a, _ in
            a.multiExitDiscriminator = 20
        },
        DecisionTableRow(label: "iBGP instead of eBGP", step: .externalOverInternal) { _, p in p.isExternal = false },
        DecisionTableRow(label: "higher interior cost", step: .interiorCost) { _, p in p.interiorCost = 20 },
        DecisionTableRow(label: "higher BGP Identifier", step: .routerID) { _, p in p.routerID = IPv4Address(10, 255, 0, 9) },
        // The variant's own peer has a LOWER BGP Identifier; its ORIGINATOR_ID (higher) must be used instead.
        DecisionTableRow(label: "ORIGINATOR_ID stands in for the BGP Identifier", step: .routerID) { a, p in
            a.originatorID = IPv4Address(10, 255, 0, 9)
            p.routerID = IPv4Address(10, 255, 0, 1)
        },
        DecisionTableRow(label: "longer CLUSTER_LIST", step: .clusterListLength) { a, _ in
            a.clusterList = [IPv4Address(10, 255, 255, 1)]
        },
        DecisionTableRow(label: "higher peer address", step: .peerAddress) { _, p in p.address = .v4(IPv4Address(10, 0, 0, 2)) },
    ]
}

@Suite("Decision process (RFC 4271 §9.1.2.2, RFC 4456 §9)")
struct DecisionProcessTests {
    let baseline = PathRank(attributes: DecisionTableRow.baselineAttributes, peer: DecisionTableRow.baselinePeer)

    // MARK: The table

    @Test("the table has a row for every tie-breaker")
    func tableCoversEveryTieBreaker() {
        #expect(Set(DecisionTableRow.all.map(\.step)) == Set(TieBreaker.allCases))
    }

    @Test("the baseline beats a variant that is worse at one step, in both argument orders", arguments: DecisionTableRow.all)
    func baselineWins(row: DecisionTableRow) {
        let variant = PathRank(attributes: row.attributes, peer: row.peer)
        #expect(variant != baseline)

        let forward = DecisionProcess.select([baseline, variant])
        #expect(forward.best == 0)
        #expect(forward.eliminatedBy == [nil, row.step])
        #expect(forward.multipath == [0])

        let backward = DecisionProcess.select([variant, baseline])
        #expect(backward.best == 1)
        #expect(backward.eliminatedBy == [row.step, nil])
        #expect(backward.multipath == [1])
    }

    @Test("in the RIB the variant's path is shown as lost at that step, whichever arrives first", arguments: DecisionTableRow.all)
    func ribShowsLostAt(row: DecisionTableRow) {
        let prefix = rtPrefix("203.0.113.0/24")
        var variantPeer = row.peer
        if row.step != .peerAddress { variantPeer.address = .v4(IPv4Address(10, 0, 0, 2)) }
        for baselineFirst in [true, false] {
            var rib = RIB<IPv4Prefix>()
            rib.setPeer(rtPeer(1), .init(info: DecisionTableRow.baselinePeer))
            rib.setPeer(rtPeer(2), .init(info: variantPeer))
            if baselineFirst {
                rib.announce(prefix, attributes: DecisionTableRow.baselineAttributes, from: rtPeer(1))
                rib.announce(prefix, attributes: row.attributes, from: rtPeer(2))
            } else {
                rib.announce(prefix, attributes: row.attributes, from: rtPeer(2))
                rib.announce(prefix, attributes: DecisionTableRow.baselineAttributes, from: rtPeer(1))
            }
            #expect(rib.best(for: prefix)?.peer == rtPeer(1))
            #expect(rtPathView(rib, prefix, from: rtPeer(2))?.lostAt == row.step)
            #expect(rtPathView(rib, prefix, from: rtPeer(1))?.lostAt == nil)
            #expect(rib.paths(for: prefix).map(\.peer) == [rtPeer(1), rtPeer(2)])
        }
    }

    @Test("for every pair of steps, worse at the earlier step loses even when better at the later one")
    func pairwiseOrder() {
        for early in DecisionTableRow.all {
            for late in DecisionTableRow.all where early.step < late.step {
                // X is worse at `early` only; Y is worse at `late` only, so X is better there.
                let (xa, xp) = early.applied(to: DecisionTableRow.baselineAttributes, DecisionTableRow.baselinePeer)
                var (ya, yp) = late.applied(to: DecisionTableRow.baselineAttributes, DecisionTableRow.baselinePeer)
                if late.step != .peerAddress { yp.address = .v4(IPv4Address(10, 0, 0, 3)) }
                let x = PathRank(attributes: xa, peer: xp)
                let y = PathRank(attributes: ya, peer: yp)
                #expect(DecisionProcess.select([x, y]).eliminatedBy == [early.step, nil], "\(early.label) vs \(late.label)")
                #expect(DecisionProcess.select([y, x]).eliminatedBy == [nil, early.step], "\(early.label) vs \(late.label)")
            }
        }
    }

    @Test("tie-breakers apply in RFC order: an earlier step outweighs every later one")
    func earlierStepDominates() {
        // Better at every later step (shorter path, IGP, lower MED, ...) but lower LOCAL_PREF.
        let strongLater = rtAttributes([65001], origin: .igp, med: 0, localPreference: 100)
        let weakLater = rtAttributes([65001, 65002, 65003], origin: .incomplete, med: 500, localPreference: 101)
        let a = PathRank(attributes: strongLater, peer: rtPeerInfo(1))
        let b = PathRank(attributes: weakLater, peer: rtPeerInfo(2))
        let decision = DecisionProcess.select([a, b])
        #expect(decision.best == 1)
        #expect(decision.eliminatedBy == [.localPreference, nil])
    }

    @Test("TieBreaker order, names and ranks")
    func tieBreakerOrder() {
        #expect(TieBreaker.allCases == TieBreaker.allCases.sorted())
        #expect(TieBreaker.allCases.map(\.name) == [
            "local_preference", "as_path_length", "origin", "med", "ebgp_over_ibgp", "igp_cost", "router_id",
            "cluster_list_length", "peer_address",
        ])
        #expect(TieBreaker.multiExitDiscriminator.description == "med")
    }

    @Test("no candidates: no best, empty multipath")
    func empty() {
        let decision = DecisionProcess.select([])
        #expect(decision.best == nil)
        #expect(decision.multipath.isEmpty)
        #expect(decision.eliminatedBy.isEmpty)
    }

    @Test("a single candidate is best and alone in the multipath set")
    func single() {
        let decision = DecisionProcess.select([baseline], config: DecisionConfig(multipathThrough: .interiorCost))
        #expect(decision.best == 0)
        #expect(decision.multipath == [0])
        #expect(decision.eliminatedBy == [nil])
    }

    @Test("missing LOCAL_PREF takes the configured default")
    func defaultLocalPreference() {
        let without = PathRank(attributes: rtAttributes(), peer: rtPeerInfo(1))
        #expect(without.localPreference == 100)
        let with = PathRank(attributes: rtAttributes(localPreference: 120), peer: rtPeerInfo(2))
        #expect(DecisionProcess.select([without, with]).eliminatedBy == [.localPreference, nil])

        let config = DecisionConfig(defaultLocalPreference: 130)
        let raised = PathRank(attributes: rtAttributes(), peer: rtPeerInfo(1), config: config)
        #expect(raised.localPreference == 130)
        #expect(DecisionProcess.select([raised, with], config: config).eliminatedBy == [nil, .localPreference])
    }

    // MARK: MED

    @Test("MED is ignored between different neighbour ASes unless alwaysCompareMED")
    func medBetweenNeighbours() {
        // A: AS 65001, MED 100, lower BGP Identifier. B: AS 65002, MED 10.
        let a = PathRank(attributes: rtAttributes([65001, 65100], med: 100), peer: rtPeerInfo(1, asn: 65001))
        let b = PathRank(attributes: rtAttributes([65002, 65100], med: 10), peer: rtPeerInfo(2, asn: 65002))
        #expect(a.neighborAS == 65001 && b.neighborAS == 65002)

        let plain = DecisionProcess.select([a, b])
        #expect(plain.best == 0)
        #expect(plain.eliminatedBy == [nil, .routerID])
        #expect(DecisionProcess.select([b, a]).eliminatedBy == [.routerID, nil])

        let always = DecisionConfig(alwaysCompareMED: true)
        let compared = DecisionProcess.select([a, b], config: always)
        #expect(compared.best == 1)
        #expect(compared.eliminatedBy == [.multiExitDiscriminator, nil])
        #expect(DecisionProcess.select([b, a], config: always).eliminatedBy == [nil, .multiExitDiscriminator])
    }

    @Test("a missing MED counts as 0, or as the worst value with missingMEDAsWorst")
    func missingMED() {
        let noMED = rtAttributes([65001, 65100], med: nil)
        let med5 = rtAttributes([65001, 65100], med: 5)

        let zero = DecisionConfig()
        let a = PathRank(attributes: noMED, peer: rtPeerInfo(2), config: zero)
        let b = PathRank(attributes: med5, peer: rtPeerInfo(1), config: zero)
        #expect(a.med == 0)
        #expect(DecisionProcess.select([a, b], config: zero).eliminatedBy == [nil, .multiExitDiscriminator])
        #expect(DecisionProcess.select([b, a], config: zero).eliminatedBy == [.multiExitDiscriminator, nil])

        let worst = DecisionConfig(missingMEDAsWorst: true)
        let c = PathRank(attributes: noMED, peer: rtPeerInfo(1), config: worst)
        let d = PathRank(attributes: med5, peer: rtPeerInfo(2), config: worst)
        #expect(c.med == UInt32.max)
        #expect(DecisionProcess.select([c, d], config: worst).eliminatedBy == [.multiExitDiscriminator, nil])
        #expect(DecisionProcess.select([d, c], config: worst).eliminatedBy == [nil, .multiExitDiscriminator])
    }

    /// A: AS 1, MED 10, Identifier 1.1.1.1. B: AS 2, MED 5, Identifier 2.2.2.2. C: AS 1, MED 5, Identifier 3.3.3.3.
    /// Pairwise, A beats B (Identifier; MED not comparable), B beats C (Identifier), C beats A (MED): a cycle.
    static let medCycle: [PathRank] = [
        PathRank(attributes: rtAttributes([1, 100], med: 10), peer: rtPeerInfo(1, asn: 1)),
        PathRank(attributes: rtAttributes([2, 100], med: 5), peer: rtPeerInfo(2, asn: 2)),
        PathRank(attributes: rtAttributes([1, 100], med: 5), peer: rtPeerInfo(3, asn: 1)),
    ]

    @Test("pairwise MED comparison is not transitive")
    func medPairwiseCycle() {
        let (a, b, c) = (Self.medCycle[0], Self.medCycle[1], Self.medCycle[2])
        #expect(DecisionProcess.select([a, b]).best == 0)  // A over B
        #expect(DecisionProcess.select([b, c]).best == 0)  // B over C
        #expect(DecisionProcess.select([c, a]).best == 0)  // C over A
    }

    @Test("RFC elimination on the whole set picks B in every argument order",
          arguments: [[0, 1, 2], [0, 2, 1], [1, 0, 2], [1, 2, 0], [2, 0, 1], [2, 1, 0]])
    func medEliminationOrderIndependent(order: [Int]) throws {
        let decision = DecisionProcess.select(order.map { Self.medCycle[$0] })
        let best = try #require(decision.best)
        #expect(order[best] == 1)  // B
        var reasons = [TieBreaker?](repeating: nil, count: 3)
        for (position, original) in order.enumerated() { reasons[original] = decision.eliminatedBy[position] }
        // MED removes A (AS 1 has C at MED 5); B and C are from different ASes, so the Identifier decides.
        #expect(reasons == [.multiExitDiscriminator, nil, .routerID])
    }

    // MARK: AS_PATH length

    @Test("an AS_SET counts as one AS")
    func asSetCountsOne() {
        let withSet = ASPath(segments: [
            ASPathSegment(type: .asSequence, asns: [65001]),
            ASPathSegment(type: .asSet, asns: [65010, 65011, 65012]),
        ])
        let a = PathRank(attributes: rtWithPath(rtAttributes(), withSet), peer: rtPeerInfo(2))
        let b = PathRank(attributes: rtAttributes([65001, 65002, 65003]), peer: rtPeerInfo(1))
        #expect(a.asPathLength == 2)
        #expect(DecisionProcess.select([a, b]).eliminatedBy == [nil, .asPathLength])
        #expect(DecisionProcess.select([b, a]).eliminatedBy == [.asPathLength, nil])

        // Against a two-AS sequence the set ties, and a later step decides.
        let c = PathRank(attributes: rtAttributes([65001, 65002]), peer: rtPeerInfo(1))
        #expect(DecisionProcess.select([a, c]).eliminatedBy == [.routerID, nil])
    }

    @Test("confederation segments count zero")
    func confederationCountsZero() {
        let confed = ASPath(segments: [
            ASPathSegment(type: .confedSequence, asns: [65100, 65101, 65102]),
            ASPathSegment(type: .confedSet, asns: [65103, 65104]),
            ASPathSegment(type: .asSequence, asns: [65001]),
        ])
        let a = PathRank(attributes: rtWithPath(rtAttributes(), confed), peer: rtPeerInfo(2))
        let b = PathRank(attributes: rtAttributes([65001, 65002]), peer: rtPeerInfo(1))
        #expect(a.asPathLength == 1)
        #expect(a.neighborAS == 65001)
        #expect(DecisionProcess.select([a, b]).eliminatedBy == [nil, .asPathLength])
        #expect(DecisionProcess.select([b, a]).eliminatedBy == [.asPathLength, nil])

        let c = PathRank(attributes: rtAttributes([65001]), peer: rtPeerInfo(1))
        #expect(DecisionProcess.select([a, c]).eliminatedBy == [.routerID, nil])
    }

    // MARK: Multipath

    /// Two paths equal through the interior cost (they differ only in BGP Identifier and address) and a
    /// third with a longer AS_PATH.
    static let ecmp: [PathRank] = [
        PathRank(attributes: rtAttributes([65001, 65100]), peer: rtPeerInfo(2)),
        PathRank(attributes: rtAttributes([65001, 65001, 65100]), peer: rtPeerInfo(3)),
        PathRank(attributes: rtAttributes([65001, 65100]), peer: rtPeerInfo(1)),
    ]

    @Test("paths tied through multipathThrough form the multipath set, best first")
    func multipathSet() {
        let config = DecisionConfig(multipathThrough: .interiorCost)
        let decision = DecisionProcess.select(Self.ecmp, config: config)
        #expect(decision.best == 2)
        #expect(decision.multipath == [2, 0])
        #expect(decision.eliminatedBy == [.routerID, .asPathLength, nil])
    }

    @Test("maximumPaths caps the multipath set")
    func multipathCap() {
        let paths = (1...5).map { PathRank(attributes: rtAttributes(), peer: rtPeerInfo(UInt8(6 - $0))) }
        let all = DecisionProcess.select(paths, config: DecisionConfig(multipathThrough: .interiorCost))
        #expect(all.best == 4)
        #expect(all.multipath.count == 5)
        #expect(all.multipath.first == 4)
        #expect(Set(all.multipath) == Set(0..<5))

        let capped = DecisionProcess.select(paths, config: DecisionConfig(multipathThrough: .interiorCost, maximumPaths: 2))
        #expect(capped.best == 4)
        #expect(capped.multipath.count == 2)
        #expect(capped.multipath.first == 4)

        let one = DecisionProcess.select(paths, config: DecisionConfig(multipathThrough: .interiorCost, maximumPaths: 1))
        #expect(one.multipath == [4])
    }

    @Test("multipath off gives only the best path")
    func multipathOff() {
        let decision = DecisionProcess.select(Self.ecmp)
        #expect(decision.best == 2)
        #expect(decision.multipath == [2])
    }

    @Test("a multipath step after the deciding one keeps only the best")
    func multipathThroughLateStep() {
        let decision = DecisionProcess.select(Self.ecmp, config: DecisionConfig(multipathThrough: .routerID))
        #expect(decision.multipath == [2])
    }
}
