// One tunnel of a dual-tunnel connection: a `tunnel_options_specification` entry (API
// `TunnelOptionsSpecification.N`).

import NetworkPrimitives

/// One tunnel: Terraform `tunnel_options_specification`, API `TunnelOptionsSpecification.N`
/// (reference §6; seed "Tunnel configuration" and "Encryption configuration").
///
/// Defaults: DPD on with a 30 s timeout (seed "DPD"), NAT traversal on (seed "NAT Traversal"),
/// no BGP settings, vendor-default IKE and IPsec settings, status Normal.
public struct TunnelOptions: Sendable, Hashable {
    /// `tunnel_index`: 1 or 2.
    public var index: Int
    /// `customer_gateway_id`: the data center end; both tunnels may use the same gateway.
    public var customerGatewayID: String
    /// `tunnel_bgp_config`: required on both tunnels when the connection enables BGP.
    public var bgp: TunnelBGPConfig?
    /// `tunnel_ike_config`.
    public var ike: IKEConfig
    /// `tunnel_ipsec_config`.
    public var ipsec: IPsecConfig
    /// `enable_dpd`: true by default.
    public var dpdEnabled: Bool
    /// The DPD timeout in seconds: 30 (seed "DPD"); not an API field, settable in the emulator
    /// (reference §10.3), 1–3600.
    public var dpdTimeoutSeconds: Int
    /// `enable_nat_traversal`: true by default.
    public var natTraversal: Bool
    /// Read-back `State`: Normal by default.
    public var status: TunnelStatus
    /// Read-back `InternetIp`: the gateway IP the system assigns to the tunnel, which is also the
    /// default LocalId; `nil` until known.
    public var gatewayAddress: IPv4Address?

    /// The default DPD timeout, 30 seconds (seed "DPD"; reference §2).
    public static let defaultDPDTimeoutSeconds = 30
    /// The DPD timeouts the emulator accepts, 1...3600 s (reference §2 cites legacy 130 s and 3600 s).
    public static let dpdTimeoutRange: ClosedRange<Int> = 1...3600

    /// Creates a tunnel; everything but the index and the customer gateway has the vendor default.
    public init(
        index: Int,
        customerGatewayID: String,
        bgp: TunnelBGPConfig? = nil,
        ike: IKEConfig = IKEConfig(),
        ipsec: IPsecConfig = IPsecConfig(),
        dpdEnabled: Bool = true,
        dpdTimeoutSeconds: Int = TunnelOptions.defaultDPDTimeoutSeconds,
        natTraversal: Bool = true,
        status: TunnelStatus = .normal,
        gatewayAddress: IPv4Address? = nil
    ) {
        self.index = index
        self.customerGatewayID = customerGatewayID
        self.bgp = bgp
        self.ike = ike
        self.ipsec = ipsec
        self.dpdEnabled = dpdEnabled
        self.dpdTimeoutSeconds = dpdTimeoutSeconds
        self.natTraversal = natTraversal
        self.status = status
        self.gatewayAddress = gatewayAddress
    }

    /// `role`: ``TunnelRole/master`` for tunnel 1, ``TunnelRole/slave`` otherwise.
    public var role: TunnelRole { index == 1 ? .master : .slave }

    /// The key in use on this tunnel of connection `connectionID`: the configured key, or the
    /// deterministic default from ``PreSharedKey/defaultSeed(connectionID:tunnelIndex:)``.
    public func effectivePSK(connectionID: String) -> String {
        ike.effectivePSK(seed: PreSharedKey.defaultSeed(connectionID: connectionID, tunnelIndex: index))
    }

    /// Checks the tunnel on its own: `tunnel_index_invalid` (`tunnel_index`), `dpd_timeout_out_of_range`
    /// (`dpd_timeout`), and the rules of ``TunnelBGPConfig/validate(at:)`` (`tunnel_bgp_config`, when
    /// present), ``IKEConfig/validate(at:)`` (`tunnel_ike_config`) and ``IPsecConfig/validate(at:)``
    /// (`tunnel_ipsec_config`). Rules that need the connection or the gateways are in
    /// ``IPsecConnection/validate(at:gateways:)``.
    /// - Parameter field: the path of this entry, e.g. `connections[0].tunnel_options_specification[1]`.
    public func validate(at field: String) -> [ValidationIssue] {
        var issues: [ValidationIssue] = []
        if index != 1 && index != 2 {
            issues.append(ValidationIssue(
                code: .tunnelIndexInvalid, field: ValidationIssue.join(field, "tunnel_index"), value: String(index),
                message: "tunnel index \(index) is not 1 or 2"))
        }
        if !Self.dpdTimeoutRange.contains(dpdTimeoutSeconds) {
            issues.append(ValidationIssue(
                code: .dpdTimeoutOutOfRange, field: ValidationIssue.join(field, "dpd_timeout"),
                value: String(dpdTimeoutSeconds),
                message: "a DPD timeout of \(dpdTimeoutSeconds) seconds is outside 1 to 3600"))
        }
        if let bgp {
            issues += bgp.validate(at: ValidationIssue.join(field, "tunnel_bgp_config"))
        }
        issues += ike.validate(at: ValidationIssue.join(field, "tunnel_ike_config"))
        issues += ipsec.validate(at: ValidationIssue.join(field, "tunnel_ipsec_config"))
        return issues
    }
}
