/// An IP prefix of either family: an IPv4 CIDR block (RFC 4632) or an IPv6 prefix (RFC 4291 §2.3).
///
/// Ordering puts every IPv4 prefix before every IPv6 prefix, then orders by address and length.
/// Prefixes of different families never contain or overlap each other.
public enum IPPrefix: Sendable {
    /// An IPv4 prefix (RFC 4632).
    case v4(IPv4Prefix)
    /// An IPv6 prefix (RFC 4291 §2.3).
    case v6(IPv6Prefix)
}

extension IPPrefix: Hashable {}

extension IPPrefix: Comparable {
    /// IPv4 before IPv6; within a family by address, then length.
    @inlinable
    public static func < (lhs: IPPrefix, rhs: IPPrefix) -> Bool {
        switch (lhs, rhs) {
        case let (.v4(left), .v4(right)): return left < right
        case let (.v6(left), .v6(right)): return left < right
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        }
    }
}

extension IPPrefix {
    /// The network address (RFC 4632 §3.1, RFC 4291 §2.3).
    @inlinable
    public var address: IPAddress {
        switch self {
        case .v4(let prefix): return .v4(prefix.address)
        case .v6(let prefix): return .v6(prefix.address)
        }
    }

    /// The prefix length: 0...32 for IPv4, 0...128 for IPv6.
    @inlinable
    public var length: Int {
        switch self {
        case .v4(let prefix): return Int(prefix.length)
        case .v6(let prefix): return Int(prefix.length)
        }
    }

    /// Whether `address` is of the same family and lies inside the block (RFC 4632 §3.1, RFC 4291 §2.3).
    @inlinable
    public func contains(_ address: IPAddress) -> Bool {
        switch (self, address) {
        case let (.v4(prefix), .v4(address)): return prefix.contains(address)
        case let (.v6(prefix), .v6(address)): return prefix.contains(address)
        default: return false
        }
    }

    /// Whether `other` is of the same family and is this prefix or a more specific one inside it.
    @inlinable
    public func contains(_ other: IPPrefix) -> Bool {
        switch (self, other) {
        case let (.v4(prefix), .v4(other)): return prefix.contains(other)
        case let (.v6(prefix), .v6(other)): return prefix.contains(other)
        default: return false
        }
    }

    /// Whether the two blocks are of the same family and share any address.
    @inlinable
    public func overlaps(_ other: IPPrefix) -> Bool {
        switch (self, other) {
        case let (.v4(prefix), .v4(other)): return prefix.overlaps(other)
        case let (.v6(prefix), .v6(other)): return prefix.overlaps(other)
        default: return false
        }
    }

    /// The highest address in the block.
    @inlinable
    public var lastAddress: IPAddress {
        switch self {
        case .v4(let prefix): return .v4(prefix.lastAddress)
        case .v6(let prefix): return .v6(prefix.lastAddress)
        }
    }

    /// Whether the prefix names a single address (/32 for IPv4, /128 for IPv6).
    @inlinable
    public var isHostRoute: Bool {
        switch self {
        case .v4(let prefix): return prefix.isHostRoute
        case .v6(let prefix): return prefix.isHostRoute
        }
    }
}

extension IPPrefix {
    /// Parses a prefix of either family: text containing `:` as IPv6 (RFC 4291 §2.3), anything else as
    /// IPv4 CIDR notation (RFC 4632 §3.1). Host bits are refused unless `maskingHostBits` is `true`.
    /// - Throws: ``AddressParseError`` from ``IPv6Prefix/init(parsing:maskingHostBits:)`` or
    ///   ``IPv4Prefix/init(parsing:maskingHostBits:)``.
    public init(parsing text: String, maskingHostBits: Bool = false) throws(AddressParseError) {
        if text.utf8.contains(ASCII.colon) {
            self = .v6(try IPv6Prefix(parsing: text, maskingHostBits: maskingHostBits))
        } else {
            self = .v4(try IPv4Prefix(parsing: text, maskingHostBits: maskingHostBits))
        }
    }

    /// Parses a prefix of either family strictly (see ``init(parsing:maskingHostBits:)``), or returns
    /// `nil` when the text is not a valid prefix.
    public init?(_ text: String) {
        guard let prefix = try? IPPrefix(parsing: text) else { return nil }
        self = prefix
    }
}

extension IPPrefix: CustomStringConvertible {
    /// `address/length`, with the address in its canonical text (dotted quad or RFC 5952).
    public var description: String {
        switch self {
        case .v4(let prefix): return prefix.description
        case .v6(let prefix): return prefix.description
        }
    }
}

extension IPPrefix: LosslessStringConvertible {}
