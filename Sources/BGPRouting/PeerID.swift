import NetworkPrimitives

/// A compact handle for a peer (or any route source) inside a RIB.
public struct PeerID: RawRepresentable, Sendable, Hashable, Comparable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Routes originated locally (static, redistributed) rather than learned from a peer.
    public static let local = PeerID(rawValue: UInt32.max)

    public static func < (lhs: PeerID, rhs: PeerID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// What the decision process needs to know about where a path came from.
public struct PeerInfo: Sendable, Hashable {
    /// A name for people ("tunnel-1", "vco-1/tunnel 2").
    public var name: String
    /// The peer's session address (RFC 4271 §9.1.2.2 g compares it).
    public var address: IPAddress
    /// The peer's AS.
    public var asn: ASNumber
    /// The peer's BGP Identifier (RFC 4271 §9.1.2.2 f).
    public var routerID: IPv4Address
    /// Whether the session is eBGP (RFC 4271 §9.1.2.2 d).
    public var isExternal: Bool
    /// The interior cost to reach this peer's next hops (RFC 4271 §9.1.2.2 e); 0 when unknown.
    public var interiorCost: UInt32

    public init(
        name: String, address: IPAddress, asn: ASNumber, routerID: IPv4Address,
        isExternal: Bool = true, interiorCost: UInt32 = 0
    ) {
        self.name = name
        self.address = address
        self.asn = asn
        self.routerID = routerID
        self.isExternal = isExternal
        self.interiorCost = interiorCost
    }

    /// The source of locally originated routes.
    public static let local = PeerInfo(
        name: "local", address: .v4(.any), asn: ASNumber(rawValue: 0), routerID: .any, isExternal: false)
}
