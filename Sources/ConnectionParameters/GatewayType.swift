/// The connection's network type (seed "Gateway Type"; API `NetworkType`, reference §6).
///
/// Cannot be changed after creation (seed "Modify an IPsec-VPN connection").
public enum GatewayType: String, Sendable, Hashable, CaseIterable {
    /// Over the Internet: the default.
    case `public`
    /// Over a private network, to encrypt private traffic; the gateway IP comes from the transit
    /// router's CIDR (reference §1b, S13).
    case `private`

    /// ``public`` (seed; reference §6).
    public static let `default`: GatewayType = .public
}

extension GatewayType: CustomStringConvertible {
    /// The API spelling.
    public var description: String { rawValue }
}
