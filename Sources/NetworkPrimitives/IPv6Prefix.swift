/// An IPv6 prefix (RFC 4291 §2.3): a network address and a length of 0 to 128.
///
/// The address never has bits set beyond the length: the throwing initializer refuses them and
/// ``init(masking:length:)`` clears them.
public struct IPv6Prefix: Sendable {
    /// The network address, with every host bit clear.
    public let address: IPv6Address
    /// The prefix length, 0...128.
    public let length: UInt8

    /// The longest valid length.
    public static let maxLength: UInt8 = 128

    /// Creates a prefix, refusing a length over 128 or an address with host bits set.
    /// - Throws: ``PrefixError``.
    public init(address: IPv6Address, length: Int) throws(PrefixError) {
        guard length >= 0, length <= 128 else { throw PrefixError.lengthOutOfRange(length, maximum: 128) }
        let masked = IPv6Prefix.apply(length, to: address)
        guard masked == address else {
            throw PrefixError.hostBitsSet(address: address.description, length: length)
        }
        self.address = address
        self.length = UInt8(length)
    }

    /// Creates a prefix from any address, clearing the host bits; `nil` when the length is over 128.
    @inlinable
    public init?(masking address: IPv6Address, length: Int) {
        guard length >= 0, length <= 128 else { return nil }
        self.address = IPv6Prefix.apply(length, to: address)
        self.length = UInt8(truncatingIfNeeded: length)
    }

    /// Clears every bit of `address` past `length`.
    @inlinable
    public static func apply(_ length: Int, to address: IPv6Address) -> IPv6Address {
        let highMask: UInt64 = length <= 0 ? 0 : (length >= 64 ? .max : ~(UInt64.max >> UInt64(length)))
        let lowLength = length - 64
        let lowMask: UInt64 = lowLength <= 0 ? 0 : (lowLength >= 64 ? .max : ~(UInt64.max >> UInt64(lowLength)))
        return IPv6Address(high: address.high & highMask, low: address.low & lowMask)
    }
}

extension IPv6Prefix: Hashable {}

extension IPv6Prefix: Comparable {
    /// Orders by network address, then by length (shorter first), so `2001:db8::/32 < 2001:db8::/48`.
    @inlinable
    public static func < (lhs: IPv6Prefix, rhs: IPv6Prefix) -> Bool {
        lhs.address != rhs.address ? lhs.address < rhs.address : lhs.length < rhs.length
    }
}
