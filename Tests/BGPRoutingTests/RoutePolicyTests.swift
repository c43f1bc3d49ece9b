// Route policies: prefix lists (exact, or longer, length ranges), AS path and community conditions,
// origins and sources, the actions, term priority (lower first, first match wins), the default, and
// how the RIB applies import policy: Adj-RIB-In before and after policy, and reimport after a change.

import BGPRouting
import BGPWire
import NetworkPrimitives
import Testing

@Suite("Route policies")
struct RoutePolicyTests {
    let p1 = rtPeer(1)

    /// Whether `match` holds for a route to `prefix` with `attributes` from peer 1.
    func holds(_ match: PolicyMatch, _ prefix: String = "10.1.0.0/16", attributes: PathAttributes = rtAttributes()) -> Bool {
        match.matches(prefix: rtIPPrefix(prefix), attributes: attributes, source: p1)
    }

    // MARK: Prefix lists

    @Test("exact matches only the same prefix")
    func exact() {
        let entry = PrefixListEntry(rtIPPrefix("10.0.0.0/8"))
        #expect(entry.mode == .exact)
        #expect(entry.matches(rtIPPrefix("10.0.0.0/8")))
        #expect(!entry.matches(rtIPPrefix("10.1.0.0/16")))
        #expect(!entry.matches(rtIPPrefix("10.0.0.0/9")))
        #expect(!entry.matches(rtIPPrefix("0.0.0.0/0")))
        #expect(!entry.matches(rtIPPrefix("11.0.0.0/8")))
    }

    @Test("orLonger matches the prefix and everything inside it")
    func orLonger() {
        let entry = PrefixListEntry(rtIPPrefix("10.0.0.0/8"), .orLonger)
        #expect(entry.matches(rtIPPrefix("10.0.0.0/8")))
        #expect(entry.matches(rtIPPrefix("10.1.0.0/16")))
        #expect(entry.matches(rtIPPrefix("10.255.255.255/32")))
        #expect(!entry.matches(rtIPPrefix("0.0.0.0/0")))  // shorter
        #expect(!entry.matches(rtIPPrefix("8.0.0.0/6")))  // contains it
        #expect(!entry.matches(rtIPPrefix("11.0.0.0/8")))
        #expect(!entry.matches(rtIPPrefix("2001:db8::/32")))
    }

    @Test("lengths matches prefixes inside with a length in the range (ge/le)")
    func lengths() {
        let entry = PrefixListEntry(rtIPPrefix("10.0.0.0/8"), .lengths(16...24))
        #expect(!entry.matches(rtIPPrefix("10.0.0.0/8")))
        #expect(!entry.matches(rtIPPrefix("10.0.0.0/15")))
        #expect(entry.matches(rtIPPrefix("10.1.0.0/16")))
        #expect(entry.matches(rtIPPrefix("10.1.2.0/23")))
        #expect(entry.matches(rtIPPrefix("10.1.2.0/24")))
        #expect(!entry.matches(rtIPPrefix("10.1.2.0/25")))
        #expect(!entry.matches(rtIPPrefix("11.1.0.0/16")))

        let hostRoutes = PrefixListEntry(rtIPPrefix("0.0.0.0/0"), .lengths(32...32))
        #expect(hostRoutes.matches(rtIPPrefix("192.0.2.1/32")))
        #expect(!hostRoutes.matches(rtIPPrefix("192.0.2.0/31")))
    }

    @Test("a prefix list matches when any entry does")
    func prefixListAny() {
        let match = PolicyMatch(prefixList: [
            PrefixListEntry(rtIPPrefix("10.0.0.0/8")),
            PrefixListEntry(rtIPPrefix("192.168.0.0/16"), .orLonger),
        ])
        #expect(holds(match, "10.0.0.0/8"))
        #expect(holds(match, "192.168.5.0/24"))
        #expect(!holds(match, "10.1.0.0/16"))
        #expect(!holds(PolicyMatch(prefixList: []), "10.0.0.0/8"))  // an empty list matches nothing
    }

    // MARK: Conditions

    @Test("AS path contains an AS, anywhere including sets")
    func asPathContains() {
        let match = PolicyMatch(asPathContains: 65002)
        #expect(holds(match, attributes: rtAttributes([65001, 65002, 65003])))
        #expect(!holds(match, attributes: rtAttributes([65001, 65003])))
        let withSet = ASPath(segments: [
            ASPathSegment(type: .asSequence, asns: [65001]), ASPathSegment(type: .asSet, asns: [65002, 65009]),
        ])
        #expect(holds(match, attributes: rtWithPath(rtAttributes(), withSet)))
    }

    @Test("AS path length in a range, counted as the decision process counts")
    func asPathLength() {
        let match = PolicyMatch(asPathLength: 2...3)
        #expect(!holds(match, attributes: rtAttributes([65001])))
        #expect(holds(match, attributes: rtAttributes([65001, 65002])))
        #expect(holds(match, attributes: rtAttributes([65001, 65002, 65003])))
        #expect(!holds(match, attributes: rtAttributes([65001, 65002, 65003, 65004])))
        // A set counts one: 65001 {65002, 65003, 65004, 65005} has length 2.
        let withSet = ASPath(segments: [
            ASPathSegment(type: .asSequence, asns: [65001]),
            ASPathSegment(type: .asSet, asns: [65002, 65003, 65004, 65005]),
        ])
        #expect(holds(match, attributes: rtWithPath(rtAttributes(), withSet)))
        // A local route (empty path) has length 0.
        #expect(holds(PolicyMatch(asPathLength: 0...0), attributes: rtWithPath(rtAttributes(), .empty)))
    }

    @Test("any community and all communities")
    func communities() {
        let (a, b, c) = (Community(65001, 100), Community(65001, 200), Community(65001, 300))
        let both = rtAttributes(communities: [a, b])
        let onlyA = rtAttributes(communities: [a])
        let none = rtAttributes()

        let any = PolicyMatch(anyCommunity: [b, c])
        #expect(holds(any, attributes: both))
        #expect(!holds(any, attributes: onlyA))
        #expect(!holds(any, attributes: none))

        let all = PolicyMatch(allCommunities: [a, b])
        #expect(holds(all, attributes: both))
        #expect(!holds(all, attributes: onlyA))
        #expect(!holds(all, attributes: none))
        #expect(holds(PolicyMatch(allCommunities: []), attributes: none))  // vacuous
    }

    @Test("origin is one of a set; a missing ORIGIN reads as INCOMPLETE")
    func origins() {
        let match = PolicyMatch(origins: [.igp, .egp])
        #expect(holds(match, attributes: rtAttributes(origin: .igp)))
        #expect(holds(match, attributes: rtAttributes(origin: .egp)))
        #expect(!holds(match, attributes: rtAttributes(origin: .incomplete)))
        var noOrigin = rtAttributes()
        noOrigin.origin = nil
        #expect(holds(PolicyMatch(origins: [.incomplete]), attributes: noOrigin))
    }

    @Test("sources")
    func sources() {
        let match = PolicyMatch(sources: [rtPeer(1), .local])
        #expect(match.matches(prefix: rtIPPrefix("10.0.0.0/8"), attributes: rtAttributes(), source: rtPeer(1)))
        #expect(match.matches(prefix: rtIPPrefix("10.0.0.0/8"), attributes: rtAttributes(), source: .local))
        #expect(!match.matches(prefix: rtIPPrefix("10.0.0.0/8"), attributes: rtAttributes(), source: rtPeer(2)))
    }

    @Test("every given condition must hold; an empty match holds for everything")
    func conjunction() {
        #expect(holds(PolicyMatch(), "0.0.0.0/0", attributes: PathAttributes()))
        let match = PolicyMatch(
            prefixList: [PrefixListEntry(rtIPPrefix("10.0.0.0/8"), .orLonger)], asPathContains: 65001,
            origins: [.igp], sources: [p1])
        #expect(holds(match, "10.1.0.0/16", attributes: rtAttributes([65001])))
        #expect(!holds(match, "11.1.0.0/16", attributes: rtAttributes([65001])))
        #expect(!holds(match, "10.1.0.0/16", attributes: rtAttributes([65002])))
        #expect(!holds(match, "10.1.0.0/16", attributes: rtAttributes([65001], origin: .egp)))
        #expect(!match.matches(prefix: rtIPPrefix("10.1.0.0/16"), attributes: rtAttributes([65001]), source: rtPeer(2)))
    }

    // MARK: Actions

    @Test("prepend puts the AS in front count times")
    func prepend() {
        let actions = PolicyActions(prepend: .init(asn: 45104, count: 3))
        #expect(actions.apply(to: rtAttributes([65001])).asPath == ASPath(sequence: [45104, 45104, 45104, 65001]))
        #expect(actions.apply(to: rtWithPath(rtAttributes(), .empty)).asPath == ASPath(sequence: [45104, 45104, 45104]))
        #expect(PolicyActions(prepend: .init(asn: 45104, count: 0)).apply(to: rtAttributes([65001])).asPath == ASPath(sequence: [65001]))
    }

    @Test("set MED and set LOCAL_PREF replace any value")
    func setValues() {
        let actions = PolicyActions(setMED: 50, setLocalPreference: 300)
        let result = actions.apply(to: rtAttributes(med: 10, localPreference: 100))
        #expect(result.multiExitDiscriminator == 50)
        #expect(result.localPreference == 300)
        let fromNone = actions.apply(to: rtAttributes())
        #expect(fromNone.multiExitDiscriminator == 50)
        #expect(fromNone.localPreference == 300)
        // Everything else is untouched.
        #expect(result.asPath == rtAttributes().asPath)
        #expect(result.nextHop == rtNextHop)
    }

    @Test("add and remove communities: kept sorted and without duplicates")
    func communityActions() {
        let (a, b, c) = (Community(65001, 100), Community(65001, 200), Community(65001, 300))
        let add = PolicyActions(addCommunities: [c, a, .noExport])
        #expect(add.apply(to: rtAttributes(communities: [b, a])).communities == [a, b, c, .noExport])
        let remove = PolicyActions(removeCommunities: [a, .noExport])
        #expect(remove.apply(to: rtAttributes(communities: [a, b])).communities == [b])
        #expect(remove.apply(to: rtAttributes(communities: [a])).communities.isEmpty)
        let both = PolicyActions(addCommunities: [c], removeCommunities: [b])
        #expect(both.apply(to: rtAttributes(communities: [a, b])).communities == [a, c])
    }

    @Test("no actions leave the attributes equal")
    func noActions() {
        let attributes = rtAttributes([65001, 65002], med: 5, communities: [Community(1, 2)])
        #expect(PolicyActions().apply(to: attributes) == attributes)
    }

    @Test("setPreference is reported in the result, not written to the attributes")
    func setPreference() {
        let policy = RoutePolicy(terms: [PolicyTerm(priority: 10, permit: true, actions: PolicyActions(setPreference: 20))])
        let result = policy.evaluate(prefix: rtIPPrefix("10.0.0.0/8"), attributes: rtAttributes(), source: p1)
        #expect(result.permitted)
        #expect(result.preference == 20)
        #expect(result.attributes == rtAttributes())
        #expect(result.decidingTerm == 10)
    }

    // MARK: Evaluation

    @Test("terms run in priority order, lower first, and the first match decides")
    func priorityOrder() {
        let tenSlash8 = PolicyMatch(prefixList: [PrefixListEntry(rtIPPrefix("10.0.0.0/8"), .orLonger)])
        let policy = RoutePolicy(terms: [
            PolicyTerm(priority: 30, permit: true, actions: PolicyActions(setLocalPreference: 30)),
            PolicyTerm(priority: 10, match: PolicyMatch(asPathContains: 65009), permit: false),
            PolicyTerm(priority: 20, match: tenSlash8, permit: true, actions: PolicyActions(setLocalPreference: 20)),
        ])
        #expect(policy.terms.map(\.priority) == [10, 20, 30])

        let denied = policy.evaluate(prefix: rtIPPrefix("10.1.0.0/16"), attributes: rtAttributes([65001, 65009]), source: p1)
        #expect(!denied.permitted)
        #expect(denied.decidingTerm == 10)
        #expect(denied.attributes == rtAttributes([65001, 65009]))
        #expect(denied.preference == nil)

        let inTen = policy.evaluate(prefix: rtIPPrefix("10.1.0.0/16"), attributes: rtAttributes(), source: p1)
        #expect(inTen.permitted)
        #expect(inTen.decidingTerm == 20)
        #expect(inTen.attributes.localPreference == 20)  // not also 30: the first match wins

        let other = policy.evaluate(prefix: rtIPPrefix("172.16.0.0/12"), attributes: rtAttributes(), source: p1)
        #expect(other.decidingTerm == 30)
        #expect(other.attributes.localPreference == 30)
    }

    @Test("a route no term matches gets the default: permit, or deny with defaultPermit false")
    func defaults() {
        let term = PolicyTerm(priority: 10, match: PolicyMatch(asPathContains: 65009), permit: true, actions: PolicyActions(setMED: 1))
        let permissive = RoutePolicy(terms: [term])
        let result = permissive.evaluate(prefix: rtIPPrefix("10.0.0.0/8"), attributes: rtAttributes(), source: p1)
        #expect(result.permitted)
        #expect(result.decidingTerm == nil)
        #expect(result.attributes == rtAttributes())
        #expect(!permissive.isPermitAll)

        let strict = RoutePolicy(terms: [term], defaultPermit: false)
        let denied = strict.evaluate(prefix: rtIPPrefix("10.0.0.0/8"), attributes: rtAttributes(), source: p1)
        #expect(!denied.permitted)
        #expect(denied.decidingTerm == nil)
        #expect(strict.evaluate(prefix: rtIPPrefix("10.0.0.0/8"), attributes: rtAttributes([65009]), source: p1).permitted)

        #expect(RoutePolicy.permitAll.isPermitAll)
        #expect(RoutePolicy.permitAll.evaluate(prefix: rtIPPrefix("10.0.0.0/8"), attributes: rtAttributes(), source: p1).permitted)
        #expect(!RoutePolicy(defaultPermit: false).isPermitAll)
        #expect(!RoutePolicy(defaultPermit: false).evaluate(prefix: rtIPPrefix("10.0.0.0/8"), attributes: rtAttributes(), source: p1).permitted)
    }

    // MARK: In the RIB

    /// LOCAL_PREF 300 and community 45104:1 for 10/8 and longer; deny 172.16/12 and longer; permit the rest.
    static let importPolicy = RoutePolicy(terms: [
        PolicyTerm(
            priority: 10, match: PolicyMatch(prefixList: [PrefixListEntry(rtIPPrefix("10.0.0.0/8"), .orLonger)]), permit: true,
            actions: PolicyActions(setLocalPreference: 300, addCommunities: [Community(45104, 1)])),
        PolicyTerm(priority: 20, match: PolicyMatch(prefixList: [PrefixListEntry(rtIPPrefix("172.16.0.0/12"), .orLonger)]), permit: false),
    ])

    @Test("Adj-RIB-In before policy holds what was received; after policy, what was accepted")
    func adjRIBInPrePost() {
        var rib = rtRIB(peers: [1], policy: Self.importPolicy)
        let changed = rtPrefix("10.1.0.0/16"), denied = rtPrefix("172.16.1.0/24"), plain = rtPrefix("192.168.1.0/24")
        let received = rtAttributes([65001, 65002])
        for prefix in [plain, denied, changed] { rib.announce(prefix, attributes: received, from: p1) }

        let before = rib.adjRIBIn(peer: p1, prePolicy: true)
        #expect(before.map(\.prefix) == [changed, denied, plain])
        #expect(before.allSatisfy { $0.attributes == received })

        let after = rib.adjRIBIn(peer: p1, prePolicy: false)
        #expect(after.map(\.prefix) == [changed, plain])
        #expect(after[0].attributes.localPreference == 300)
        #expect(after[0].attributes.communities == [Community(45104, 1)])
        #expect(after[1].attributes == received)

        #expect(rib.best(for: changed)?.attributes.localPreference == 300)
        let view = rtPathView(rib, changed, from: p1)
        #expect(view?.receivedAttributes == received)
        #expect(view?.attributes.localPreference == 300)
        #expect(rtPathView(rib, denied, from: p1)?.rejection == .policyReject)
        #expect(rtPathView(rib, denied, from: p1)?.receivedAttributes == received)
        #expect(rib.acceptedCount(from: p1) == 2)

        // A withdrawal removes the pre-policy copy too.
        rib.withdraw(changed, from: p1)
        #expect(rib.adjRIBIn(peer: p1, prePolicy: true).map(\.prefix) == [denied, plain])
        #expect(rib.adjRIBIn(peer: rtPeer(9), prePolicy: true).isEmpty)
    }

    @Test("import policy LOCAL_PREF decides between peers")
    func policyDecides() {
        var rib = rtRIB(peers: [1, 2])
        rib.setPeer(rtPeer(2), .init(info: rtPeerInfo(2), importPolicy: Self.importPolicy))
        let prefix = rtPrefix("10.1.0.0/16")
        rib.announce(prefix, attributes: rtAttributes([65001]), from: p1)
        let change = rib.announce(prefix, attributes: rtAttributes([65001, 65002, 65003]), from: rtPeer(2))
        #expect(change?.current?.peer == rtPeer(2))
        #expect(rtPathView(rib, prefix, from: p1)?.lostAt == .localPreference)
    }

    @Test("reimport(peer:) re-evaluates received routes after setPeer changes the policy")
    func reimport() throws {
        var rib = rtRIB(peers: [1, 2])
        let (a, b, c) = (rtPrefix("10.1.0.0/16"), rtPrefix("172.16.1.0/24"), rtPrefix("192.168.1.0/24"))
        let received = rtAttributes([65001, 65002])
        for prefix in [a, b, c] { rib.announce(prefix, attributes: received, from: p1) }
        rib.announce(a, attributes: rtAttributes([65001]), from: rtPeer(2))  // shorter: peer 2 wins a
        #expect(rib.best(for: a)?.peer == rtPeer(2))

        // setPeer alone does not touch existing paths.
        rib.setPeer(p1, .init(info: rtPeerInfo(1), importPolicy: Self.importPolicy))
        #expect(rib.best(for: b)?.peer == p1)
        #expect(rib.settings(of: p1)?.importPolicy == Self.importPolicy)

        let changes = rib.reimport(peer: p1)
        #expect(changes.map(\.prefix) == [a, b])  // c is unaffected
        #expect(changes[0].previous?.peer == rtPeer(2))
        #expect(changes[0].current?.peer == p1)  // LOCAL_PREF 300 now
        #expect(changes[0].current?.attributes.localPreference == 300)
        #expect(changes[1].previous?.peer == p1)
        #expect(changes[1].current == nil)
        #expect(rtPathView(rib, b, from: p1)?.rejection == .policyReject)
        #expect(rtPathView(rib, a, from: rtPeer(2))?.lostAt == .localPreference)

        // Reimporting again with the same policy changes nothing; received attributes were kept.
        #expect(rib.reimport(peer: p1).isEmpty)
        #expect(rtPathView(rib, a, from: p1)?.receivedAttributes == received)

        // Back to permit-all: everything as received again.
        rib.setPeer(p1, .init(info: rtPeerInfo(1)))
        let restored = rib.reimport(peer: p1)
        #expect(restored.map(\.prefix) == [a, b])
        #expect(restored[0].current?.peer == rtPeer(2))
        #expect(restored[1].current?.peer == p1)
        #expect(restored[1].current?.attributes == received)
        #expect(rib.adjRIBIn(peer: p1, prePolicy: false).allSatisfy { $0.attributes == received })
        let view = try #require(rtPathView(rib, a, from: p1))
        #expect(view.attributes == view.receivedAttributes)
    }

    @Test("reimport applies changed import checks too")
    func reimportChecks() {
        var rib = rtRIB(peers: [1])
        let prefix = rtPrefix("100.64.1.0/24")
        rib.announce(prefix, attributes: rtAttributes(), from: p1)
        rib.setPeer(p1, .init(info: rtPeerInfo(1), checks: ImportChecks(reservedPrefixes: [rtIPPrefix("100.64.0.0/10")])))
        let changes = rib.reimport(peer: p1)
        #expect(changes.count == 1)
        #expect(changes.first?.current == nil)
        #expect(rtPathView(rib, prefix, from: p1)?.rejection == .reservedPrefix)
        #expect(rib.reimport(peer: rtPeer(7)).isEmpty)
    }
}
