import BGPWire

/// Where a route comes from: a BGP peer, a local static route, or, in a cloud table, another
/// attachment or table it was propagated from.
public enum RouteOrigin: Sendable, Hashable {
    /// Learned over BGP from a peer.
    case bgp(PeerID)
    /// Configured locally (a static or destination-based route).
    case `static`
    /// Propagated into a table from an attachment or another table (cloud tables).
    case propagated(from: String)
}

/// A route: a prefix, its (interned) path attributes, and where it came from.
///
/// The RIB stores paths more compactly (``StoredPath``); this is the value handed to users of the
/// RIB and to the cloud model's tables.
public struct Route<Prefix: RIBPrefix>: Sendable, Hashable {
    public var prefix: Prefix
    public var attributes: PathAttributes
    public var origin: RouteOrigin

    public init(prefix: Prefix, attributes: PathAttributes, origin: RouteOrigin) {
        self.prefix = prefix
        self.attributes = attributes
        self.origin = origin
    }

    /// The peer the route came from, for a BGP route.
    public var peer: PeerID? {
        if case .bgp(let peer) = origin { return peer }
        return nil
    }
}

extension RIB {
    /// The Loc-RIB as routes, in prefix order (the peer of ``PeerID/local`` is a static origin).
    public var locRIBRoutes: [Route<Prefix>] {
        locRIB.map { entry in
            Route(prefix: entry.prefix, attributes: entry.best.attributes,
                  origin: entry.best.peer == .local ? .static : .bgp(entry.best.peer))
        }
    }
}
