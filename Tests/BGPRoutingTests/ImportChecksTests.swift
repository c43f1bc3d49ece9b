// Import checks: every RejectReason with a value that triggers it, the values just outside that must
// pass, the learned-route quota of a group of peers (the two tunnels of one VPN connection), and the
// RIB keeping every rejected path visible with its reason.

import BGPRouting
import BGPWire
import NetworkPrimitives
import Testing

@Suite("Import checks")
struct ImportChecksTests {
    let anyPrefix = rtPrefix("198.51.100.0/24")

    // MARK: next_hop_invalid: the receiver's own address

    @Test("next_hop_invalid: a NEXT_HOP equal to one of our own addresses (RFC 4271 §6.3)")
    func nextHopEqualToOwnAddressIsRejected() {
        let own = IPv4Address(169, 254, 10, 2)
        let checks = ImportChecks(ownAddresses: [own])
        #expect(checks.rejection(prefix: anyPrefix, attributes: rtAttributes(nextHop: own)) == .nextHopInvalid)
        #expect(checks.rejection(prefix: anyPrefix, attributes: rtAttributes(nextHop: IPv4Address(169, 254, 10, 1))) == nil)
    }

    // MARK: as_path_loop

    @Test("as_path_loop: the local AS anywhere in the AS_PATH", arguments: [
        ASPath(sequence: [64512]),
        ASPath(sequence: [65001, 64512]),
        ASPath(sequence: [65001, 65002, 64512, 65003]),
        ASPath(segments: [
            ASPathSegment(type: .asSequence, asns: [65001]),
            ASPathSegment(type: .asSet, asns: [65010, 64512]),
        ]),
    ])
    func asPathLoop(path: ASPath) {
        let checks = ImportChecks(localAS: 64512)
        #expect(checks.rejection(prefix: anyPrefix, attributes: rtWithPath(rtAttributes(), path)) == .asPathLoop)
        #expect(checks.attributeRejection(rtWithPath(rtAttributes(), path)) == .asPathLoop)
    }

    @Test("no loop without the local AS, or without a local AS configured")
    func noLoop() {
        #expect(ImportChecks(localAS: 64512).rejection(prefix: anyPrefix, attributes: rtAttributes([65001, 64513])) == nil)
        #expect(ImportChecks(localAS: 64512).rejection(prefix: anyPrefix, attributes: rtWithPath(rtAttributes(), .empty)) == nil)
        #expect(ImportChecks().rejection(prefix: anyPrefix, attributes: rtAttributes([64512])) == nil)
    }

    // MARK: default_route_refused

    @Test("default_route_refused: 0.0.0.0/0 only, and only when refused")
    func defaultRoute() {
        let refusing = ImportChecks(refuseDefaultRoute: true)
        #expect(refusing.rejection(prefix: rtPrefix("0.0.0.0/0"), attributes: rtAttributes()) == .defaultRouteRefused)
        #expect(refusing.prefixRejection(rtPrefix("0.0.0.0/0")) == .defaultRouteRefused)
        #expect(refusing.prefixRejection(IPv6Prefix("::/0")!) == .defaultRouteRefused)
        #expect(refusing.rejection(prefix: rtPrefix("0.0.0.0/1"), attributes: rtAttributes()) == nil)
        #expect(refusing.rejection(prefix: rtPrefix("128.0.0.0/1"), attributes: rtAttributes()) == nil)
        #expect(ImportChecks().rejection(prefix: rtPrefix("0.0.0.0/0"), attributes: rtAttributes()) == nil)
    }

    // MARK: reserved_prefix

    static let sharedAddressSpace = ImportChecks(reservedPrefixes: [rtIPPrefix("100.64.0.0/10")])

    @Test("reserved_prefix: equal to, inside, or containing 100.64.0.0/10",
          arguments: ["100.64.0.0/10", "100.64.1.0/24", "100.127.255.255/32", "100.0.0.0/8", "96.0.0.0/4", "0.0.0.0/0"])
    func reserved(text: String) {
        #expect(Self.sharedAddressSpace.rejection(prefix: rtPrefix(text), attributes: rtAttributes()) == .reservedPrefix)
    }

    @Test("neighbours of 100.64.0.0/10 pass", arguments: ["100.128.0.0/10", "100.0.0.0/10", "100.63.255.0/24", "101.64.0.0/10", "10.0.0.0/8"])
    func notReserved(text: String) {
        #expect(Self.sharedAddressSpace.rejection(prefix: rtPrefix(text), attributes: rtAttributes()) == nil)
    }

    @Test("an IPv6 reserved prefix never matches an IPv4 route")
    func reservedOtherFamily() {
        let checks = ImportChecks(reservedPrefixes: [rtIPPrefix("::/0")])
        #expect(checks.rejection(prefix: rtPrefix("10.0.0.0/8"), attributes: rtAttributes()) == nil)
    }

    // MARK: next_hop_invalid

    @Test("next_hop_invalid: 0/8, 127/8, multicast and class E",
          arguments: ["0.0.0.0", "0.1.2.3", "127.0.0.1", "127.255.255.254", "224.0.0.5", "239.255.255.255", "240.0.0.1", "255.255.255.255"])
    func invalidNextHop(text: String) {
        let attributes = rtAttributes(nextHop: rtAddress(text))
        #expect(ImportChecks().rejection(prefix: anyPrefix, attributes: attributes) == .nextHopInvalid)
        #expect(ImportChecks().attributeRejection(attributes) == .nextHopInvalid)
        // Off when not asked for.
        #expect(ImportChecks(checkNextHop: false).rejection(prefix: anyPrefix, attributes: attributes) == nil)
        #expect(ImportChecks.none.rejection(prefix: anyPrefix, attributes: attributes) == nil)
    }

    @Test("usable next hops pass", arguments: ["1.0.0.1", "10.0.0.1", "126.255.255.255", "128.0.0.1", "169.254.10.1", "223.255.255.254"])
    func validNextHop(text: String) {
        #expect(ImportChecks().rejection(prefix: anyPrefix, attributes: rtAttributes(nextHop: rtAddress(text))) == nil)
    }

    @Test("a route without NEXT_HOP (MP_REACH_NLRI carries it) is not refused for it")
    func absentNextHop() {
        #expect(ImportChecks().rejection(prefix: anyPrefix, attributes: rtAttributes(nextHop: nil)) == nil)
    }

    // MARK: missing_attribute

    @Test("missing_attribute: ORIGIN or AS_PATH absent")
    func missingAttribute() {
        let noOrigin = PathAttributes(asPath: ASPath(sequence: [65001]), nextHop: rtNextHop)
        let noPath = PathAttributes(origin: .igp, nextHop: rtNextHop)
        for attributes in [noOrigin, noPath, PathAttributes()] {
            #expect(ImportChecks.none.rejection(prefix: anyPrefix, attributes: attributes) == .missingAttribute)
            #expect(ImportChecks.none.attributeRejection(attributes) == .missingAttribute)
        }
        // An empty AS_PATH is present (an iBGP or local route), not missing.
        #expect(ImportChecks.none.rejection(prefix: anyPrefix, attributes: rtWithPath(rtAttributes(), .empty)) == nil)
    }

    @Test("a missing attribute is reported before anything else; a loop before prefix problems")
    func order() {
        let strict = ImportChecks(
            localAS: 64512, refuseDefaultRoute: true, reservedPrefixes: [rtIPPrefix("0.0.0.0/0")], checkNextHop: true)
        let broken = PathAttributes(asPath: ASPath(sequence: [64512]), nextHop: IPv4Address(127, 0, 0, 1))
        #expect(strict.rejection(prefix: rtPrefix("0.0.0.0/0"), attributes: broken) == .missingAttribute)
        #expect(strict.rejection(prefix: rtPrefix("0.0.0.0/0"), attributes: rtAttributes([64512])) == .asPathLoop)
        #expect(strict.rejection(prefix: rtPrefix("0.0.0.0/0"), attributes: rtAttributes()) == .defaultRouteRefused)
        #expect(strict.rejection(prefix: rtPrefix("10.0.0.0/8"), attributes: rtAttributes()) == .reservedPrefix)
    }

    @Test("reason names are stable")
    func names() {
        #expect(RejectReason.allCases.map(\.rawValue) == [
            "as_path_loop", "quota_exceeded", "default_route_refused", "reserved_prefix", "treat_as_withdraw",
            "policy_reject", "next_hop_invalid", "missing_attribute",
        ])
        #expect(RejectReason.quotaExceeded.description == "quota_exceeded")
    }

    // MARK: In the RIB

    /// A RIB where peer 2 offers a plain path to `anyPrefix` and peer 1 offers a much better one
    /// (LOCAL_PREF 500) that `reason` makes ineligible.
    func ribRejecting(_ reason: RejectReason) -> RIB<IPv4Prefix> {
        var rib = RIB<IPv4Prefix>()
        var bad = RIB<IPv4Prefix>.PeerSettings(info: rtPeerInfo(1))
        var prefix = anyPrefix
        var attributes = rtAttributes([65001], localPreference: 500)
        var treatAsWithdraw = false
        switch reason {
        case .asPathLoop:
            bad.checks = ImportChecks(localAS: 64512)
            attributes = rtAttributes([65001, 64512], localPreference: 500)
        case .quotaExceeded:
            bad.quotaGroup = "vpn-1"
            rib.setQuota(1, group: "vpn-1")
        case .defaultRouteRefused:
            bad.checks = ImportChecks(refuseDefaultRoute: true)
            prefix = rtPrefix("0.0.0.0/0")
        case .reservedPrefix:
            bad.checks = ImportChecks(reservedPrefixes: [rtIPPrefix("100.64.0.0/10")])
            prefix = rtPrefix("100.64.1.0/24")
        case .treatAsWithdraw:
            treatAsWithdraw = true
        case .policyReject:
            bad.importPolicy = RoutePolicy(defaultPermit: false)
        case .nextHopInvalid:
            bad.checks = ImportChecks(checkNextHop: true)
            attributes = rtAttributes([65001], nextHop: IPv4Address(127, 0, 0, 1), localPreference: 500)
        case .missingAttribute:
            attributes.origin = nil
        }
        rib.setPeer(rtPeer(1), bad)
        rib.setPeer(rtPeer(2), .init(info: rtPeerInfo(2)))
        if reason == .quotaExceeded { rib.announce(rtPrefix("203.0.113.0/24"), attributes: rtAttributes(), from: rtPeer(1)) }
        rib.announce(prefix, attributes: rtAttributes([65002, 65003, 65004]), from: rtPeer(2))
        rib.announce(prefix, attributes: attributes, from: rtPeer(1), treatAsWithdraw: treatAsWithdraw)
        return rib
    }

    @Test("every reason: the path stays visible with it and never becomes best", arguments: RejectReason.allCases)
    func visibleInRIB(reason: RejectReason) throws {
        let rib = ribRejecting(reason)
        let prefix = switch reason {
        case .defaultRouteRefused: rtPrefix("0.0.0.0/0")
        case .reservedPrefix: rtPrefix("100.64.1.0/24")
        default: anyPrefix
        }
        #expect(rib.best(for: prefix)?.peer == rtPeer(2))
        #expect(rtMultipathPeers(rib, prefix) == [rtPeer(2)])
        let view = try #require(rtPathView(rib, prefix, from: rtPeer(1)))
        #expect(view.rejection == reason)
        #expect(!view.isBest && !view.isMultipath && view.lostAt == nil)
        #expect(view.attributes.localPreference == 500)  // as received
        #expect(rib.paths(for: prefix).last?.peer == rtPeer(1))
        #expect(rib.adjRIBIn(peer: rtPeer(1), prePolicy: false).contains { $0.prefix == prefix } == false)
        #expect(rib.adjRIBIn(peer: rtPeer(1), prePolicy: true).contains { $0.prefix == prefix })
    }

    @Test("treat_as_withdraw replaces the peer's previous path and is kept on reimport")
    func treatAsWithdraw() throws {
        var rib = rtRIB(peers: [1])
        let prefix = anyPrefix
        rib.announce(prefix, attributes: rtAttributes(), from: rtPeer(1))
        let result = rib.announce(prefix, attributes: rtAttributes([65001, 65009]), from: rtPeer(1), treatAsWithdraw: true)
        let change = try #require(result)
        #expect(change.previous?.peer == rtPeer(1))
        #expect(change.current == nil)
        #expect(rib.paths(for: prefix).map(\.rejection) == [.treatAsWithdraw])
        #expect(rib.reimport(peer: rtPeer(1)).isEmpty)
        #expect(rib.paths(for: prefix).map(\.rejection) == [.treatAsWithdraw])
        // A well-formed UPDATE afterwards is accepted again.
        let again = rib.announce(prefix, attributes: rtAttributes(), from: rtPeer(1))
        #expect(again?.current?.peer == rtPeer(1))
    }

    // MARK: Quota

    /// Two tunnels of one connection in quota group "vpn-1" with a quota of 2 prefixes.
    func tunnelsWithQuota(checks: ImportChecks = .none, policy: RoutePolicy = .permitAll) -> RIB<IPv4Prefix> {
        var rib = rtRIB(config: DecisionConfig(multipathThrough: .interiorCost), checks: checks, policy: policy, quotaGroup: "vpn-1")
        rib.setQuota(2, group: "vpn-1")
        return rib
    }

    @Test("quota_exceeded: a group shared by two tunnels counts each prefix once")
    func sharedQuota() {
        var rib = tunnelsWithQuota()
        let (a, b, c, d) = (rtPrefix("10.1.0.0/16"), rtPrefix("10.2.0.0/16"), rtPrefix("10.3.0.0/16"), rtPrefix("10.4.0.0/16"))
        let (t1, t2) = (rtPeer(1), rtPeer(2))

        rib.announce(a, attributes: rtAttributes(), from: t1)
        #expect(rib.quotaUsage(group: "vpn-1") == 1)
        rib.announce(a, attributes: rtAttributes(), from: t2)  // the same prefix over the other tunnel
        #expect(rib.quotaUsage(group: "vpn-1") == 1)
        #expect(rtMultipathPeers(rib, a) == [t1, t2])

        rib.announce(b, attributes: rtAttributes(), from: t2)
        #expect(rib.quotaUsage(group: "vpn-1") == 2)

        // A third prefix is over quota on either tunnel; rejected paths do not count.
        #expect(rib.announce(c, attributes: rtAttributes(), from: t1) == nil)
        #expect(rib.announce(c, attributes: rtAttributes(), from: t2) == nil)
        #expect(rib.paths(for: c).map(\.rejection) == [.quotaExceeded, .quotaExceeded])
        #expect(rib.best(for: c) == nil)
        #expect(rib.quotaUsage(group: "vpn-1") == 2)

        // Prefixes already counted may still be re-announced or learned over the second tunnel.
        #expect(rib.announce(a, attributes: rtAttributes([65001, 65001]), from: t1)?.current?.peer == t2)
        let joined = rib.announce(b, attributes: rtAttributes(), from: t1)
        #expect(joined?.multipathChanged == true)
        #expect(rib.paths(for: b).allSatisfy { $0.rejection == nil })
        #expect(rib.quotaUsage(group: "vpn-1") == 2)

        // Withdrawing from one tunnel keeps the prefix counted while the other still has it.
        rib.withdraw(a, from: t1)
        #expect(rib.quotaUsage(group: "vpn-1") == 2)
        rib.withdraw(a, from: t2)
        #expect(rib.quotaUsage(group: "vpn-1") == 1)

        // The freed slot admits a later announcement.
        #expect(rib.announce(d, attributes: rtAttributes(), from: t1)?.current?.peer == t1)
        #expect(rib.quotaUsage(group: "vpn-1") == 2)

        // The earlier rejection stays until the peer is re-imported with room in the quota.
        rib.withdraw(b, from: t1)
        rib.withdraw(b, from: t2)
        #expect(rib.quotaUsage(group: "vpn-1") == 1)
        #expect(rib.paths(for: c).first?.rejection == .quotaExceeded)
        let changes = rib.reimport(peer: t1)
        #expect(changes.map(\.prefix) == [c])
        #expect(changes.first?.current?.peer == t1)
        #expect(rib.quotaUsage(group: "vpn-1") == 2)
        #expect(rtPathView(rib, c, from: t2)?.rejection == .quotaExceeded)
    }

    @Test("paths rejected by checks or policy do not use quota")
    func rejectedDoNotCount() {
        var rib = tunnelsWithQuota(
            checks: ImportChecks(localAS: 64512, reservedPrefixes: [rtIPPrefix("100.64.0.0/10")]),
            policy: RoutePolicy(terms: [PolicyTerm(priority: 10, match: PolicyMatch(prefixList: [PrefixListEntry(rtIPPrefix("172.16.0.0/12"), .orLonger)]), permit: false)]))
        rib.announce(rtPrefix("100.64.0.0/24"), attributes: rtAttributes(), from: rtPeer(1))
        rib.announce(rtPrefix("10.0.0.0/24"), attributes: rtAttributes([65001, 64512]), from: rtPeer(2))
        rib.announce(rtPrefix("172.16.0.0/24"), attributes: rtAttributes(), from: rtPeer(1))
        rib.announce(rtPrefix("10.9.0.0/24"), attributes: rtAttributes(), from: rtPeer(1), treatAsWithdraw: true)
        #expect(rib.quotaUsage(group: "vpn-1") == 0)
        #expect(rib.destinationCount == 4)

        rib.announce(rtPrefix("10.1.0.0/24"), attributes: rtAttributes(), from: rtPeer(1))
        rib.announce(rtPrefix("10.2.0.0/24"), attributes: rtAttributes(), from: rtPeer(2))
        #expect(rib.quotaUsage(group: "vpn-1") == 2)
        #expect(rib.acceptedCount(from: rtPeer(1)) == 1)
        #expect(rib.acceptedCount(from: rtPeer(2)) == 1)
    }

    @Test("a counted path replaced by a rejected one frees its slot; withdrawing a rejected path frees nothing")
    func replacedByRejected() {
        var rib = tunnelsWithQuota(checks: ImportChecks(localAS: 64512))
        let (a, b) = (rtPrefix("10.1.0.0/16"), rtPrefix("10.2.0.0/16"))
        rib.announce(a, attributes: rtAttributes(), from: rtPeer(1))
        rib.announce(b, attributes: rtAttributes(), from: rtPeer(1))
        #expect(rib.quotaUsage(group: "vpn-1") == 2)
        rib.announce(a, attributes: rtAttributes([65001, 64512]), from: rtPeer(1))  // now a loop
        #expect(rib.quotaUsage(group: "vpn-1") == 1)
        rib.withdraw(a, from: rtPeer(1))
        #expect(rib.quotaUsage(group: "vpn-1") == 1)
        rib.withdraw(b, from: rtPeer(1))
        #expect(rib.quotaUsage(group: "vpn-1") == 0)
    }

    @Test("a tunnel going down frees the prefixes only it had; shared ones stay counted")
    func sessionLossFreesQuota() {
        var rib = tunnelsWithQuota()
        let (a, b) = (rtPrefix("10.1.0.0/16"), rtPrefix("10.2.0.0/16"))
        rib.announce(a, attributes: rtAttributes(), from: rtPeer(1))
        rib.announce(a, attributes: rtAttributes(), from: rtPeer(2))
        rib.announce(b, attributes: rtAttributes(), from: rtPeer(1))
        #expect(rib.quotaUsage(group: "vpn-1") == 2)
        let changes = rib.removePaths(of: rtPeer(1))
        #expect(changes.map(\.prefix) == [a, b])
        #expect(changes.map { $0.current?.peer } == [rtPeer(2), nil])
        #expect(rib.quotaUsage(group: "vpn-1") == 1)
        _ = rib.removePaths(of: rtPeer(2))
        #expect(rib.quotaUsage(group: "vpn-1") == 0)
    }

    @Test("separate groups have separate quotas; no limit means unlimited")
    func separateGroups() {
        var rib = RIB<IPv4Prefix>()
        rib.setPeer(rtPeer(1), .init(info: rtPeerInfo(1), quotaGroup: "vpn-1"))
        rib.setPeer(rtPeer(2), .init(info: rtPeerInfo(2), quotaGroup: "vpn-2"))
        rib.setQuota(1, group: "vpn-1")
        rib.announce(rtPrefix("10.1.0.0/16"), attributes: rtAttributes(), from: rtPeer(1))
        rib.announce(rtPrefix("10.2.0.0/16"), attributes: rtAttributes(), from: rtPeer(1))
        #expect(rib.paths(for: rtPrefix("10.2.0.0/16")).first?.rejection == .quotaExceeded)
        for i: UInt8 in 1...5 {
            rib.announce(rtPrefix("10.10.\(i).0/24"), attributes: rtAttributes(), from: rtPeer(2))
        }
        #expect(rib.quotaUsage(group: "vpn-1") == 1)
        #expect(rib.quotaUsage(group: "vpn-2") == 5)
        #expect(rib.acceptedCount(from: rtPeer(2)) == 5)

        rib.setQuota(nil, group: "vpn-1")
        rib.announce(rtPrefix("10.3.0.0/16"), attributes: rtAttributes(), from: rtPeer(1))
        #expect(rib.quotaUsage(group: "vpn-1") == 2)
    }
}
