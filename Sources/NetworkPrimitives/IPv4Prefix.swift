/// An IPv4 prefix (RFC 4632 CIDR block): a network address and a length of 0 to 32.
///
/// The address never has bits set beyond the length: the throwing initializer refuses them and
/// ``init(masking:length:)`` clears them.
public struct IPv4Prefix: Sendable {
    /// The network address, with every host bit clear.
    public let address: IPv4Address
    /// The prefix length, 0...32.
    public let length: UInt8

    /// The longest valid length.
    public static let maxLength: UInt8 = 32

    /// Creates a prefix, refusing a length over 32 or an address with host bits set.
    /// - Throws: ``PrefixError``.
    public init(address: IPv4Address, length: Int) throws(PrefixError) {
        guard length >= 0, length <= 32 else { throw PrefixError.lengthOutOfRange(length, maximum: 32) }
        let masked = IPv4Prefix.mask(length) & address.rawValue
        guard masked == address.rawValue else {
            throw PrefixError.hostBitsSet(address: address.description, length: length)
        }
        self.address = address
        self.length = UInt8(length)
    }

    /// Creates a prefix from any address, clearing the host bits; `nil` when the length is over 32.
    @inlinable
    public init?(masking address: IPv4Address, length: Int) {
        guard length >= 0, length <= 32 else { return nil }
        self.address = IPv4Address(rawValue: address.rawValue & IPv4Prefix.mask(length))
        self.length = UInt8(truncatingIfNeeded: length)
    }

    /// Creates a prefix without checks, for decoders that have already masked `address` and
    /// checked `length` ≤ 32 (a violated precondition is a programming error).
    @inlinable
    public init(uncheckedAddress address: IPv4Address, length: UInt8) {
        assert(length <= 32 && address.rawValue & ~IPv4Prefix.mask(Int(length)) == 0)
        self.address = address
        self.length = length
    }

    /// The network mask for a length of 0...32 as a host-order integer.
    @inlinable
    public static func mask(_ length: Int) -> UInt32 {
        length <= 0 ? 0 : (length >= 32 ? UInt32.max : ~(UInt32.max >> UInt32(length)))
    }
}

extension IPv4Prefix: Hashable {}

extension IPv4Prefix: Comparable {
    /// Orders by network address, then by length (shorter first), so `10.0.0.0/8 < 10.0.0.0/16 < 10.1.0.0/16`.
    @inlinable
    public static func < (lhs: IPv4Prefix, rhs: IPv4Prefix) -> Bool {
        lhs.address != rhs.address ? lhs.address < rhs.address : lhs.length < rhs.length
    }
}
