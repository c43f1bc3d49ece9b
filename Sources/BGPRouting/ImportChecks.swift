import BGPWire
import NetworkPrimitives

/// The eligibility checks a peer's routes go through before import policy (RFC 4271 §9.1.2 and the
/// cloud model's rules), each producing a fixed ``RejectReason``.
public struct ImportChecks: Sendable, Hashable {
    /// Reject paths whose AS_PATH contains this AS (`as_path_loop`).
    public var localAS: ASNumber?
    /// Reject the default route (`default_route_refused`).
    public var refuseDefaultRoute: Bool
    /// Reject prefixes equal to, inside or containing any of these (`reserved_prefix`).
    public var reservedPrefixes: [IPPrefix]
    /// Reject unusable IPv4 NEXT_HOPs: 0/8, 127/8, 224/4 and above (`next_hop_invalid`).
    public var checkNextHop: Bool
    /// The receiver's own addresses: a NEXT_HOP equal to one is unusable (RFC 4271 §6.3, `next_hop_invalid`).
    public var ownAddresses: Set<IPv4Address>

    public init(
        localAS: ASNumber? = nil, refuseDefaultRoute: Bool = false, reservedPrefixes: [IPPrefix] = [],
        checkNextHop: Bool = true, ownAddresses: Set<IPv4Address> = []
    ) {
        self.localAS = localAS
        self.refuseDefaultRoute = refuseDefaultRoute
        self.reservedPrefixes = reservedPrefixes
        self.checkNextHop = checkNextHop
        self.ownAddresses = ownAddresses
    }

    /// No checks at all.
    public static let none = ImportChecks(checkNextHop: false)

    /// The first check that fails, in a fixed order, or `nil` when the route is eligible.
    public func rejection<Prefix: RIBPrefix>(prefix: Prefix, attributes: PathAttributes) -> RejectReason? {
        attributeRejection(attributes) ?? prefixRejection(prefix)
    }

    /// The checks that depend only on the attributes (run once per UPDATE).
    public func attributeRejection(_ attributes: PathAttributes) -> RejectReason? {
        guard attributes.origin != nil, let path = attributes.asPath else { return .missingAttribute }
        if let localAS, path.contains(localAS) { return .asPathLoop }
        if checkNextHop, let nextHop = attributes.nextHop, let reason = nextHopRejection(nextHop) { return reason }
        return nil
    }

    /// The NEXT_HOP check alone (`next_hop_invalid`): 0/8 (0.0.0.0 included), 127/8, class D
    /// (multicast) and E, or one of ``ownAddresses`` (RFC 4271 §5.1.3, §6.3).
    public func nextHopRejection(_ nextHop: IPv4Address) -> RejectReason? {
        let first = nextHop.rawValue >> 24
        if first == 0 || first == 127 || first >= 224 || ownAddresses.contains(nextHop) { return .nextHopInvalid }
        return nil
    }

    /// The checks that depend only on the prefix.
    public func prefixRejection<Prefix: RIBPrefix>(_ prefix: Prefix) -> RejectReason? {
        if refuseDefaultRoute && prefix.isDefaultRoute { return .defaultRouteRefused }
        if !reservedPrefixes.isEmpty {
            let candidate = prefix.ipPrefix
            if reservedPrefixes.contains(where: { $0.overlaps(candidate) }) { return .reservedPrefix }
        }
        return nil
    }
}
