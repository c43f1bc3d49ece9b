// Shared fixtures for the configuration tests: a valid dual-tunnel BGP connection and its gateways.
// Everything is namespaced in `ConfigFixtures` so other test files of this target cannot collide.

import ConnectionParameters
import NetworkPrimitives

/// The part of an issue the tests assert: code, field and severity (the message is for people).
struct ConfigIssueKey: Hashable, Sendable, CustomStringConvertible {
    var code: ValidationCode
    var field: String
    var severity: ValidationIssue.Severity

    init(_ code: ValidationCode, _ field: String, _ severity: ValidationIssue.Severity = .error) {
        self.code = code
        self.field = field
        self.severity = severity
    }

    var description: String { "\(field): \(code) (\(severity))" }
}

enum ConfigFixtures {
    static func ip(_ text: String) -> IPv4Address {
        guard let address = IPv4Address(text) else { fatalError("bad fixture address \(text)") }
        return address
    }

    static func prefix(_ text: String) -> IPv4Prefix {
        guard let prefix = IPv4Prefix(text) else { fatalError("bad fixture prefix \(text)") }
        return prefix
    }

    /// The keys of `issues`, in order.
    static func keys(_ issues: [ValidationIssue]) -> [ConfigIssueKey] {
        issues.map { ConfigIssueKey($0.code, $0.field, $0.severity) }
    }

    static let gateway1 = CustomerGateway(id: "cgw-1", ipAddress: ip("203.0.113.10"), asn: 65001)
    static let gateway2 = CustomerGateway(id: "cgw-2", ipAddress: ip("198.51.100.20"), asn: 65001)
    static let gateways: [String: CustomerGateway] = ["cgw-1": gateway1, "cgw-2": gateway2]

    static func tunnel(_ index: Int, gateway: String, cidr: String) -> TunnelOptions {
        let block = prefix(cidr)
        return TunnelOptions(
            index: index, customerGatewayID: gateway,
            bgp: TunnelBGPConfig(tunnelCIDR: block, localBGPIP: IPv4Address(rawValue: block.address.rawValue + 1)))
    }

    /// A valid connection: BGP on, tunnel 1 → cgw-1 over 169.254.10.0/30, tunnel 2 → cgw-2 over 169.254.20.0/30.
    static func connection() -> IPsecConnection {
        IPsecConnection(
            id: "vco-1", name: "dc-1", region: "cn-hangzhou", attachTo: .currentAccount(cenID: "cen-abc"),
            enableTunnelsBGP: true,
            tunnels: [
                tunnel(1, gateway: "cgw-1", cidr: "169.254.10.0/30"),
                tunnel(2, gateway: "cgw-2", cidr: "169.254.20.0/30"),
            ])
    }

    /// The root field used by the connection tests.
    static let root = "connections[0]"
    /// `connections[0].tunnel_options_specification[i]`.
    static func tunnelField(_ position: Int) -> String { "connections[0].tunnel_options_specification[\(position)]" }
}
