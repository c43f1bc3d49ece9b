// Shared fixtures of the BGPRouting tests: prefixes, addresses, attribute sets and peers.
//
// Every name starts with `rt` so that it cannot collide with helpers of other test files.

import BGPRouting
import BGPWire
import NetworkPrimitives

/// An IPv4 prefix from fixture text such as `"10.0.0.0/8"` (a typo in a fixture stops the run).
func rtPrefix(_ text: String) -> IPv4Prefix {
    guard let prefix = IPv4Prefix(text) else { preconditionFailure("rtPrefix: bad fixture prefix \(text)") }
    return prefix
}

/// A family-neutral prefix from fixture text (`"10.0.0.0/8"`, `"2001:db8::/32"`).
func rtIPPrefix(_ text: String) -> IPPrefix {
    guard let prefix = IPPrefix(text) else { preconditionFailure("rtIPPrefix: bad fixture prefix \(text)") }
    return prefix
}

/// An IPv4 address from fixture text.
func rtAddress(_ text: String) -> IPv4Address {
    guard let address = IPv4Address(text) else { preconditionFailure("rtAddress: bad fixture address \(text)") }
    return address
}

/// The default NEXT_HOP of fixture routes (TEST-NET-1, RFC 5737).
let rtNextHop = IPv4Address(192, 0, 2, 1)

/// A complete attribute set (ORIGIN, AS_PATH, NEXT_HOP) plus whatever the test needs.
func rtAttributes(
    _ path: [ASNumber] = [65001],
    origin: Origin = .igp,
    nextHop: IPv4Address? = rtNextHop,
    med: UInt32? = nil,
    localPreference: UInt32? = nil,
    communities: [Community] = [],
    originatorID: IPv4Address? = nil,
    clusterList: [IPv4Address] = []
) -> PathAttributes {
    PathAttributes(
        origin: origin, asPath: ASPath(sequence: path), nextHop: nextHop, multiExitDiscriminator: med,
        localPreference: localPreference, communities: communities, originatorID: originatorID,
        clusterList: clusterList)
}

/// The same attributes with a different AS_PATH (segments allowed).
func rtWithPath(_ attributes: PathAttributes, _ path: ASPath) -> PathAttributes {
    var result = attributes
    result.asPath = path
    return result
}

/// A peer handle.
func rtPeer(_ number: UInt32) -> PeerID { PeerID(rawValue: number) }

/// Peer `n`: session address 10.0.0.n, BGP Identifier n.n.n.n, eBGP in AS 65001 unless told.
func rtPeerInfo(
    _ n: UInt8, asn: ASNumber = 65001, isExternal: Bool = true, interiorCost: UInt32 = 0,
    address: IPv4Address? = nil, routerID: IPv4Address? = nil
) -> PeerInfo {
    PeerInfo(
        name: "peer-\(n)", address: .v4(address ?? IPv4Address(10, 0, 0, n)), asn: asn,
        routerID: routerID ?? IPv4Address(n, n, n, n), isExternal: isExternal, interiorCost: interiorCost)
}

/// A RIB with peers `numbers` set up by ``rtPeerInfo(_:asn:isExternal:interiorCost:address:routerID:)``.
func rtRIB(
    peers numbers: [UInt8] = [1, 2], config: DecisionConfig = DecisionConfig(), checks: ImportChecks = .none,
    policy: RoutePolicy = .permitAll, quotaGroup: String? = nil
) -> RIB<IPv4Prefix> {
    var rib = RIB<IPv4Prefix>(config: config)
    for n in numbers {
        rib.setPeer(
            rtPeer(UInt32(n)),
            RIB<IPv4Prefix>.PeerSettings(info: rtPeerInfo(n), checks: checks, importPolicy: policy, quotaGroup: quotaGroup))
    }
    return rib
}

/// The peers of a multipath set, best first.
func rtMultipathPeers(_ rib: RIB<IPv4Prefix>, _ prefix: IPv4Prefix) -> [PeerID] {
    rib.multipath(for: prefix).map(\.peer)
}

/// The path a peer has for `prefix`, as shown to users.
func rtPathView(_ rib: RIB<IPv4Prefix>, _ prefix: IPv4Prefix, from peer: PeerID) -> PathView? {
    rib.paths(for: prefix).first { $0.peer == peer }
}
