import NetworkPrimitives

/// A prefix type a RIB can be keyed by (IPv4Prefix, IPv6Prefix).
public protocol RIBPrefix: Hashable, Comparable, Sendable, CustomStringConvertible {
    /// The prefix as the family-neutral type used by policies and import checks.
    var ipPrefix: IPPrefix { get }
    /// Whether this is the default route (length 0).
    var isDefaultRoute: Bool { get }
}

extension IPv4Prefix: RIBPrefix {
    @inlinable public var ipPrefix: IPPrefix { .v4(self) }
    @inlinable public var isDefaultRoute: Bool { length == 0 }
}

extension IPv6Prefix: RIBPrefix {
    @inlinable public var ipPrefix: IPPrefix { .v6(self) }
    @inlinable public var isDefaultRoute: Bool { length == 0 }
}
