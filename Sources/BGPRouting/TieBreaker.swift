// BGPRouting: RIBs, the decision process, import checks and route policies (RFC 4271 §9).
// Pure: standard library, NetworkPrimitives and BGPWire types only; no I/O, no clock.

/// The steps of the decision process, in the order they are applied (RFC 4271 §9.1).
///
/// `CaseIterable` order is decision order: the first step where two paths differ decides.
public enum TieBreaker: UInt8, Sendable, Hashable, CaseIterable {
    /// RFC 4271 §9.1.1 and §9.1.2: the highest degree of preference (LOCAL_PREF) wins.
    case localPreference = 1
    /// RFC 4271 §9.1.2.2 a: the shortest AS_PATH wins (an AS_SET counts 1, confederation segments 0).
    case asPathLength
    /// RFC 4271 §9.1.2.2 b: the lowest ORIGIN wins (IGP < EGP < INCOMPLETE).
    case origin
    /// RFC 4271 §9.1.2.2 c: the lowest MULTI_EXIT_DISC wins, among paths from the same neighbouring
    /// AS unless "always compare MED" is set.
    case multiExitDiscriminator
    /// RFC 4271 §9.1.2.2 d: a path learned over eBGP beats one learned over iBGP.
    case externalOverInternal
    /// RFC 4271 §9.1.2.2 e: the lowest interior cost to the NEXT_HOP wins.
    case interiorCost
    /// RFC 4271 §9.1.2.2 f (RFC 4456 §9: ORIGINATOR_ID stands in for the BGP Identifier): lowest wins.
    case routerID
    /// RFC 4456 §9: the shortest CLUSTER_LIST wins.
    case clusterListLength
    /// RFC 4271 §9.1.2.2 g: the lowest peer address wins. Total: no two sessions share an address.
    case peerAddress

    /// The name shown to users and in JSON (`as_path_length`, ...).
    public var name: String {
        switch self {
        case .localPreference: "local_preference"
        case .asPathLength: "as_path_length"
        case .origin: "origin"
        case .multiExitDiscriminator: "med"
        case .externalOverInternal: "ebgp_over_ibgp"
        case .interiorCost: "igp_cost"
        case .routerID: "router_id"
        case .clusterListLength: "cluster_list_length"
        case .peerAddress: "peer_address"
        }
    }
}

extension TieBreaker: Comparable {
    public static func < (lhs: TieBreaker, rhs: TieBreaker) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension TieBreaker: CustomStringConvertible {
    public var description: String { name }
}
