import CloudRouting
import ConnectionParameters
import NetworkPrimitives

/// One event of a topology's timeline (`timeline[]`): something that happens at a time of the
/// simulation's virtual clock. Documented in `Topologies/README.md`, "Timeline".
public struct TimelineEvent: Sendable {
    /// When it happens, from the start of the simulation (millisecond resolution).
    public var at: Duration
    public var action: Action
    /// Its JSON path (`timeline[3]`), for messages.
    public var path: String

    public init(at: Duration, action: Action, path: String) {
        self.at = at
        self.action = action
        self.path = path
    }

    /// What happens.
    public enum Action: Sendable {
        /// `tunnel_down`: the tunnel's IPsec SAs are deleted at once (the data center shuts the
        /// tunnel down); both BGP speakers see the interface go and close the session.
        case tunnelDown(connection: String, tunnel: Int)
        /// `tunnel_up`: the data center brings the tunnel back (after `tunnel_down` or
        /// `dpd_timeout`): IKE and IPsec negotiate again, then BGP reconnects.
        case tunnelUp(connection: String, tunnel: Int)
        /// `dpd_timeout`: the customer gateway stops answering (power or path loss). Packets are
        /// lost from now on; dead peer detection declares the tunnel down after the tunnel's
        /// `dpd_timeout` (reference §2, 30 s), or, with DPD off, only the BGP hold timer notices.
        case peerSilent(connection: String, tunnel: Int)
        /// `session_reset`: the data center resets its BGP session (`clear ip bgp`): a Cease /
        /// Administrative Reset NOTIFICATION (RFC 4486), then a new session.
        case sessionReset(connection: String, tunnel: Int)
        /// `announce`: the data center starts announcing these routes (or changes their attributes).
        case announce(connection: String, tunnels: [Int], routes: [DataCenterAnnouncement])
        /// `withdraw`: the data center stops announcing these prefixes.
        case withdraw(connection: String, tunnels: [Int], prefixes: [IPv4Prefix])
        /// `set`: one of the three advanced settings of the connection's TR attachment changes.
        case setting(connection: String, setting: AdvancedSetting, on: Bool)
        /// `route_map_add`: a route map is added, or replaces the map with the same priority and direction.
        case addRouteMap(CenRouteMap)
        /// `route_map_remove`: the route map with this priority and direction is deleted.
        case removeRouteMap(priority: Int, direction: CenRouteMap.Direction)
    }
}

extension TimelineEvent.Action {
    /// The `event` name in the file.
    public var name: String {
        switch self {
        case .tunnelDown: "tunnel_down"
        case .tunnelUp: "tunnel_up"
        case .peerSilent: "dpd_timeout"
        case .sessionReset: "session_reset"
        case .announce: "announce"
        case .withdraw: "withdraw"
        case .setting: "set"
        case .addRouteMap: "route_map_add"
        case .removeRouteMap: "route_map_remove"
        }
    }

    /// Every event name the file accepts.
    public static let names = ["tunnel_down", "tunnel_up", "dpd_timeout", "session_reset", "announce", "withdraw", "set",
                               "route_map_add", "route_map_remove"]
}

extension AdvancedSetting {
    /// The attachment key that holds the setting in a topology file.
    public var fileKey: String {
        switch self {
        case .advertiseRoutes: "auto_publish_route_enabled"
        case .associateDefaultTable: "route_table_association_enabled"
        case .propagateDefaultTable: "route_table_propagation_enabled"
        }
    }
}
