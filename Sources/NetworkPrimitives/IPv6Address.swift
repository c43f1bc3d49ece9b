/// An IPv6 address (RFC 4291), stored as two host-order 64-bit halves.
///
/// Value type; ordering is numeric. Parsing and RFC 5952 formatting live in `IPv6Address+Text.swift`.
public struct IPv6Address: Sendable {
    /// The most significant 64 bits.
    public var high: UInt64
    /// The least significant 64 bits.
    public var low: UInt64

    /// Creates an address from its two halves.
    @inlinable
    public init(high: UInt64, low: UInt64) {
        self.high = high
        self.low = low
    }

    /// The unspecified address `::`.
    public static let any = IPv6Address(high: 0, low: 0)
}

extension IPv6Address: Hashable {}

extension IPv6Address: Comparable {
    /// Numeric order of the 128-bit values, the same as comparing the octets in network order (RFC 4291).
    @inlinable
    public static func < (lhs: IPv6Address, rhs: IPv6Address) -> Bool {
        lhs.high != rhs.high ? lhs.high < rhs.high : lhs.low < rhs.low
    }
}
