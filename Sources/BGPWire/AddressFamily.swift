/// Address Family Identifier (IANA "Address Family Numbers"; RFC 4760).
public struct AFI: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt16
    public init(rawValue: UInt16) { self.rawValue = rawValue }
    /// IP version 4.
    public static let ipv4 = AFI(rawValue: 1)
    /// IP version 6.
    public static let ipv6 = AFI(rawValue: 2)
}

/// Subsequent Address Family Identifier (IANA "SAFI Values"; RFC 4760).
public struct SAFI: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }
    /// Unicast forwarding.
    public static let unicast = SAFI(rawValue: 1)
    /// Multicast forwarding.
    public static let multicast = SAFI(rawValue: 2)
}

/// An AFI/SAFI pair: the unit in which multiprotocol BGP negotiates and, under RFC 7606, disables.
public struct AddressFamily: Sendable, Hashable {
    public var afi: AFI
    public var safi: SAFI

    public init(afi: AFI, safi: SAFI) {
        self.afi = afi
        self.safi = safi
    }

    /// IPv4 unicast (1/1).
    public static let ipv4Unicast = AddressFamily(afi: .ipv4, safi: .unicast)
    /// IPv6 unicast (2/1).
    public static let ipv6Unicast = AddressFamily(afi: .ipv6, safi: .unicast)
}

extension AddressFamily: CustomStringConvertible {
    public var description: String {
        switch (afi, safi) {
        case (.ipv4, .unicast): "ipv4-unicast"
        case (.ipv6, .unicast): "ipv6-unicast"
        case (.ipv4, .multicast): "ipv4-multicast"
        case (.ipv6, .multicast): "ipv6-multicast"
        default: "afi-\(afi.rawValue)/safi-\(safi.rawValue)"
        }
    }
}
