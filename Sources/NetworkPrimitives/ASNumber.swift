/// A BGP autonomous system number (RFC 6793: 4 octets).
///
/// `rawValue` may be any 32-bit value because the wire carries 0 and AS_TRANS; configuration
/// parsing (``ASNumber/init(parsing:)`` in `ASNumber+Text.swift`) accepts only 1...4294967295.
public struct ASNumber: RawRepresentable, Sendable {
    /// The number, 0...4294967295.
    public var rawValue: UInt32

    /// Wraps a number as seen on the wire, without validation.
    @inlinable
    public init(rawValue: UInt32) {
        self.rawValue = rawValue
    }

    /// AS_TRANS (RFC 6793 §9): 23456, sent in 2-octet fields in place of a 4-octet ASN.
    public static let trans = ASNumber(rawValue: 23456)

    /// Whether the number fits the 2-octet fields of RFC 4271 (0...65535).
    @inlinable
    public var isTwoOctet: Bool { rawValue <= 0xFFFF }

    /// The value to put in a 2-octet field: the number itself, or AS_TRANS when it needs 4 octets.
    @inlinable
    public var twoOctetValue: UInt16 { isTwoOctet ? UInt16(truncatingIfNeeded: rawValue) : 23456 }
}

extension ASNumber: Hashable {}

extension ASNumber: Comparable {
    /// Numeric order of the 32-bit values (RFC 6793).
    @inlinable
    public static func < (lhs: ASNumber, rhs: ASNumber) -> Bool { lhs.rawValue < rhs.rawValue }
}

extension ASNumber: ExpressibleByIntegerLiteral {
    /// Creates an AS number from a literal such as `65001`, without validation (RFC 6793: any 32-bit value).
    public init(integerLiteral value: UInt32) {
        self.rawValue = value
    }
}
