/// An `expect` block of a topology: a partial match on the simulation's state at one time
/// (`transit-bgp verify`). Documented in `Topologies/README.md`, "Expectations".
///
/// The block's keys other than `at` and `description` (`tunnels`, `transit_router`, `connections`,
/// `data_centers`) are matched against the state's expectation view: every listed key must match,
/// `null` means absent, `"*"` means any value but `null`, an object matches an array when one of
/// its elements matches, and an array matches an array element by element.
public struct Expectation: Sendable {
    /// When to look; `nil`: at the end of the simulation.
    public var at: Duration?
    public var description: String
    /// The block as written: the keys to match.
    public var match: JSONNode
    /// Its JSON path (`expect[2]`), for messages.
    public var path: String

    public init(at: Duration?, description: String, match: JSONNode, path: String) {
        self.at = at
        self.description = description
        self.match = match
        self.path = path
    }

    /// The keys of an `expect` block that are matched (the others are `at` and `description`).
    public static let matchedKeys = ["tunnels", "transit_router", "connections", "data_centers"]
}

extension Expectation {
    /// The keys of a tunnel's state (`tunnels["vco-…/N"]`).
    public static let tunnelKeys = ["negotiation", "ipsec", "peer_silent", "reason", "bgp", "data_center_bgp", "received", "advertised", "last_error"]
    /// The keys of a TR route table row (as in `simulate --json`).
    public static let transitRouterRowKeys = ["prefix", "type", "next_hop", "next_hop_type", "next_hop_resource_type", "origin_type", "as_path",
                                              "communities", "preference", "region", "status", "reason"]
    /// The keys of a row of a connection's destination-based or BGP table.
    public static let connectionRowKeys = ["prefix", "source", "tunnels", "as_path", "communities", "status", "reason", "other_paths"]
    /// The keys of a Standby or Rejected tunnel path in a BGP-table row's `other_paths`.
    public static let connectionPathKeys = ["tunnel", "as_path", "communities", "status", "reason"]
    /// The keys of a route a data center received over a tunnel.
    public static let dataCenterRowKeys = ["prefix", "as_path", "next_hop", "communities", "origin", "med"]
    /// The tables of a connection.
    public static let connectionTables = ["destination", "bgp"]
}
