// The bit-level view of a prefix that PrefixTable and LPMSnapshot are generic over (RFC 4632 §3.1,
// RFC 4291 §2.3: a prefix is the block of addresses sharing its first `length` bits).

/// A prefix of one address family, as seen by ``PrefixTable`` and ``LPMSnapshot``: a network address
/// whose bits past ``length`` are clear, and bit access numbered from the most significant bit (bit 0).
///
/// ``IPv4Prefix`` and ``IPv6Prefix`` conform. Ordering must be by address, then by length (shorter first).
public protocol RoutablePrefix: Hashable, Comparable, Sendable {
    /// The address type of the family.
    associatedtype Address: Hashable, Comparable, Sendable

    /// The number of bits in an address (32 for IPv4, 128 for IPv6), the longest valid length.
    static var maxLength: UInt8 { get }

    /// The network address; every bit past ``length`` is clear.
    var address: Address { get }

    /// The prefix length, 0...``maxLength``.
    var length: UInt8 { get }

    /// Creates a prefix from an address with no bits set past `length` and `length` ≤ ``maxLength``,
    /// without checks (a violated precondition is a programming error).
    init(uncheckedAddress address: Address, length: UInt8)

    /// Whether `address` lies inside the block.
    func contains(_ address: Address) -> Bool

    /// Whether `other` is this prefix or a more specific one inside it.
    func contains(_ other: Self) -> Bool

    /// The prefix of the first `length` bits (`length` ≤ `self.length`): the block of this size that contains `self`.
    func truncated(to length: UInt8) -> Self

    /// The number of leading bits the two prefixes share, at most the shorter of the two lengths;
    /// `truncated(to: commonLength(with: other))` is the longest prefix containing both.
    func commonLength(with other: Self) -> UInt8

    /// The `count` bits (1...32) of `address` starting at bit `offset` (0 is the most significant bit),
    /// as an integer whose lowest bit is bit `offset + count - 1`. Bits at or past ``maxLength`` read as 0,
    /// so any `offset` ≥ 0 is valid.
    static func bits(of address: Address, at offset: Int, count: Int) -> Int
}

extension RoutablePrefix {
    /// The prefix covering a single address (a /32 or /128 host route).
    @inlinable
    public init(host address: Address) {
        self.init(uncheckedAddress: address, length: Self.maxLength)
    }

    /// The block of `length` bits containing `address`: the address with its bits past `length` cleared.
    /// - Precondition: `length` ≤ ``maxLength``.
    @inlinable
    public init(containing address: Address, length: UInt8) {
        precondition(length <= Self.maxLength, "prefix length \(length) is over \(Self.maxLength)")
        self = Self(uncheckedAddress: address, length: Self.maxLength).truncated(to: length)
    }

    /// Bit `index` of `address` (0 is the most significant), 0 or 1.
    @inlinable
    public static func bit(of address: Address, at index: Int) -> Int {
        bits(of: address, at: index, count: 1)
    }
}

extension IPv4Prefix: RoutablePrefix {
    /// The /`length` prefix containing this one (`length` ≤ `self.length`).
    @inlinable
    public func truncated(to length: UInt8) -> IPv4Prefix {
        assert(length <= self.length)
        return IPv4Prefix(
            uncheckedAddress: IPv4Address(rawValue: address.rawValue & IPv4Prefix.mask(Int(length))), length: length)
    }

    /// The number of leading bits shared with `other`, at most the shorter length.
    @inlinable
    public func commonLength(with other: IPv4Prefix) -> UInt8 {
        let same = UInt8(truncatingIfNeeded: (address.rawValue ^ other.address.rawValue).leadingZeroBitCount)
        return Swift.min(same, Swift.min(length, other.length))
    }

    /// The `count` bits (1...32) of `address` from bit `offset` (0 = most significant); bits past 31 read as 0.
    @inlinable
    public static func bits(of address: IPv4Address, at offset: Int, count: Int) -> Int {
        // The address sits in the top half of a 64-bit word, so offsets up to 63 read zeros past bit 31.
        guard offset < 64 else { return 0 }
        let word = UInt64(truncatingIfNeeded: address.rawValue) &<< 32
        return Int(truncatingIfNeeded: (word &<< UInt64(offset)) &>> UInt64(64 - count))
    }
}

extension IPv6Prefix {
    /// Creates a prefix without checks, for code that has already masked `address` and checked
    /// `length` ≤ 128 (a violated precondition is a programming error).
    @inlinable
    public init(uncheckedAddress address: IPv6Address, length: UInt8) {
        assert(length <= 128 && IPv6Prefix.apply(Int(length), to: address) == address)
        self.address = address
        self.length = length
    }
}

extension IPv6Prefix: RoutablePrefix {
    /// The /`length` prefix containing this one (`length` ≤ `self.length`).
    @inlinable
    public func truncated(to length: UInt8) -> IPv6Prefix {
        assert(length <= self.length)
        return IPv6Prefix(uncheckedAddress: IPv6Prefix.apply(Int(length), to: address), length: length)
    }

    /// The number of leading bits shared with `other`, at most the shorter length.
    @inlinable
    public func commonLength(with other: IPv6Prefix) -> UInt8 {
        let high = address.high ^ other.address.high
        let same = high != 0
            ? high.leadingZeroBitCount : 64 + (address.low ^ other.address.low).leadingZeroBitCount
        return Swift.min(UInt8(truncatingIfNeeded: same), Swift.min(length, other.length))
    }

    /// The `count` bits (1...32) of `address` from bit `offset` (0 = most significant); bits past 127 read as 0.
    @inlinable
    public static func bits(of address: IPv6Address, at offset: Int, count: Int) -> Int {
        let word: UInt64
        if offset == 0 {
            word = address.high
        } else if offset < 64 {
            word = address.high &<< UInt64(offset) | address.low &>> UInt64(64 - offset)
        } else if offset < 128 {
            word = address.low &<< UInt64(offset - 64)
        } else {
            return 0
        }
        return Int(truncatingIfNeeded: word &>> UInt64(64 - count))
    }
}
