import ConnectionParameters
import BGPWire
import NetworkPrimitives

/// The status of a TR route entry (reference §0: `Status` Active|Rejected|Prohibited|Standby|…).
public enum TransitRouterRouteStatus: String, Sendable, Hashable {
    case active = "Active"
    case standby = "Standby"
    case rejected = "Rejected"
}

/// The steps of the TR's selection among routes to one prefix, in order (reference §10 item 2).
public enum TransitRouterTieBreaker: String, Sendable, Hashable, CaseIterable {
    /// (0) a VPC attachment's System route for its own CIDR keeps it: every other candidate loses
    /// (S9: learned routes cannot take over existing ones; a data center must not cut a VPC off).
    case vpcSystemRoute = "vpc_system_route"
    /// (a) a static TR entry beats propagated ones.
    case staticOverPropagated = "static_over_propagated"
    /// (b) the lower route-map `Preference` wins (default 50).
    case routeMapPreference = "route_map_preference"
    /// (c) origin type BGP beats static, custom and system routes.
    case originType = "origin_type_bgp"
    /// (d) a route learned from Express Connect (a VBR attachment) beats the same route learned from
    /// a VPN attachment, with no ECMP between them (S11: "the route learned from the Express Connect
    /// circuit has higher priority" by default).
    case expressConnectPreferred = "express_connect_preferred"
    /// (e) the shorter AS path wins.
    case asPathLength = "as_path_length"
    /// (f) a route from the TR's own region wins.
    case localRegion = "local_region"
    /// (g) ties beyond the ECMP limit: the lower attachment ID wins.
    case attachmentID = "attachment_id"
}

/// Why a TR route entry is Standby or Rejected.
public enum TransitRouterRouteReason: Sendable, Hashable {
    /// The selection step that decided against it (reference §10 item 2).
    case lostAt(TransitRouterTieBreaker)
    /// The ingress route map (its priority) that denied it.
    case routeMap(priority: Int)
}

/// `NextHopType` of a TR route entry (reference §0, API S8 `TransitRouterRouteEntryNextHopType`):
/// whether the entry forwards to an attachment or drops. The attachment's resource type (VPC, VPN,
/// VBR, TR) is ``TransitRouterRouteEntry/nextHopKind``.
public enum TransitRouterNextHopType: Sendable, Hashable, CaseIterable {
    case attachment
    case blackHole
}

/// One entry of a TR route table, as `ListTransitRouterRouteEntries` shows it (reference §0).
public struct TransitRouterRouteEntry: Sendable, Hashable {
    public enum EntryType: String, Sendable, Hashable {
        case `static` = "Static"
        case propagated = "Propagated"
    }

    public var prefix: IPv4Prefix
    public var type: EntryType
    /// The next-hop attachment, `nil` for a blackhole.
    public var nextHopAttachment: String?
    /// The next hop's resource type (`TransitRouterRouteEntryNextHopResourceType`): VPC, VPN, VBR, TR, CCN.
    public var nextHopKind: AttachmentKind?
    public var originType: RouteOriginType
    public var asPath: ASPath
    public var communities: [Community]
    /// Route-map preference, 1...100, smaller wins.
    public var preference: Int
    public var region: String
    public var status: TransitRouterRouteStatus
    /// Why a Standby entry lost, or the route map that rejected a Rejected one.
    public var reason: TransitRouterRouteReason?

    public init(
        prefix: IPv4Prefix, type: EntryType, nextHopAttachment: String?, nextHopKind: AttachmentKind?,
        originType: RouteOriginType, asPath: ASPath = .empty, communities: [Community] = [], preference: Int = 50,
        region: String, status: TransitRouterRouteStatus = .active, reason: TransitRouterRouteReason? = nil
    ) {
        self.prefix = prefix
        self.type = type
        self.nextHopAttachment = nextHopAttachment
        self.nextHopKind = nextHopKind
        self.originType = originType
        self.asPath = asPath
        self.communities = communities
        self.preference = preference
        self.region = region
        self.status = status
        self.reason = reason
    }

    /// The API's `NextHopType`: `Attachment`, or `BlackHole` for an entry without a next hop.
    public var nextHopType: TransitRouterNextHopType { nextHopAttachment == nil ? .blackHole : .attachment }
}

