// Import checks: every RejectReason with a value that triggers it, and the values just outside that
// must pass. The quota and the visibility of rejected paths are the connection table's (CloudRoutingTests).

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
}
