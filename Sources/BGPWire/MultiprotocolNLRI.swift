import NetworkPrimitives

/// The next hop of an MP_REACH_NLRI (RFC 4760 §3; RFC 2545 §3 for IPv6 global plus link-local).
public enum MPNextHop: Sendable, Hashable {
    /// 4 octets.
    case ipv4(IPv4Address)
    /// 16 octets, or 32 with a link-local address.
    case ipv6(global: IPv6Address, linkLocal: IPv6Address?)
    /// Any other family's next hop, as received.
    case raw([UInt8])
}

/// The prefixes of one address family.
public enum MPPrefixes: Sendable, Hashable {
    case ipv4([IPv4Prefix])
    case ipv6([IPv6Prefix])
    /// The NLRI of a family this codec does not parse, kept as bytes.
    case raw([UInt8])

    /// The empty list of the type the codec decodes for `family`.
    public static func empty(for family: AddressFamily) -> MPPrefixes {
        switch NLRICodec.kind(of: family) {
        case .ipv4: .ipv4([])
        case .ipv6: .ipv6([])
        case .raw: .raw([])
        }
    }

    /// Whether no prefix is carried.
    public var isEmpty: Bool {
        switch self {
        case .ipv4(let list): list.isEmpty
        case .ipv6(let list): list.isEmpty
        case .raw(let bytes): bytes.isEmpty
        }
    }

    /// The number of prefixes (0 for raw NLRI).
    public var count: Int {
        switch self {
        case .ipv4(let list): list.count
        case .ipv6(let list): list.count
        case .raw: 0
        }
    }
}

/// MP_REACH_NLRI (RFC 4760 §3): reachable prefixes of one AFI/SAFI with their next hop.
public struct MPReachNLRI: Sendable, Hashable {
    public var family: AddressFamily
    public var nextHop: MPNextHop
    public var prefixes: MPPrefixes

    public init(family: AddressFamily, nextHop: MPNextHop, prefixes: MPPrefixes) {
        self.family = family
        self.nextHop = nextHop
        self.prefixes = prefixes
    }
}

/// MP_UNREACH_NLRI (RFC 4760 §4): withdrawn prefixes of one AFI/SAFI.
public struct MPUnreachNLRI: Sendable, Hashable {
    public var family: AddressFamily
    public var prefixes: MPPrefixes

    public init(family: AddressFamily, prefixes: MPPrefixes) {
        self.family = family
        self.prefixes = prefixes
    }
}
