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

