import ConnectionParameters
import NetworkPrimitives

/// What one operation on a ``CloudModel`` changed, by table and destination: the typed value every
/// operation returns (no rows: ``TableChange`` views are built from it at the edge, by
/// ``CloudModel/tableChanges(_:since:)``).
public struct RoutingDelta: Sendable, Hashable {
    /// TR route tables: the destinations whose candidates or verdicts changed, by table ID.
    public internal(set) var transitRouter: [String: [IPv4Prefix]] = [:]
    /// Connections' BGP tables: the destinations whose `VPN_BGP` paths or decision changed.
    public internal(set) var bgp: [String: [IPv4Prefix]] = [:]
    /// Advertise Routes: by reading connection, the destinations whose export to it may have changed
    /// (what a speaker re-checks against its Adj-RIB-Out). A connection's own routes are left out
    /// where split horizon withholds them before and after.
    public internal(set) var exports: [String: [IPv4Prefix]] = [:]
    /// Connections whose destination-based table changed (it is small: shown whole).
    public internal(set) var destination: Set<String> = []
    /// Connections whose every `CLOUD` row may have changed: a tunnel went up or down (the rows'
    /// tunnel list), or Advertise Routes or the association changed (the rows themselves).
    public internal(set) var cloud: Set<String> = []
    /// A structural edit (tables, attachments, connections, route maps): any row may have changed.
    public internal(set) var structural = false

    public init() {}

    /// Whether nothing changed.
    public var isEmpty: Bool {
        !structural && transitRouter.values.allSatisfy(\.isEmpty) && bgp.values.allSatisfy(\.isEmpty)
            && destination.isEmpty && cloud.isEmpty
    }

    /// The number of destinations named (a structural edit or a whole-table entry counts one).
    public var count: Int {
        transitRouter.values.reduce(0) { $0 + $1.count } + bgp.values.reduce(0) { $0 + $1.count }
            + destination.count + cloud.count + (structural ? 1 : 0)
    }

    /// Adds what `other` names: a run of operations seen as one (everything that followed a
    /// timeline event). ``CloudModel/tableChanges(_:since:)`` on the union and the model before the
    /// first operation gives every row the run changed.
    public mutating func formUnion(_ other: RoutingDelta) {
        structural = structural || other.structural
        guard !structural else { return }
        for (table, prefixes) in other.transitRouter { add(transitRouter: table, prefixes) }
        for (connection, prefixes) in other.bgp { add(bgp: connection, prefixes) }
        for (connection, prefixes) in other.exports { add(exports: connection, prefixes) }
        destination.formUnion(other.destination)
        cloud.formUnion(other.cloud)
    }

    mutating func add(transitRouter table: String, _ prefixes: [IPv4Prefix]) {
        guard !prefixes.isEmpty else { return }
        transitRouter[table, default: []] += prefixes
    }
    mutating func add(exports connection: String, _ prefixes: [IPv4Prefix]) {
        guard !prefixes.isEmpty else { return }
        exports[connection, default: []] += prefixes
    }

    mutating func add(bgp connection: String, _ prefixes: [IPv4Prefix]) {
        guard !prefixes.isEmpty else { return }
        bgp[connection, default: []] += prefixes
    }
}
