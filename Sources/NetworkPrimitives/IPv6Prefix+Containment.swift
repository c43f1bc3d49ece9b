// Set relations of IPv6 prefixes (RFC 4291 §2.3: a prefix is the block of addresses sharing its leading bits).

extension IPv6Prefix {
    /// Whether `address` lies inside the block (its first `length` bits equal the network's), RFC 4291 §2.3.
    @inlinable
    public func contains(_ address: IPv6Address) -> Bool {
        IPv6Prefix.apply(Int(length), to: address) == self.address
    }

    /// Whether `other` is this prefix or a more specific one inside it (RFC 4291 §2.3).
    @inlinable
    public func contains(_ other: IPv6Prefix) -> Bool {
        other.length >= length && contains(other.address)
    }

    /// Whether the two blocks share any address; prefixes overlap only when one contains the other.
    @inlinable
    public func overlaps(_ other: IPv6Prefix) -> Bool {
        contains(other) || other.contains(self)
    }

    /// The highest address in the block (all host bits set), RFC 4291 §2.3.
    @inlinable
    public var lastAddress: IPv6Address {
        let network = IPv6Prefix.apply(Int(length), to: IPv6Address(high: .max, low: .max))
        return IPv6Address(high: address.high | ~network.high, low: address.low | ~network.low)
    }

    /// Whether the prefix names a single address (a /128 host route, RFC 4291 §2.3).
    @inlinable
    public var isHostRoute: Bool { length == 128 }
}
