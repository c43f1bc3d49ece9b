import ConnectionParameters
import BGPRouting
import BGPWire
import NetworkPrimitives

/// The kinds of transit-router attachment (reference §0, §1b).
public enum AttachmentKind: String, Sendable, Hashable, CaseIterable {
    case vpn = "VPN"
    case vpc = "VPC"
    case vbr = "VBR"
    /// A peer transit router (inter-region connection).
    case peerTransitRouter = "TR"
    /// A Cloud Connect Network attachment.
    case ccn = "CCN"
}

/// A route an attachment offers to the TR (VPC CIDRs, VBR-learned routes, a peer TR's routes).
public struct OfferedRoute: Sendable, Hashable {
    public var prefix: IPv4Prefix
    /// `System` for VPC CIDRs, `BGP` for VBR and peer-TR routes (reference §0 OriginRouteType).
    public var originType: RouteOriginType
    public var asPath: ASPath
    public var communities: [Community]

    public init(prefix: IPv4Prefix, originType: RouteOriginType = .system, asPath: ASPath = .empty, communities: [Community] = []) {
        self.prefix = prefix
        self.originType = originType
        self.asPath = asPath
        self.communities = communities
    }
}

/// `PathAttributes.OriginRouteType` of a TR route entry (reference §0).
public enum RouteOriginType: String, Sendable, Hashable {
    case system = "System"
    case custom = "Custom"
    case `static` = "Static"
    case bgp = "BGP"
    case blackhole = "BlackHole"

    /// §10 item 2 (c): BGP-learned routes beat static, custom and system ones.
    var isBGP: Bool { self == .bgp }
}

/// One attachment of the TR and its three route-table relations.
public struct TransitRouterAttachment: Sendable, Hashable {
    public var id: String
    public var kind: AttachmentKind
    public var region: String
    /// The route table the attachment is associated with (at most one; reference §4, S22): the TR
    /// forwards traffic arriving from the attachment with it, and Advertise Routes reads it.
    public var associatedTable: String?
    /// The route tables the attachment's routes are propagated into (several allowed).
    public var propagatesTo: Set<String>
    /// For VPN attachments: `auto_publish_route_enabled` (Advertise Routes), default on (reference §4).
    public var autoPublishRoutes: Bool
    /// For VPN attachments: the IPsec connection (`vco-…`).
    public var connectionID: String?
    /// For other kinds: the routes the attachment offers.
    public var offeredRoutes: [OfferedRoute]

    public init(
        id: String, kind: AttachmentKind, region: String, associatedTable: String? = nil, propagatesTo: Set<String> = [],
        autoPublishRoutes: Bool = true, connectionID: String? = nil, offeredRoutes: [OfferedRoute] = []
    ) {
        self.id = id
        self.kind = kind
        self.region = region
        self.associatedTable = associatedTable
        self.propagatesTo = propagatesTo
        self.autoPublishRoutes = autoPublishRoutes
        self.connectionID = connectionID
        self.offeredRoutes = offeredRoutes
    }
}

/// A static entry of a TR route table (reference §1b, S8c).
public struct TransitRouterStaticRoute: Sendable, Hashable {
    public var prefix: IPv4Prefix
    /// The next-hop attachment, or `nil` for a blackhole route.
    public var nextHopAttachment: String?

    public init(prefix: IPv4Prefix, nextHopAttachment: String?) {
        self.prefix = prefix
        self.nextHopAttachment = nextHopAttachment
    }
}

/// A TR route table: the default one or a custom one, with its static entries.
public struct TransitRouterRouteTable: Sendable, Hashable {
    public var id: String
    public var isDefault: Bool
    public var staticRoutes: [TransitRouterStaticRoute]

    public init(id: String, isDefault: Bool = false, staticRoutes: [TransitRouterStaticRoute] = []) {
        self.id = id
        self.isDefault = isDefault
        self.staticRoutes = staticRoutes
    }
}

/// A CEN route map (reference §1b, S8b): evaluated by priority (lower first) on routes entering a
/// table (ingress) or leaving it towards an attachment (egress); the first that matches decides.
public struct CenRouteMap: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable, CaseIterable {
        /// Routes entering a TR route table from an attachment ("RegionIn").
        case ingress = "RegionIn"
        /// Routes leaving a TR route table towards an attachment ("RegionOut").
        case egress = "RegionOut"
    }

    public var priority: Int
    public var direction: Direction
    /// Tables it applies to (empty: all).
    public var tables: Set<String>
    public var sourceKinds: Set<AttachmentKind>?
    public var sourceAttachments: Set<String>?
    public var destinationKinds: Set<AttachmentKind>?
    public var destinationAttachments: Set<String>?
    public var prefixes: [PrefixListEntry]?
    public var asPathContains: ASNumber?
    public var anyCommunity: [Community]?
    public var permit: Bool
    /// `Preference` 1...100, smaller wins (default 50 when a permit map sets none).
    public var preference: Int?
    public var prepend: [ASNumber]
    public var addCommunities: [Community]
    /// The automatic, unmodifiable priority-5000 Reject (reference §1b, S12).
    public var isSystem: Bool

    public init(
        priority: Int, direction: Direction, tables: Set<String> = [], sourceKinds: Set<AttachmentKind>? = nil,
        sourceAttachments: Set<String>? = nil, destinationKinds: Set<AttachmentKind>? = nil,
        destinationAttachments: Set<String>? = nil, prefixes: [PrefixListEntry]? = nil, asPathContains: ASNumber? = nil,
        anyCommunity: [Community]? = nil, permit: Bool, preference: Int? = nil, prepend: [ASNumber] = [],
        addCommunities: [Community] = [], isSystem: Bool = false
    ) {
        self.priority = priority
        self.direction = direction
        self.tables = tables
        self.sourceKinds = sourceKinds
        self.sourceAttachments = sourceAttachments
        self.destinationKinds = destinationKinds
        self.destinationAttachments = destinationAttachments
        self.prefixes = prefixes
        self.asPathContains = asPathContains
        self.anyCommunity = anyCommunity
        self.permit = permit
        self.preference = preference
        self.prepend = prepend
        self.addCommunities = addCommunities
        self.isSystem = isSystem
    }

    /// The automatic egress Reject at priority 5000 that every table of a TR with a VPN attachment
    /// gets: routes learned from VPN, VBR or CCN attachments are not sent to another such attachment.
    public static let systemReject = CenRouteMap(
        priority: 5000, direction: .egress, sourceKinds: [.vpn, .vbr, .ccn], destinationKinds: [.vpn, .vbr, .ccn],
        permit: false, isSystem: true)
}
