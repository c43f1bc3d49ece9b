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
    /// (a) a static TR entry beats propagated ones.
    case staticOverPropagated = "static_over_propagated"
    /// (b) the lower route-map `Preference` wins (default 50).
    case routeMapPreference = "route_map_preference"
    /// (c) origin type BGP beats static, custom and system routes.
    case originType = "origin_type_bgp"
    /// (d) the shorter AS path wins.
    case asPathLength = "as_path_length"
    /// (e) a route from the TR's own region wins.
    case localRegion = "local_region"
    /// (f) ties beyond the ECMP limit: the lower attachment ID wins.
    case attachmentID = "attachment_id"
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
    public var nextHopKind: AttachmentKind?
    public var originType: RouteOriginType
    public var asPath: ASPath
    public var communities: [Community]
    /// Route-map preference, 1...100, smaller wins.
    public var preference: Int
    public var region: String
    public var status: TransitRouterRouteStatus
    /// Why a Standby entry lost, or the route map that rejected a Rejected one.
    public var reason: String?

    public init(
        prefix: IPv4Prefix, type: EntryType, nextHopAttachment: String?, nextHopKind: AttachmentKind?,
        originType: RouteOriginType, asPath: ASPath = .empty, communities: [Community] = [], preference: Int = 50,
        region: String, status: TransitRouterRouteStatus = .active, reason: String? = nil
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
}

/// The TR's route selection among the candidates for one prefix (reference §10 item 2).
public enum TransitRouterSelection {
    /// The most attachments that share traffic for one prefix (reference §1b: 16 ECMP-capable VPN attachments).
    public static let maximumECMP = 16

    /// Marks every candidate Active (best, or an ECMP member) or Standby with the step that decided,
    /// eliminating step by step in the order of ``TransitRouterTieBreaker``. Rejected candidates are left alone.
    public static func select(_ entries: inout [TransitRouterRouteEntry], localRegion: String) {
        var alive = entries.indices.filter { entries[$0].status != .rejected }
        func keep<Key: Comparable>(_ step: TransitRouterTieBreaker, lowerWins: Bool, _ key: (TransitRouterRouteEntry) -> Key) {
            guard alive.count > 1 else { return }
            let keys = alive.map { key(entries[$0]) }
            guard let best = lowerWins ? keys.min() : keys.max() else { return }
            alive = alive.filter { index in
                guard key(entries[index]) == best else {
                    entries[index].status = .standby
                    entries[index].reason = step.rawValue
                    return false
                }
                return true
            }
        }
        keep(.staticOverPropagated, lowerWins: false) { $0.type == .static ? 1 : 0 }
        keep(.routeMapPreference, lowerWins: true) { $0.preference }
        keep(.originType, lowerWins: false) { $0.originType.isBGP ? 1 : 0 }
        keep(.asPathLength, lowerWins: true) { $0.asPath.length }
        keep(.localRegion, lowerWins: false) { $0.region == localRegion ? 1 : 0 }
        // (f) the remaining ties share traffic (ECMP) up to the limit; past it, the lower attachment ID wins.
        let ordered = alive.sorted { (entries[$0].nextHopAttachment ?? "") < (entries[$1].nextHopAttachment ?? "") }
        for (rank, index) in ordered.enumerated() {
            if rank < maximumECMP {
                entries[index].status = .active
                entries[index].reason = nil
            } else {
                entries[index].status = .standby
                entries[index].reason = TransitRouterTieBreaker.attachmentID.rawValue
            }
        }
    }
}
