// What the routes did after each timeline event: the rows each table gained, lost or changed, by
// virtual time, with prefixes that changed the same way summarised as one group.

import BGPDriver
import BGPWire
import CloudRouting
import NetworkPrimitives
import Topology

/// The route changes that followed one timeline event, until the next event (or the time the run
/// reached): every table's changes in time order, prefixes that changed the same way at the same
/// time in one ``RouteChangeGroup`` ("62,550 prefixes moved from tunnels 1,2 to tunnel 2").
public struct TimelineRouteChanges: Sendable {
    /// The event (its `path` is its position in the file, `timeline[3]`).
    public var event: TimelineEvent
    /// When the event happened.
    public var time: Duration
    /// In time order, then table order (TR tables first), then prefix order of each group's first prefix.
    public var groups: [RouteChangeGroup]

    public init(event: TimelineEvent, time: Duration, groups: [RouteChangeGroup] = []) {
        self.event = event
        self.time = time
        self.groups = groups
    }

    /// Adds the changes of one step of the run (every operation at `time`), each in the group of
    /// the prefixes that changed the same way in the same table at that time.
    mutating func add(_ changes: [TableChange], at time: Duration) {
        add(changes.map { change in
            let (kind, before, after) = RouteChangeGroup.classify(change)
            return (change.table, change.prefix, kind, before, after)
        }, at: time)
    }

    /// Adds classified changes: (table, prefix, kind, before, after), each to its group.
    mutating func add(
        _ changes: [(table: String, prefix: IPv4Prefix, kind: RouteChangeGroup.Kind, before: RouteForwarding?, after: RouteForwarding?)],
        at time: Duration
    ) {
        guard !changes.isEmpty else { return }
        var positions: [RouteChangeGroup.Key: Int] = [:]
        for (i, group) in groups.enumerated() where group.time == time { positions[group.key] = i }
        for change in changes {
            let key = RouteChangeGroup.Key(time: time, table: change.table, kind: change.kind, before: change.before, after: change.after)
            if let i = positions[key] {
                groups[i].prefixes.append(change.prefix)
            } else {
                positions[key] = groups.count
                groups.append(RouteChangeGroup(time: time, table: change.table, kind: change.kind, before: change.before,
                                               after: change.after, prefixes: [change.prefix]))
            }
        }
        groups.sort { a, b in
            if a.time != b.time { return a.time < b.time }
            if a.table != b.table { return RouteChangeGroup.tableOrder(a.table, b.table) }
            return a.prefixes[0] < b.prefixes[0]
        }
    }
}

/// Prefixes of one table that changed the same way at the same virtual time.
public struct RouteChangeGroup: Sendable, Hashable {
    /// How the prefixes' rows changed.
    /// Raw values are the stable codes of `simulate --json` (`events[].changes[].change`).
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// The table had no row for the prefix and now has.
        case added
        /// The table's rows for the prefix are gone.
        case removed
        /// The rows that forward go elsewhere: other tunnels (a connection's tables) or other next
        /// hops (a TR table).
        case moved
        /// The same next hops, but a row's status or reason changed (Active to Standby, …).
        case status
        /// Only path attributes changed (AS path, communities).
        case attributes
    }

    /// When the change happened.
    public var time: Duration
    /// `tr/<table>`, `<connection>/destination` or `<connection>/bgp` (as ``TableChange/table``), or
    /// `data_centers/<name>/<tunnel>` for what a data center received over a tunnel (the path of
    /// those routes in `simulate --json`).
    public var table: String
    public var kind: Kind
    /// How the prefixes were forwarded before and after; `nil` where there was, or is, no row.
    /// For ``Kind/moved`` only the next hops count (the statuses are left empty).
    public var before: RouteForwarding?
    public var after: RouteForwarding?
    /// In prefix order.
    public var prefixes: [IPv4Prefix]

    public init(time: Duration, table: String, kind: Kind, before: RouteForwarding?, after: RouteForwarding?, prefixes: [IPv4Prefix]) {
        self.time = time
        self.table = table
        self.kind = kind
        self.before = before
        self.after = after
        self.prefixes = prefixes
    }

    struct Key: Hashable {
        var time: Duration
        var table: String
        var kind: Kind
        var before: RouteForwarding?
        var after: RouteForwarding?
    }

    var key: Key { Key(time: time, table: table, kind: kind, before: before, after: after) }

    /// The kind of one change and what tells its group apart (the next hops of a move, the
    /// statuses of a status change, both for a row that came or went).
    static func classify(_ change: TableChange) -> (Kind, RouteForwarding?, RouteForwarding?) {
        let before = change.before.isEmpty ? nil : RouteForwarding(change.before)
        let after = change.after.isEmpty ? nil : RouteForwarding(change.after)
        guard let before else { return (.added, nil, after) }
        guard let after else { return (.removed, before, nil) }
        if before.tunnels != after.tunnels || before.nextHops != after.nextHops {
            return (.moved, before.nextHopsOnly, after.nextHopsOnly)
        }
        if before.statuses != after.statuses { return (.status, before, after) }
        return (.attributes, nil, nil)
    }

    /// The table name of the routes data center `name` received over tunnel `index`.
    public static func dataCenterTable(_ name: String, tunnel index: Int) -> String { "data_centers/\(name)/\(index)" }

    /// Whether the table's rows forward by next hop (a TR table, a data center's received routes)
    /// rather than by tunnel (a connection's tables).
    public static func forwardsByNextHop(_ table: String) -> Bool { table.hasPrefix("tr/") || table.hasPrefix("data_centers/") }

    /// TR tables first, then each connection's destination-based then BGP table (as ``TableChange``),
    /// then what the data centers received.
    static func tableOrder(_ a: String, _ b: String) -> Bool {
        func rank(_ name: String) -> (Int, String, Int) {
            if name.hasPrefix("tr/") { return (0, name, 0) }
            if name.hasPrefix("data_centers/") { return (2, name, 0) }
            let parts = name.split(separator: "/", maxSplits: 1)
            return (1, String(parts.first ?? ""), parts.last == "bgp" ? 1 : 0)
        }
        return rank(a) < rank(b)
    }
}

/// How one prefix is forwarded by one table's rows: where the rows that forward send traffic, and
/// every row's status.
public struct RouteForwarding: Sendable, Hashable {
    /// A connection's tables: the tunnels of the rows that forward (destination-based rows, Active
    /// BGP rows), in order.
    public var tunnels: [Int]
    /// A TR table: the next hops of the Active entries (`nil` for a blackhole), in table order; a
    /// data center's received routes: the route's NEXT_HOP.
    public var nextHops: [String?]
    /// Every row's status and reason, in table order.
    public var statuses: [RowStatus]

    /// A row's status (`Active`, `Standby`, … as the table prints it) and reason code.
    public struct RowStatus: Sendable, Hashable {
        public var status: String
        public var reason: String?

        public init(status: String, reason: String?) {
            self.status = status
            self.reason = reason
        }
    }

    public init(tunnels: [Int] = [], nextHops: [String?] = [], statuses: [RowStatus] = []) {
        self.tunnels = tunnels
        self.nextHops = nextHops
        self.statuses = statuses
    }

    init(_ rows: [TableRow]) {
        var tunnels = Set<Int>()
        var nextHops: [String?] = []
        var statuses: [RowStatus] = []
        for row in rows {
            switch row {
            case .connection(let entry):
                if RouteStatusText.forwardsDestination(entry) || RouteStatusText.forwardsBGP(entry) {
                    tunnels.formUnion(entry.tunnels)
                }
                statuses.append(RowStatus(status: entry.status.text, reason: entry.reason?.text))
                // The other tunnel's path of a BGP row (Standby or Rejected) counts as a row of its own.
                for path in entry.otherPaths { statuses.append(RowStatus(status: path.status.text, reason: path.reason?.text)) }
            case .transitRouter(let entry):
                if RouteStatusText.forwards(entry) { nextHops.append(entry.nextHopAttachment) }
                statuses.append(RowStatus(status: entry.status.rawValue, reason: entry.reason?.text))
            }
        }
        self.init(tunnels: tunnels.sorted(), nextHops: nextHops, statuses: statuses)
    }

    /// The same next hops, without the statuses (what a move is grouped by).
    var nextHopsOnly: RouteForwarding { RouteForwarding(tunnels: tunnels, nextHops: nextHops, statuses: []) }
}

// MARK: Recording

extension RouteSimulation {
    /// Opens the window of timeline event `index` (at ``now``): the changes it and what follows
    /// cause are recorded until the next event.
    mutating func openRouteChanges(event index: Int) {
        guard recordsRouteChanges else { return }
        closeRouteChangeStep()
        routeChanges.append(TimelineRouteChanges(event: document.timeline[index], time: now))
        routes.journal = RoutingDelta()
        stepStart = model
        stepDataCenterRoutes = [:]
    }

    /// Keeps what the data center of tunnel `t` has received, before its driver changes it in this
    /// step (once per step).
    mutating func noteDataCenterRoutes(_ t: Int) {
        guard stepStart != nil, stepDataCenterRoutes[t] == nil, let router = tunnels[t].dataCenter else { return }
        stepDataCenterRoutes[t] = router.dataCenterRoutes.received
    }

    /// Ends the current step (every operation at ``now`` since the last step): its table changes go
    /// to the open event's window, and the next step starts from the model as it is.
    mutating func closeRouteChangeStep() {
        guard let journal = routes.journal, let start = stepStart, !routeChanges.isEmpty else { return }
        if !journal.isEmpty {
            let changes = model.tableChanges(journal, since: start)
            if !changes.isEmpty { routeChanges[routeChanges.count - 1].add(changes, at: now) }
            routes.journal = RoutingDelta()
            stepStart = model
        }
        guard !stepDataCenterRoutes.isEmpty else { return }
        for t in stepDataCenterRoutes.keys.sorted() {
            guard let name = tunnels[t].dataCenterName, let before = stepDataCenterRoutes[t] else { continue }
            let after = tunnels[t].dataCenter?.dataCenterRoutes.received ?? [:]
            let table = RouteChangeGroup.dataCenterTable(name, tunnel: tunnels[t].index)
            var changes: [(table: String, prefix: IPv4Prefix, kind: RouteChangeGroup.Kind, before: RouteForwarding?, after: RouteForwarding?)] = []
            for prefix in Set(before.keys).union(after.keys).sorted() {
                let old = before[prefix], new = after[prefix]
                guard old != new else { continue }
                func hop(_ attributes: PathAttributes) -> RouteForwarding { RouteForwarding(nextHops: [attributes.nextHop?.description]) }
                switch (old, new) {
                case (nil, let new?): changes.append((table, prefix, .added, nil, hop(new)))
                case (let old?, nil): changes.append((table, prefix, .removed, hop(old), nil))
                case (let old?, let new?) where old.nextHop != new.nextHop: changes.append((table, prefix, .moved, hop(old), hop(new)))
                default: changes.append((table, prefix, .attributes, nil, nil))
                }
            }
            routeChanges[routeChanges.count - 1].add(changes, at: now)
        }
        stepDataCenterRoutes = [:]
    }
}
