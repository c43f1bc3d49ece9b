// Set relations of IPv4 prefixes (RFC 4632 §3.1: a prefix is the block of addresses sharing its leading bits).

extension IPv4Prefix {
    /// Whether `address` lies inside the block (its first `length` bits equal the network's), RFC 4632 §3.1.
    @inlinable
    public func contains(_ address: IPv4Address) -> Bool {
        address.rawValue & IPv4Prefix.mask(Int(length)) == self.address.rawValue
    }

    /// Whether `other` is this prefix or a more specific one inside it (RFC 4632 §3.1 aggregation).
    @inlinable
    public func contains(_ other: IPv4Prefix) -> Bool {
        other.length >= length && contains(other.address)
    }

    /// Whether the two blocks share any address; CIDR blocks overlap only when one contains the other.
    @inlinable
    public func overlaps(_ other: IPv4Prefix) -> Bool {
        contains(other) || other.contains(self)
    }

    /// The highest address in the block (the directed broadcast address for lengths under 31, RFC 919).
    @inlinable
    public var lastAddress: IPv4Address {
        IPv4Address(rawValue: address.rawValue | ~IPv4Prefix.mask(Int(length)))
    }

    /// Whether the prefix names a single address (a /32 host route, RFC 4632 §3.1).
    @inlinable
    public var isHostRoute: Bool { length == 32 }
}
