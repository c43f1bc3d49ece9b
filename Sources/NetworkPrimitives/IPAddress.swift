/// An IP address of either family: IPv4 (RFC 791) or IPv6 (RFC 4291).
///
/// Ordering puts every IPv4 address before every IPv6 address, then orders numerically within a family.
public enum IPAddress: Sendable {
    /// An IPv4 address (RFC 791).
    case v4(IPv4Address)
    /// An IPv6 address (RFC 4291).
    case v6(IPv6Address)
}

extension IPAddress: Hashable {}

extension IPAddress: Comparable {
    /// IPv4 before IPv6; numeric order within a family.
    @inlinable
    public static func < (lhs: IPAddress, rhs: IPAddress) -> Bool {
        switch (lhs, rhs) {
        case let (.v4(left), .v4(right)): return left < right
        case let (.v6(left), .v6(right)): return left < right
        case (.v4, .v6): return true
        case (.v6, .v4): return false
        }
    }
}

extension IPAddress {
    /// Parses an address of either family: text containing `:` as IPv6 (RFC 4291 §2.2), anything
    /// else as a strict IPv4 dotted quad (RFC 791).
    /// - Throws: ``AddressParseError`` from ``IPv6Address/init(parsing:)`` or ``IPv4Address/init(parsing:)``.
    public init(parsing text: String) throws(AddressParseError) {
        if text.utf8.contains(ASCII.colon) {
            self = .v6(try IPv6Address(parsing: text))
        } else {
            self = .v4(try IPv4Address(parsing: text))
        }
    }

    /// Parses an address of either family (see ``init(parsing:)``), or returns `nil` when the text is not one.
    public init?(_ text: String) {
        guard let address = try? IPAddress(parsing: text) else { return nil }
        self = address
    }
}

extension IPAddress: CustomStringConvertible {
    /// The canonical text of the address: a dotted quad (RFC 791) or RFC 5952 IPv6 text.
    public var description: String {
        switch self {
        case .v4(let address): return address.description
        case .v6(let address): return address.description
        }
    }
}

extension IPAddress: LosslessStringConvertible {}
