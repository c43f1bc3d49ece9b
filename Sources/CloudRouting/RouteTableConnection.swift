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

/// One row of a connection's destination-based or BGP route table, in the console's columns.
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

    public init(
        prefix: IPv4Prefix, source: ConnectionRouteSource, tunnels: [Int], asPath: ASPath = .empty,
        communities: [Community] = [], status: ConnectionRouteStatus, reason: ConnectionRouteReason? = nil
    ) {
        self.prefix = prefix
        self.source = source
        self.tunnels = tunnels
        self.asPath = asPath
        self.communities = communities
        self.status = status
        self.reason = reason
    }
}

/// The two route tables of one connection.
public struct ConnectionTables: Sendable, Hashable {
    /// The destination-based table (`RouteEntryType` custom).
    public var destination: [ConnectionRouteEntry]
    /// The BGP table (`RouteEntryType` bgp): VPN_BGP rows, then CLOUD rows.
    public var bgp: [ConnectionRouteEntry]
}

/// Every table the model holds, in a stable order: the value `simulate` prints and `verify` checks.
public struct CloudTables: Sendable, Hashable {
    /// By connection ID.
    public var connections: [String: ConnectionTables]
    /// By TR route table ID; entries sorted by prefix, then Active first, then next hop.
    public var transitRouter: [String: [TransitRouterRouteEntry]]
}
