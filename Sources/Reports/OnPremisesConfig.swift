// What the data center's router needs to terminate one dual-tunnel IPsec connection: the content of
// the console's "Download Configuration" (seed, step 5–6), as values. `FRRConfig` and
// `StrongSwanConfig` print it; `OnPremisesConfig+Topology.swift` builds it from a topology.

import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

/// The on-premises end of one IPsec connection: both tunnels' IPsec settings, the BGP sessions over
/// them (or the static routes when the connection has no BGP), and what the data center announces.
///
/// Seed "Create an IPsec-VPN connection", steps 5–6: the console's *Download Configuration* gives
/// the settings the on-premises gateway needs. Every value here mirrors the cloud side
/// (``OnPremisesTunnelSettings/init(mirroring:connection:gateway:)``), so the tunnels negotiate and
/// the sessions come up; the announcements are the topology's `data_centers` entry, so a router
/// configured from it does what the simulator models.
public struct OnPremisesConfig: Sendable, Hashable {
    /// The IPsec connection (`vco-…`).
    public var connectionID: String
    /// The router's host name: the `data_centers` entry's `name`, or `dc-<connection>` without one.
    public var hostname: String
    /// Destination routing or Protected Data Flows (already normalized, reference §5).
    public var routingMode: RoutingMode
    /// The tunnels, by tunnel index.
    public var tunnels: [OnPremisesTunnel]
    /// The BGP speaker, when the connection enables BGP (`enable_tunnels_bgp`).
    public var bgp: OnPremisesBGP?
    /// Without BGP: the cloud prefixes the router sends over the tunnels (see
    /// ``init(document:connectionID:)``). Empty with BGP.
    public var staticRoutes: [IPv4Prefix]
    /// The emulator's `active_standby` setting (reference §10 item 3): the cloud prefers tunnel 1,
    /// so the data center does too (a lower local preference or a higher distance on tunnel 2).
    public var activeStandby: Bool

    /// Creates a configuration from its parts; ``init(document:connectionID:)`` builds one from a topology.
    public init(
        connectionID: String, hostname: String, routingMode: RoutingMode, tunnels: [OnPremisesTunnel],
        bgp: OnPremisesBGP?, staticRoutes: [IPv4Prefix], activeStandby: Bool
    ) {
        self.connectionID = connectionID
        self.hostname = hostname
        self.routingMode = routingMode
        self.tunnels = tunnels
        self.bgp = bgp
        self.staticRoutes = staticRoutes
        self.activeStandby = activeStandby
    }

    /// The configuration in `format`.
    /// - Throws: ``OnPremisesConfigError`` (`unsafe_value`) when a value cannot be written safely.
    public func rendered(as format: OnPremisesConfigFormat) throws(OnPremisesConfigError) -> String {
        switch format {
        case .frr: try FRRConfig.render(self)
        case .strongSwan: try StrongSwanConfig.render(self)
        }
    }
}

/// The configuration languages `transit-bgp config` prints.
public enum OnPremisesConfigFormat: String, Sendable, Hashable, CaseIterable {
    /// FRR 8.4 integrated configuration (`frr.conf`): interfaces, BGP or static routes.
    case frr
    /// strongSwan 5.9 `swanctl.conf`: the two IKE/IPsec connections and their keys.
    case strongSwan = "strongswan"
}

/// One tunnel as the data center sees it.
public struct OnPremisesTunnel: Sendable, Hashable {
    /// `tunnel_index`: 1 or 2.
    public var index: Int
    /// Tunnel 1 is the master, tunnel 2 the slave (reference §2).
    public var role: TunnelRole
    /// The customer gateway of this tunnel (`cgw-…`).
    public var customerGatewayID: String
    /// The route-based tunnel interface: an XFRM interface `xfrm<index>` with ``interfaceID``.
    public var interfaceName: String
    /// The XFRM interface ID, which strongSwan sets on the SAs (`if_id_in`, `if_id_out`): the tunnel index.
    public var interfaceID: Int
    /// The data center's IKE address: the customer gateway's `ip_address`.
    public var localAddress: IPv4Address
    /// The cloud tunnel's gateway IP (`gateway_ip`, the console's "Gateway IP Address"); `nil` when
    /// the topology does not give it: the data center can then only answer the cloud's negotiation.
    public var remoteAddress: IPv4Address?
    /// The identity the data center sends: the cloud's RemoteId, by default the customer gateway IP
    /// (seed "RemoteId").
    public var localID: String
    /// The identity the data center expects: the cloud's LocalId, by default the tunnel's gateway IP
    /// (seed "LocalId"); `nil` when neither is known (accept any).
    public var remoteID: String?
    /// Key, IKE version and mode, algorithms and lifetimes: the cloud tunnel's, mirrored.
    public var settings: OnPremisesTunnelSettings
    /// `enable_dpd` of the cloud tunnel (seed "DPD": on by default).
    public var dpdEnabled: Bool
    /// The cloud's DPD timeout in seconds (seed: 30).
    public var dpdTimeoutSeconds: Int
    /// Traffic selectors on the data center side: 0.0.0.0/0, or the cloud's `remote_subnet` in
    /// Protected Data Flows mode (seed "Remote Network": it matches the data center's local network).
    public var localTrafficSelectors: [IPv4Prefix]
    /// Traffic selectors on the cloud side: 0.0.0.0/0, or the cloud's `local_subnet`.
    public var remoteTrafficSelectors: [IPv4Prefix]
    /// The BGP session over this tunnel; `nil` without BGP.
    public var bgp: OnPremisesTunnelBGP?

    /// Creates a tunnel from its parts.
    public init(
        index: Int, role: TunnelRole, customerGatewayID: String, interfaceName: String, interfaceID: Int,
        localAddress: IPv4Address, remoteAddress: IPv4Address?, localID: String, remoteID: String?,
        settings: OnPremisesTunnelSettings, dpdEnabled: Bool, dpdTimeoutSeconds: Int,
        localTrafficSelectors: [IPv4Prefix], remoteTrafficSelectors: [IPv4Prefix], bgp: OnPremisesTunnelBGP?
    ) {
        self.index = index
        self.role = role
        self.customerGatewayID = customerGatewayID
        self.interfaceName = interfaceName
        self.interfaceID = interfaceID
        self.localAddress = localAddress
        self.remoteAddress = remoteAddress
        self.localID = localID
        self.remoteID = remoteID
        self.settings = settings
        self.dpdEnabled = dpdEnabled
        self.dpdTimeoutSeconds = dpdTimeoutSeconds
        self.localTrafficSelectors = localTrafficSelectors
        self.remoteTrafficSelectors = remoteTrafficSelectors
        self.bgp = bgp
    }
}

/// The BGP session of one tunnel, from the data center's side.
public struct OnPremisesTunnelBGP: Sendable, Hashable {
    /// The tunnel's /30 (`tunnel_cidr`).
    public var tunnelCIDR: IPv4Prefix
    /// The data center's BGP address: the other usable address of the /30
    /// (``TunnelBGPConfig/peerBGPIP``, reference §10 item 10).
    public var localAddress: IPv4Address
    /// The cloud's BGP address (`local_bgp_ip`).
    public var peerAddress: IPv4Address
    /// The cloud's AS (`local_asn`, default 45104).
    public var peerASN: ASNumber
    /// The TCP MD5 key (RFC 2385): the customer gateway's `auth_key`.
    public var password: String?
    /// What the data center announces on this tunnel: its `announce` merged with the tunnel's own.
    public var announcements: [DataCenterAnnouncement]

    /// Creates a session from its parts.
    public init(
        tunnelCIDR: IPv4Prefix, localAddress: IPv4Address, peerAddress: IPv4Address, peerASN: ASNumber,
        password: String?, announcements: [DataCenterAnnouncement]
    ) {
        self.tunnelCIDR = tunnelCIDR
        self.localAddress = localAddress
        self.peerAddress = peerAddress
        self.peerASN = peerASN
        self.password = password
        self.announcements = announcements
    }
}

/// The data center's BGP speaker.
public struct OnPremisesBGP: Sendable, Hashable {
    /// The data center's AS: the customer gateway's `asn` (what the cloud expects in OPEN), or the
    /// `data_centers` entry's when no gateway has one.
    public var asn: ASNumber
    /// The BGP Identifier: the data center's address on the first tunnel.
    public var routerID: IPv4Address
    /// Keepalive interval: 30 s (RFC 4271 §10 suggests a third of the hold time; reference §10 item 4).
    public var keepaliveSeconds: Int
    /// Hold time: 90 s, the cloud side's default (reference §10 item 4).
    public var holdSeconds: Int
    /// Every prefix announced on some tunnel, sorted: the `network` statements.
    public var networks: [IPv4Prefix]

    /// The keepalive interval the emulator's cloud side uses, 30 s (reference §10 item 4).
    public static let defaultKeepaliveSeconds = 30
    /// The hold time the emulator's cloud side uses, 90 s (reference §10 item 4).
    public static let defaultHoldSeconds = 90

    /// Creates a speaker; the timers default to the cloud side's (30 s / 90 s).
    public init(
        asn: ASNumber, routerID: IPv4Address, keepaliveSeconds: Int = OnPremisesBGP.defaultKeepaliveSeconds,
        holdSeconds: Int = OnPremisesBGP.defaultHoldSeconds, networks: [IPv4Prefix]
    ) {
        self.asn = asn
        self.routerID = routerID
        self.keepaliveSeconds = keepaliveSeconds
        self.holdSeconds = holdSeconds
        self.networks = networks
    }
}
