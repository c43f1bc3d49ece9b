/// An extended community (RFC 4360): 8 octets, a type (and for most types a subtype) then a value.
public struct ExtendedCommunity: RawRepresentable, Sendable, Hashable {
    public var rawValue: UInt64
    public init(rawValue: UInt64) { self.rawValue = rawValue }

    /// The high-order type octet.
    public var type: UInt8 { UInt8(truncatingIfNeeded: rawValue >> 56) }
    /// The subtype octet (meaningful for the "regular" types).
    public var subtype: UInt8 { UInt8(truncatingIfNeeded: rawValue >> 48) }
    /// RFC 4360 §2: the Transitive bit is 0 for transitive communities.
    public var isTransitive: Bool { type & 0x40 == 0 }

    /// A two-octet-AS-specific route target (type 0x00, subtype 0x02; RFC 4360 §4).
    public static func routeTarget(asn: UInt16, value: UInt32) -> ExtendedCommunity {
        ExtendedCommunity(rawValue: 0x0002 << 48 | UInt64(asn) << 32 | UInt64(value))
    }
}

extension ExtendedCommunity: CustomStringConvertible {
    public var description: String {
        switch (type, subtype) {
        case (0x00, 0x02): "rt:\((rawValue >> 32) & 0xFFFF):\(rawValue & 0xFFFF_FFFF)"
        case (0x00, 0x03): "soo:\((rawValue >> 32) & 0xFFFF):\(rawValue & 0xFFFF_FFFF)"
        case (0x02, 0x02): "rt:\((rawValue >> 16) & 0xFFFF_FFFF):\(rawValue & 0xFFFF)"
        default: "0x" + String(rawValue, radix: 16)
        }
    }
}

/// A large community (RFC 8092): global administrator, local data 1, local data 2, 32 bits each.
public struct LargeCommunity: Sendable, Hashable {
    public var globalAdministrator: UInt32
    public var localData1: UInt32
    public var localData2: UInt32

    public init(_ globalAdministrator: UInt32, _ localData1: UInt32, _ localData2: UInt32) {
        self.globalAdministrator = globalAdministrator
        self.localData1 = localData1
        self.localData2 = localData2
    }
}

extension LargeCommunity: CustomStringConvertible {
    public var description: String { "\(globalAdministrator):\(localData1):\(localData2)" }
}
