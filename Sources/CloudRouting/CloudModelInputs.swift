import ConnectionParameters
import BGPWire
import NetworkPrimitives

/// A route the data center announces over one tunnel, as the cloud side receives it.
public struct DataCenterRoute: Sendable, Hashable {
    public var prefix: IPv4Prefix
    public var attributes: PathAttributes

    public init(prefix: IPv4Prefix, attributes: PathAttributes) {
        self.prefix = prefix
        self.attributes = attributes
    }
}

/// A user route of the connection's destination-based table (`CreateVcoRouteEntry`; reference §1a).
public struct DestinationRoute: Sendable, Hashable {
    public var prefix: IPv4Prefix
    /// 100 (active) or 0 (standby); "not in use" on a TR-attached connection (reference §1a).
    public var weight: Int
    /// Whether the route is published to the TR (propagated with system routes).
    public var publish: Bool

    public init(prefix: IPv4Prefix, weight: Int = 100, publish: Bool = true) {
        self.prefix = prefix
        self.weight = weight
        self.publish = publish
    }
}

/// Why a tunnel does not forward (reference §2).
public enum TunnelDownReason: Sendable, Hashable {
    /// Dead peer detection expired (30 s by default).
    case dpdTimeout
    /// Taken down by the user (`tunnel_down` event, `tunnel … down`, or the data center's `up: false`).
    case administrativelyDown
    /// IKE and IPsec negotiation has not finished yet.
    case negotiating
    /// Negotiation ended without phase 2 (the console's negotiation status).
    case negotiation(NegotiationState)
    /// Down, with no more specific reason.
    case down
}

/// The run-time state of one tunnel as the routing model sees it.
public struct TunnelRouting: Sendable, Hashable {
    /// 1 (master) or 2 (slave).
    public var index: Int
    /// Whether phase 2 is established and the tunnel forwards (reference §2: only such tunnels are next hops).
    public var isUp: Bool
    /// Why it is down, for `explain`.
    public var downReason: TunnelDownReason?
    /// The data center's BGP address on this tunnel (the peer of the tunnel's local BGP IP).
    public var peerBGPAddress: IPv4Address

    public init(index: Int, isUp: Bool = true, downReason: TunnelDownReason? = nil, peerBGPAddress: IPv4Address) {
        self.index = index
        self.isUp = isUp
        self.downReason = downReason
        self.peerBGPAddress = peerBGPAddress
    }
}

/// Everything the routing model needs about one dual-tunnel IPsec connection, attached to the TR or
/// not (reference §10 item 14: an unattached connection keeps its tunnels and tables, and reaches no TR).
public struct VPNConnectionRouting: Sendable, Hashable {
    /// The connection (`vco-…`).
    public var connectionID: String
    /// Its TR attachment (`tr-attach-…`); `nil` while the connection is not attached (cross-account,
    /// not yet attached): its BGP table learns, nothing propagates and Advertise Routes sends nothing.
    public var attachmentID: String?
    /// `tunnel_bgp_config.local_asn`, shared by both tunnels (default 45104).
    public var localASN: ASNumber
    /// `enable_tunnels_bgp`.
    public var bgpEnabled: Bool
    /// The customer gateway's ASN.
    public var customerASN: ASNumber?
    /// The two tunnels.
    public var tunnels: [TunnelRouting]
    /// §10 item 3 setting: tunnel 1 preferred, traffic returns to it when it recovers.
    public var activeStandby: Bool
    /// Protected data flows: local and remote CIDRs (empty in destination routing mode).
    public var protectedLocal: [IPv4Prefix]
    public var protectedRemote: [IPv4Prefix]
    /// `auto_config_route`: whether protected flows generate routes (reference §5).
    public var autoConfigRoute: Bool
    /// User routes of the destination-based table.
    public var destinationRoutes: [DestinationRoute]
    /// The learned-route quota for the connection (§10 item 5: 50 by default; `nil` = unlimited).
    public var learnedRouteQuota: Int?
    /// §10 item 1 setting: a lookup inside the connection takes the destination-based table first,
    /// whatever the prefix length, instead of the longest match across both tables (reference §1a:
    /// S1 reads as table order, S4 as prefix length first). Forwarding only: the tables are the same.
    public var strictTableOrder: Bool
    /// What the data center announces over each tunnel, by tunnel index, in arrival order: a prefix
    /// listed twice keeps its last route (an announcement replaces the previous one, RFC 4271 §9).
    /// The model loads these into the connection's BGP table and keeps only the table.
    public var announcements: [Int: [DataCenterRoute]]

    public init(
        connectionID: String, attachmentID: String?, localASN: ASNumber = 45104, bgpEnabled: Bool = true,
        customerASN: ASNumber? = nil, tunnels: [TunnelRouting], activeStandby: Bool = false,
        protectedLocal: [IPv4Prefix] = [], protectedRemote: [IPv4Prefix] = [], autoConfigRoute: Bool = true,
        destinationRoutes: [DestinationRoute] = [], learnedRouteQuota: Int? = 50, strictTableOrder: Bool = false,
        announcements: [Int: [DataCenterRoute]] = [:]
    ) {
        self.connectionID = connectionID
        self.attachmentID = attachmentID
        self.localASN = localASN
        self.bgpEnabled = bgpEnabled
        self.customerASN = customerASN
        self.tunnels = tunnels
        self.activeStandby = activeStandby
        self.protectedLocal = protectedLocal
        self.protectedRemote = protectedRemote
        self.autoConfigRoute = autoConfigRoute
        self.destinationRoutes = destinationRoutes
        self.learnedRouteQuota = learnedRouteQuota
        self.strictTableOrder = strictTableOrder
        self.announcements = announcements
    }

    /// Whether no tunnel forwards (§10 item 7).
    public var hasUsableTunnel: Bool { tunnels.contains(where: \.isUp) }
}

/// The three advanced settings of a VPN attachment (reference §4).
public enum AdvancedSetting: String, Sendable, Hashable, CaseIterable {
    /// `auto_publish_route_enabled`: Advertise Routes.
    case advertiseRoutes = "advertise-routes"
    /// `route_table_association_enabled`: associate with the TR default route table.
    case associateDefaultTable = "associate-default-table"
    /// `route_table_propagation_enabled`: propagate system routes to the TR default route table.
    case propagateDefaultTable = "propagate-default-table"
}
