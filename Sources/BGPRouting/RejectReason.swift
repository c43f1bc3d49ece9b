/// Why a received path is not eligible for the decision process. The list is closed: every
/// rejection in the project uses one of these, and the names are stable (JSON, `explain`).
///
/// A rejected path stays in the Adj-RIB-In, visible with its reason.
public enum RejectReason: String, Sendable, Hashable, CaseIterable {
    /// RFC 4271 §9.1.2: the AS_PATH contains the receiver's own AS.
    case asPathLoop = "as_path_loop"
    /// The peer (or its quota group, e.g. both tunnels of one connection) exceeded its learned-route quota.
    case quotaExceeded = "quota_exceeded"
    /// A default route (0.0.0.0/0 or ::/0) from a peer configured to refuse it.
    case defaultRouteRefused = "default_route_refused"
    /// The prefix is, contains or lies inside a reserved block the peer may not announce.
    case reservedPrefix = "reserved_prefix"
    /// The UPDATE was malformed and RFC 7606 treat-as-withdraw applied.
    case treatAsWithdraw = "treat_as_withdraw"
    /// An import policy denied it.
    case policyReject = "policy_reject"
    /// NEXT_HOP is unusable (RFC 4271 §6.3 semantics: 0.0.0.0, loopback, multicast, the receiver's own address).
    case nextHopInvalid = "next_hop_invalid"
    /// A mandatory attribute (ORIGIN, AS_PATH) is absent, so the path cannot be ranked.
    case missingAttribute = "missing_attribute"
}

extension RejectReason: CustomStringConvertible {
    public var description: String { rawValue }
}
