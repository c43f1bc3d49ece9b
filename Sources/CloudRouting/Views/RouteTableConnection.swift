import ConnectionParameters
import BGPRouting
import BGPWire
import NetworkPrimitives

/// Where a connection route comes from (reference §0 `Source`, plus the destination-based kinds).
public enum ConnectionRouteSource: String, Sendable, Hashable {
    /// Learned from the data center over BGP.
    case vpnBGP = "VPN_BGP"
    /// Received from the TR (Advertise Routes).
    case cloud = "CLOUD"
    /// A user route of the destination-based table.
    case custom = "custom"
    /// Generated from protected data flows (reference §5).
    case protectedFlow = "policy"
}

/// The status of a connection route row (reference §0 `State`: `published` for a destination route
/// published to the TR, `Active` for a usable BGP route), plus the BGP table's Standby and Rejected paths.
public enum ConnectionRouteStatus: Sendable, Hashable, CaseIterable {
    case published
    /// A destination route not published to the TR.
    case unpublished
    case active
    case standby
    case rejected
}

/// Why a connection route row has its status.
public enum ConnectionRouteReason: Sendable, Hashable {
    /// Neither tunnel is up (reference §10 item 7): the route stays, with no next hop.
    case noUsableTunnel
    /// The path failed an import check or the quota.
    case rejected(RejectReason)
    /// The step at which a Standby path lost: an RFC 4271 §9.1.2.2 step or the active/standby
    /// setting (reference §10 item 13).
    case lostAt(TunnelDecisionStep)
}

/// A tunnel's path for a prefix that the row's route does not use: a Standby path (it lost a
/// decision step to the Active one) or a Rejected one (an import check or the quota refused it).
/// The vendor's BGP table has one entry per prefix with the tunnels it uses (`NextHopTunnelIdList`
/// in `DescribeVcoRouteEntries`); these paths are that entry's details, not rows of their own.
public struct ConnectionRoutePath: Sendable, Hashable {
    /// The tunnel (1 or 2) the path was learned over.
    public var tunnel: Int
    public var asPath: ASPath
    public var communities: [Community]
    /// `.standby` or `.rejected`.
    public var status: ConnectionRouteStatus
    /// The decision step the path lost at, or why it was rejected.
    public var reason: ConnectionRouteReason?

    public init(tunnel: Int, asPath: ASPath, communities: [Community], status: ConnectionRouteStatus, reason: ConnectionRouteReason?) {
        self.tunnel = tunnel
        self.asPath = asPath
        self.communities = communities
        self.status = status
        self.reason = reason
    }
}

/// One row of a connection's destination-based or BGP route table, in the console's columns: one row
/// per prefix and source, with the tunnels the route uses.
public struct ConnectionRouteEntry: Sendable, Hashable {
    public var prefix: IPv4Prefix
    public var source: ConnectionRouteSource
    /// The tunnels the route uses (`NextHopTunnelIdList`: only tunnels whose phase 2 is up).
    public var tunnels: [Int]
    public var asPath: ASPath
    public var communities: [Community]
    public var status: ConnectionRouteStatus
    /// The rejection reason, the decision step a Standby path lost at, or that no tunnel is usable.
    public var reason: ConnectionRouteReason?
    /// The prefix's other tunnel paths (Standby or Rejected), by tunnel: the row's details.
    public var otherPaths: [ConnectionRoutePath]

    public init(
        prefix: IPv4Prefix, source: ConnectionRouteSource, tunnels: [Int], asPath: ASPath = .empty,
        communities: [Community] = [], status: ConnectionRouteStatus, reason: ConnectionRouteReason? = nil,
        otherPaths: [ConnectionRoutePath] = []
    ) {
        self.prefix = prefix
        self.source = source
        self.tunnels = tunnels
        self.asPath = asPath
        self.communities = communities
        self.status = status
        self.reason = reason
        self.otherPaths = otherPaths
    }
}

/// The two route tables of one connection.
public struct ConnectionTables: Sendable, Hashable {
    /// The destination-based table (`RouteEntryType` custom).
    public var destination: [ConnectionRouteEntry]
    /// The BGP table (`RouteEntryType` bgp): VPN_BGP rows, then CLOUD rows; one row per prefix and
    /// source, other tunnel paths in ``ConnectionRouteEntry/otherPaths``.
    public var bgp: [ConnectionRouteEntry]
}

/// Every table the model holds, in a stable order: the value `simulate` prints and `verify` checks.
public struct CloudTables: Sendable, Hashable {
    /// By connection ID.
    public var connections: [String: ConnectionTables]
    /// By TR route table ID; entries sorted by prefix, then Active first, then next hop.
    public var transitRouter: [String: [TransitRouterRouteEntry]]

    public init(connections: [String: ConnectionTables], transitRouter: [String: [TransitRouterRouteEntry]]) {
        self.connections = connections
        self.transitRouter = transitRouter
    }
}
