// An IPsec-VPN connection in dual-tunnel mode for a transit router (API CreateVpnAttachment,
// Terraform `alicloud_vpn_gateway_vpn_attachment`).

import NetworkPrimitives

/// An IPsec-VPN connection in dual-tunnel mode, attached to a CEN transit router.
///
/// Seed "Create an IPsec-VPN connection" (basic, tunnel, encryption and BGP configuration);
/// reference §6 (API `CreateVpnAttachment`, Terraform `alicloud_vpn_gateway_vpn_attachment`).
/// Validation lives in `IPsecConnection+Validation.swift`.
public struct IPsecConnection: Sendable, Hashable {
    /// The connection ID (`vco-…`).
    public var id: String
    /// `name`: 1–100 characters, not starting with `http://` or `https://` (reference §7).
    public var name: String
    /// `region_id`: the transit router's region; the connection is created there (seed "Region").
    public var region: String
    /// `resource_group_id`: optional (seed "Resource Group").
    public var resourceGroup: String?
    /// `network_type`: public by default (seed "Gateway Type").
    public var gatewayType: GatewayType
    /// Seed "Attach CEN": which account's transit router; `nil` = not attached (API
    /// `AttachType` NO_ASSOCIATED, reference §0).
    public var attachTo: CENAttachmentSpec?
    /// Destination routing (default) or Protected Data Flows (`local_subnet`/`remote_subnet`).
    public var routingMode: RoutingMode
    /// `effect_immediately`: whether negotiation starts as soon as the configuration is applied
    /// (true) or only when traffic is detected (false).
    ///
    /// The sources disagree on the default: the console (seed "Immediately Effective") defaults
    /// to **Yes**, the API (`EffectImmediately`, reference §6) and Terraform to false. The emulator
    /// models what the console creates, so the default here is `true`; topology files built from
    /// API/Terraform calls should set it explicitly.
    public var effectImmediately: Bool
    /// `auto_config_route` (API `AutoConfigRoute`): true by default (reference §5, §6); in Protected
    /// Data Flows mode the system adds the routes for the protected flows and advertises them to the
    /// transit router.
    public var autoConfigRoute: Bool
    /// `enable_tunnels_bgp`: false by default (seed "Enable BGP": BGP is disabled by default;
    /// reference §3). When true, both tunnels need `tunnel_bgp_config`.
    public var enableTunnelsBGP: Bool
    /// `tunnel_options_specification`: exactly two tunnels, with indexes 1 and 2.
    public var tunnels: [TunnelOptions]

    /// The console default of ``effectImmediately``: `true` (seed). The API default is `false`.
    public static let defaultEffectImmediately = true

    /// Creates a connection; the optional settings take the console defaults.
    public init(
        id: String,
        name: String,
        region: String,
        resourceGroup: String? = nil,
        gatewayType: GatewayType = .default,
        attachTo: CENAttachmentSpec? = nil,
        routingMode: RoutingMode = .default,
        effectImmediately: Bool = IPsecConnection.defaultEffectImmediately,
        autoConfigRoute: Bool = true,
        enableTunnelsBGP: Bool = false,
        tunnels: [TunnelOptions]
    ) {
        self.id = id
        self.name = name
        self.region = region
        self.resourceGroup = resourceGroup
        self.gatewayType = gatewayType
        self.attachTo = attachTo
        self.routingMode = routingMode
        self.effectImmediately = effectImmediately
        self.autoConfigRoute = autoConfigRoute
        self.enableTunnelsBGP = enableTunnelsBGP
        self.tunnels = tunnels
    }

    /// The tunnel with `tunnel_index` `index`, if any (the first one when indexes repeat).
    public func tunnel(index: Int) -> TunnelOptions? {
        tunnels.first { $0.index == index }
    }

    /// The pre-shared key in use on `tunnel`: its configured key or the emulator's deterministic
    /// default for this connection and tunnel index (see ``PreSharedKey/generate(seed:)``).
    public func effectivePSK(of tunnel: TunnelOptions) -> String {
        tunnel.effectivePSK(connectionID: id)
    }
}
