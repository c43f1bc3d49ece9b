/// An IPv4 address (RFC 791), stored as a host-order 32-bit integer.
///
/// Value type; ordering is numeric. Parsing and formatting live in `IPv4Address+Text.swift`.
public struct IPv4Address: RawRepresentable, Sendable {
    /// The address as a host-order integer (`10.0.0.1` is `0x0A00_0001`).
    public var rawValue: UInt32

    /// Creates an address from its host-order integer value.
    @inlinable
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// Creates an address from its four octets, most significant first.
    @inlinable
    public init(_ a: UInt8, _ b: UInt8, _ c: UInt8, _ d: UInt8) {
        self.rawValue = UInt32(a) << 24 | UInt32(b) << 16 | UInt32(c) << 8 | UInt32(d)
    }

    /// The unspecified address `0.0.0.0`.
    public static let any = IPv4Address(rawValue: 0)
}

extension IPv4Address: Hashable {}

extension IPv4Address: Comparable {
    /// Numeric order of the 32-bit values, the same as comparing the octets in network order (RFC 791).
    @inlinable
    public static func < (lhs: IPv4Address, rhs: IPv4Address) -> Bool { lhs.rawValue < rhs.rawValue }
}
