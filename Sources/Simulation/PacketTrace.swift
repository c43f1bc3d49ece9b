// Where one packet goes: the forwarding path through the emulated network, hop by hop, read from
// the public table view (reference §1a, §1b, §10 item 1) with longest-prefix match (RFC 1812 §5.2.4.3).

import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

/// How a traced packet ends.
public enum TraceResult: String, Sendable, Hashable, CaseIterable {
    /// Reached an attachment (VPC, VBR, peer TR) or a data center that owns the address.
    case delivered
    /// Dropped on purpose: a blackhole route, a tunnel that is down or not answering, a route with no usable tunnel.
    case blackhole
    /// No table on the way has a route for the address (or no table is consulted at all).
    case noRoute = "no_route"
    /// The packet came back to a place it had already been.
    case loop
}

/// Where a trace starts: a VPC attachment, a data center or an IPsec connection.
public enum TraceSource: Sendable, Hashable {
    case vpcAttachment(String)
    case dataCenter(String)
    case connection(String)

    /// The name printed for the source.
    public var name: String {
        switch self {
        case .vpcAttachment(let id), .dataCenter(let id), .connection(let id): id
        }
    }
}

/// Which rule chose between a connection's destination-based and BGP tables when both hold a route
/// containing the address (reference §10 item 1).
public enum TraceLookupRule: String, Sendable, Hashable, CaseIterable {
    /// The longer prefix won, whichever table holds it (the default).
    case longestPrefix = "longest_prefix"
    /// The same prefix length in both tables: the destination-based route wins.
    case destinationWinsTie = "destination_wins_tie"
    /// The connection's `strict_table_order` setting: the destination-based table first, whatever
    /// the prefix length.
    case strictTableOrder = "strict_table_order"
}

/// One lookup on the way.
public struct TraceHop: Sendable, Hashable {
    /// The node that forwards: a VPC attachment, the transit router, a connection, a data center.
    public var node: String
    /// The table consulted (`tr/<id>`, `<connection>/destination`, `<connection>/bgp`,
    /// `<data center>/received`, `<vpc>/system`, `<data center>/local`).
    public var table: String
    /// The longest prefix in the table containing the address; `nil` when none does.
    public var matchedPrefix: IPv4Prefix?
    /// The matched route's status (`Active`, `published`, `received`, `local`).
    public var status: String?
    /// Where the packet goes next: attachments, `<connection>/<tunnel>`, `transit-router`.
    public var nextHops: [String]
    /// At a connection whose two tables both match: the rule that chose the table.
    public var rule: TraceLookupRule?

    public init(node: String, table: String, matchedPrefix: IPv4Prefix?, status: String?, nextHops: [String], rule: TraceLookupRule? = nil) {
        self.node = node
        self.table = table
        self.matchedPrefix = matchedPrefix
        self.status = status
        self.nextHops = nextHops
        self.rule = rule
    }
}

/// A path from one point: its hops, then either an end or one branch per next hop (ECMP).
public struct TracePath: Sendable, Hashable {
    public var hops: [TraceHop]
    public var ending: Ending

    public enum Ending: Sendable, Hashable {
        /// The path ends: the result, where (the delivering node, or the dropping one), and why.
        case end(TraceResult, at: String, reasons: [String])
        /// The last hop has several next hops; each continues on its own.
        case branches([TraceBranch])
    }

    /// Every result the path can end with, in ``TraceResult`` order.
    public var results: [TraceResult] {
        var found = Set<TraceResult>()
        collectResults(into: &found)
        return TraceResult.allCases.filter(found.contains)
    }

    /// The result as one word: the result when every branch agrees, else the results joined by `+`.
    public var result: String { results.map(\.rawValue).joined(separator: "+") }

    /// The first delivering node on the path (branches in order), for the return path.
    public var firstDelivery: String? {
        switch ending {
        case .end(let result, let at, _): result == .delivered ? at : nil
        case .branches(let branches): branches.lazy.compactMap(\.path.firstDelivery).first
        }
    }

    func collectResults(into found: inout Set<TraceResult>) {
        switch ending {
        case .end(let result, _, _): found.insert(result)
        case .branches(let branches): for branch in branches { branch.path.collectResults(into: &found) }
        }
    }
}

/// One ECMP member: the next hop it takes and the path from there.
public struct TraceBranch: Sendable, Hashable {
    public var via: String
    public var path: TracePath
}

/// The answer of `transit-bgp trace`: the path of a packet from a source to an address, and the
/// way back (from where it was delivered to the source's first address) when asked.
public struct PacketTrace: Sendable, Hashable {
    public var source: TraceSource
    public var destination: IPv4Address
    public var path: TracePath
    public var returnPath: PacketTraceReturn?
}

/// The return leg of a trace.
public struct PacketTraceReturn: Sendable, Hashable {
    public var source: TraceSource
    public var destination: IPv4Address
    public var path: TracePath
}

/// Which routes forward, and how a status is shown, in one place.
public enum RouteStatusText {
    /// A TR entry forwards when it is Active (Standby and Rejected entries do not).
    public static func forwards(_ entry: TransitRouterRouteEntry) -> Bool { entry.status == .active }
    /// A destination-based row forwards whether or not it is published to the TR.
    public static func forwardsDestination(_ row: ConnectionRouteEntry) -> Bool { row.status == .published || row.status == .unpublished }
    /// A BGP row forwards when it is the Active path.
    public static func forwardsBGP(_ row: ConnectionRouteEntry) -> Bool { row.status == .active }
    /// The text shown for a TR entry's status.
    public static func text(_ entry: TransitRouterRouteEntry) -> String { entry.status.rawValue }
    /// The text shown for a connection row's status.
    public static func text(_ row: ConnectionRouteEntry) -> String { row.status.text }
}

/// Traces packets through one state of a topology: the TR tables, each connection's destination-based
/// and BGP tables, and the routes each data center received, each compiled into an ``LPMSnapshot``
/// once, so a reach matrix of many traces costs one compile.
///
/// The forwarding model:
/// - **VPC attachment**: an address inside the VPC's CIDR blocks is delivered there (`<vpc>/system`);
///   anything else goes to the TR and is looked up in the attachment's associated table.
/// - **TR table**: longest match among the Active entries; a blackhole entry drops; several Active
///   entries are ECMP branches; a VPC, VBR or peer-TR attachment delivers; a VPN attachment hands
///   the packet to its connection.
/// - **Connection** (reference §10 item 1): longest match across the destination-based and BGP
///   tables, the destination-based route winning a tie (with `strictTableOrder`, the destination
///   table first whatever the length); a data-center route goes out on its tunnels (one branch per
///   tunnel), a `CLOUD` route back to the TR.
/// - **Tunnel**: a tunnel that is down, or whose peer stopped answering and DPD has not noticed yet,
///   drops the packet.
/// - **Data center**: an address inside a prefix it announces is delivered; anything else is looked
///   up in the routes it received (all tunnels), the best paths (shortest AS path, lowest MED) as
///   ECMP over their tunnels, back into the connection and the TR table associated with its attachment.
/// - A place visited twice is a loop.
public struct PacketTracer: Sendable {
    public let state: SimulationState
    let model: CloudModel
    let document: TopologyDocument
    /// Connections whose lookup takes the destination table first whatever the prefix length (§10
    /// item 1): those whose `strict_table_order` is on in the model, unless the caller names them.
    let strictTableOrder: Set<String>

    /// A table compiled for lookups: the snapshot maps an address to the index of its matched prefix.
    struct CompiledTable: Sendable {
        let snapshot: IPv4LPMSnapshot<Int>
        let prefixes: [IPv4Prefix]

        init(_ prefixes: some Sequence<IPv4Prefix>) {
            let unique = Array(Set(prefixes)).sorted()
            var table = IPv4PrefixTable<Int>()
            for (index, prefix) in unique.enumerated() { table[prefix] = index }
            self.snapshot = IPv4LPMSnapshot(table)
            self.prefixes = unique
        }

        func match(_ address: IPv4Address) -> IPv4Prefix? {
            snapshot.lookup(address).map { prefixes[$0] }
        }
    }

    let transitRouter: [String: CompiledTable]
    let destination: [String: CompiledTable]
    let bgp: [String: CompiledTable]
    let received: [String: CompiledTable]
    let local: [String: CompiledTable]

    /// Prepares lookups for `state` of `document` (`model`: the cloud model the state was taken from,
    /// for the reasons of a missing route). `strictTableOrder` overrides the connections' setting.
    public init(document: TopologyDocument, model: CloudModel, state: SimulationState, strictTableOrder: Set<String>? = nil) {
        self.document = document
        self.model = model
        self.state = state
        self.strictTableOrder = strictTableOrder ?? Set(model.connections.values.filter(\.strictTableOrder).map(\.connectionID))
        transitRouter = state.tables.transitRouter.mapValues { entries in
            CompiledTable(entries.filter(RouteStatusText.forwards).map(\.prefix))
        }
        destination = state.tables.connections.mapValues { tables in
            CompiledTable(tables.destination.filter(RouteStatusText.forwardsDestination).map(\.prefix))
        }
        bgp = state.tables.connections.mapValues { tables in
            CompiledTable(tables.bgp.filter(RouteStatusText.forwardsBGP).map(\.prefix))
        }
        var received: [String: CompiledTable] = [:]
        var local: [String: CompiledTable] = [:]
        for dataCenter in document.dataCenters {
            let connection = model.connections[dataCenter.connectionID]
            if dataCenter.bgp {
                let routes = state.dataCenterRoutes[dataCenter.name] ?? [:]
                received[dataCenter.name] = CompiledTable(routes.values.flatMap(\.keys))
            } else {
                // Without BGP the data center routes the cloud's protected subnets into the tunnels
                // (the mirror of the connection's flows, reference §5).
                received[dataCenter.name] = CompiledTable(connection?.protectedLocal ?? [])
            }
            local[dataCenter.name] = CompiledTable(PacketTracer.ownPrefixes(dataCenter, connection))
        }
        self.received = received
        self.local = local
    }

    /// The prefixes a data center owns: what it announces, and what the cloud routes to it without
    /// BGP (the connection's destination-based routes and the remote subnets of its protected flows).
    static func ownPrefixes(_ dataCenter: DataCenterDocument, _ connection: VPNConnectionRouting?) -> [IPv4Prefix] {
        dataCenter.tunnels.flatMap { $0.announcements.map(\.prefix) } + (connection?.destinationRoutes.map(\.prefix) ?? [])
            + (connection?.protectedRemote ?? [])
    }

    // MARK: Sources

    /// The source `name` means: a VPC attachment ID or its `vpc_id`, a data center name, or a
    /// connection ID; `nil` when it is none of them.
    public func source(named name: String) -> TraceSource? {
        if let attachment = model.attachments[name], attachment.kind == .vpc { return .vpcAttachment(name) }
        if let id = document.transitRouter.vpcIDs.first(where: { $0.value == name })?.key { return .vpcAttachment(id) }
        if document.dataCenters.contains(where: { $0.name == name }) { return .dataCenter(name) }
        if model.connections[name] != nil { return .connection(name) }
        return nil
    }

    /// Every source, in a stable order: VPC attachments, data centers, connections.
    public var sources: [TraceSource] {
        model.attachments.values.filter { $0.kind == .vpc }.map(\.id).sorted().map(TraceSource.vpcAttachment)
            + document.dataCenters.map(\.name).map(TraceSource.dataCenter)
            + model.connections.keys.sorted().map(TraceSource.connection)
    }

    /// Every prefix a data center owns (announced, or routed to it by destination-based routes and
    /// protected flows) or an attachment offers (VPC CIDRs, VBR and peer routes), sorted.
    public var announcedPrefixes: [IPv4Prefix] {
        var prefixes = Set<IPv4Prefix>()
        for dataCenter in document.dataCenters {
            prefixes.formUnion(PacketTracer.ownPrefixes(dataCenter, model.connections[dataCenter.connectionID]))
        }
        for attachment in model.attachments.values { prefixes.formUnion(attachment.offeredRoutes.map(\.prefix)) }
        return prefixes.sorted()
    }

    /// The first address a source owns, where a return path goes: a VPC's first CIDR block, a data
    /// center's first announced prefix.
    func homeAddress(of source: TraceSource) -> IPv4Address? {
        switch source {
        case .vpcAttachment(let id): model.attachments[id]?.offeredRoutes.map(\.prefix).min()?.address
        case .dataCenter(let name): local[name]?.prefixes.first?.address
        case .connection: nil
        }
    }

    // MARK: Tracing

    /// The path of a packet from `source` to `destination`, and with `withReturn` the path back from
    /// where it was first delivered to the source's first address.
    public func trace(from source: TraceSource, to destination: IPv4Address, withReturn: Bool = false) -> PacketTrace {
        let path = walk(start(source), destination, visited: [])
        var back: PacketTraceReturn?
        if withReturn, let delivered = path.firstDelivery, let home = homeAddress(of: source),
           let returnSource = self.source(named: delivered) {
            back = PacketTraceReturn(source: returnSource, destination: home, path: walk(start(returnSource), home, visited: []))
        }
        return PacketTrace(source: source, destination: destination, path: path, returnPath: back)
    }

    /// A place a packet can be, before the lookup there.
    enum Position: Hashable {
        /// Leaving a VPC (its own CIDR blocks first).
        case vpc(String)
        /// Arriving at the TR from an attachment: looked up in the attachment's associated table.
        case transitRouter(from: String)
        /// At a connection, routed by its own tables (from the TR, or as a source).
        case connection(String)
        /// Entering a tunnel towards the data center.
        case tunnelOut(connection: String, index: Int)
        /// At a data center.
        case dataCenter(String)
        /// Entering a tunnel from the data center towards the cloud.
        case tunnelIn(connection: String, index: Int)
        /// Handed to an attachment that delivers (VPC, VBR, peer TR, CCN).
        case attachment(String)
        /// Dropped by a blackhole route.
        case dropped(at: String, reason: String)
    }

    func start(_ source: TraceSource) -> Position {
        switch source {
        case .vpcAttachment(let id): .vpc(id)
        case .dataCenter(let name): .dataCenter(name)
        case .connection(let id): .connection(id)
        }
    }

    /// The most hops a path may take before it counts as a loop (a safety bound; visits catch loops first).
    static let maximumHops = 64

    func walk(_ position: Position, _ address: IPv4Address, visited: Set<Position>) -> TracePath {
        var position = position
        var visited = visited
        var hops: [TraceHop] = []
        func end(_ result: TraceResult, _ at: String, _ reasons: [String] = []) -> TracePath {
            TracePath(hops: hops, ending: .end(result, at: at, reasons: reasons))
        }
        while true {
            guard visited.insert(position).inserted, hops.count < PacketTracer.maximumHops else {
                return end(.loop, name(of: position), ["\(name(of: position)) reached a second time"])
            }
            switch step(position, address) {
            case .hop(let hop, let next):
                hops.append(hop)
                position = next
            case .hopThenEnd(let hop, let result, let at, let reasons):
                if let hop { hops.append(hop) }
                return end(result, at, reasons)
            case .branches(let hop, let next):
                hops.append(hop)
                let branches = next.map { via, position in
                    TraceBranch(via: via, path: walk(position, address, visited: visited))
                }
                return TracePath(hops: hops, ending: .branches(branches))
            }
        }
    }

    /// What happens at one position.
    enum Step {
        case hop(TraceHop, next: Position)
        case hopThenEnd(TraceHop?, TraceResult, at: String, reasons: [String])
        case branches(TraceHop, next: [(via: String, Position)])
    }

    func name(of position: Position) -> String {
        switch position {
        case .vpc(let id): document.transitRouter.vpcIDs[id] ?? id
        case .transitRouter: document.transitRouter.id
        case .connection(let id): id
        case .tunnelOut(let id, let index), .tunnelIn(let id, let index): "\(id)/\(index)"
        case .dataCenter(let name): name
        case .attachment(let id): id
        case .dropped(let at, _): at
        }
    }

    func step(_ position: Position, _ address: IPv4Address) -> Step {
        switch position {
        case .vpc(let id): vpcStep(id, address)
        case .transitRouter(let from): transitRouterStep(from: from, address)
        case .connection(let id): connectionStep(id, address)
        case .tunnelOut(let id, let index): tunnelStep(id, index, towards: nil)
        case .dataCenter(let name): dataCenterStep(name, address)
        case .tunnelIn(let id, let index): tunnelStep(id, index, towards: address)
        case .attachment(let id): .hopThenEnd(nil, .delivered, at: id, reasons: [])
        case .dropped(let at, let reason): .hopThenEnd(nil, .blackhole, at: at, reasons: [reason])
        }
    }

    func vpcStep(_ id: String, _ address: IPv4Address) -> Step {
        let vpc = document.transitRouter.vpcIDs[id] ?? id
        let cidrs = model.attachments[id]?.offeredRoutes.map(\.prefix) ?? []
        if let own = cidrs.filter({ $0.contains(address) }).max(by: { $0.length < $1.length }) {
            let hop = TraceHop(node: id, table: "\(vpc)/system", matchedPrefix: own, status: "local", nextHops: [])
            return .hopThenEnd(hop, .delivered, at: id, reasons: [])
        }
        let hop = TraceHop(node: id, table: "\(vpc)/system", matchedPrefix: nil, status: nil, nextHops: [document.transitRouter.id])
        return .hop(hop, next: .transitRouter(from: id))
    }

    func transitRouterStep(from attachmentID: String, _ address: IPv4Address) -> Step {
        let node = document.transitRouter.id
        guard let attachment = model.attachments[attachmentID] else {
            return .hopThenEnd(nil, .noRoute, at: node, reasons: ["no attachment \(attachmentID) on \(node)"])
        }
        guard let tableID = attachment.associatedTable else {
            return .hopThenEnd(nil, .noRoute, at: node, reasons: [
                "attachment \(attachmentID) is not associated with a route table (route_table_association_enabled is off): traffic from it has no table",
            ])
        }
        let tableName = "tr/\(tableID)"
        guard let matched = transitRouter[tableID]?.match(address) else {
            let hop = TraceHop(node: node, table: tableName, matchedPrefix: nil, status: nil, nextHops: [])
            return .hopThenEnd(hop, .noRoute, at: node, reasons: missingReasons(address, table: tableName))
        }
        let entries = (state.tables.transitRouter[tableID] ?? []).filter { $0.prefix == matched && RouteStatusText.forwards($0) }
        let nextHops = entries.map { $0.nextHopAttachment ?? "blackhole" }
        let hop = TraceHop(node: node, table: tableName, matchedPrefix: matched, status: entries.first.map(RouteStatusText.text),
                           nextHops: nextHops)
        let positions = entries.map { entry -> (String, Position) in
            guard let next = entry.nextHopAttachment else {
                return ("blackhole", .dropped(at: node, reason: "blackhole route \(matched) in \(tableName)"))
            }
            return (next, position(afterTransitRouter: next))
        }
        if positions.count == 1 { return .hop(hop, next: positions[0].1) }
        return .branches(hop, next: positions)
    }

    /// Where a packet the TR sends to `attachmentID` goes: a VPN attachment's connection, or the
    /// attachment itself when it delivers (VPC, VBR, peer TR, CCN).
    func position(afterTransitRouter attachmentID: String) -> Position {
        guard let attachment = model.attachments[attachmentID], attachment.kind == .vpn, let connection = attachment.connectionID else {
            return .attachment(attachmentID)
        }
        return .connection(connection)
    }

    func connectionStep(_ id: String, _ address: IPv4Address) -> Step {
        guard let tables = state.tables.connections[id] else {
            return .hopThenEnd(nil, .noRoute, at: id, reasons: ["no tables for connection \(id)"])
        }
        let fromDestination = destination[id]?.match(address)
        let fromBGP = bgp[id]?.match(address)
        let useDestination: Bool
        var rule: TraceLookupRule?
        switch (fromDestination, fromBGP) {
        case (nil, nil):
            let hop = TraceHop(node: id, table: "\(id)/bgp", matchedPrefix: nil, status: nil, nextHops: [])
            return .hopThenEnd(hop, .noRoute, at: id, reasons: missingReasons(address, table: "\(id)/destination")
                + missingReasons(address, table: "\(id)/bgp"))
        case (.some, nil): useDestination = true
        case (nil, .some): useDestination = false
        case (.some(let d), .some(let b)):
            useDestination = strictTableOrder.contains(id) || d.length >= b.length
            rule = strictTableOrder.contains(id) ? .strictTableOrder : d.length == b.length ? .destinationWinsTie : .longestPrefix
        }
        if useDestination, let matched = fromDestination,
           let row = tables.destination.first(where: { $0.prefix == matched && RouteStatusText.forwardsDestination($0) }) {
            return tunnelsStep(id, table: "\(id)/destination", row: row, rule: rule)
        }
        guard let matched = fromBGP, let row = tables.bgp.first(where: { $0.prefix == matched && RouteStatusText.forwardsBGP($0) }) else {
            return .hopThenEnd(nil, .noRoute, at: id, reasons: ["no forwarding row in \(id)'s tables"])
        }
        if row.source == .cloud {
            let hop = TraceHop(node: id, table: "\(id)/bgp", matchedPrefix: matched, status: RouteStatusText.text(row),
                               nextHops: [document.transitRouter.id], rule: rule)
            guard let attachment = vpnAttachment(of: id) else {
                return .hopThenEnd(hop, .noRoute, at: id, reasons: ["connection \(id) is not attached to a transit router"])
            }
            return .hop(hop, next: .transitRouter(from: attachment))
        }
        return tunnelsStep(id, table: "\(id)/bgp", row: row, rule: rule)
    }

    /// A connection row towards the data center: one branch per tunnel, or a drop when it has none.
    func tunnelsStep(_ id: String, table: String, row: ConnectionRouteEntry, rule: TraceLookupRule? = nil) -> Step {
        let nextHops = row.tunnels.map { "\(id)/\($0)" }
        let hop = TraceHop(node: id, table: table, matchedPrefix: row.prefix, status: RouteStatusText.text(row), nextHops: nextHops,
                           rule: rule)
        if row.tunnels.isEmpty {
            return .hopThenEnd(hop, .blackhole, at: id, reasons: ["\(row.prefix) in \(table): \(row.reason?.text ?? "no usable tunnel")"])
        }
        if row.tunnels.count == 1 { return .hop(hop, next: .tunnelOut(connection: id, index: row.tunnels[0])) }
        return .branches(hop, next: row.tunnels.map { ("\(id)/\($0)", .tunnelOut(connection: id, index: $0)) })
    }

    /// Crossing a tunnel: towards the data center (`address` nil) or towards the cloud.
    func tunnelStep(_ id: String, _ index: Int, towards address: IPv4Address?) -> Step {
        let name = "\(id)/\(index)"
        guard let tunnel = state.tunnels.first(where: { $0.connectionID == id && $0.index == index }) else {
            return .hopThenEnd(nil, .blackhole, at: name, reasons: ["no tunnel \(name)"])
        }
        if !tunnel.ipsecUp {
            return .hopThenEnd(nil, .blackhole, at: name, reasons: ["tunnel \(name) is down (\(tunnel.downReason?.text ?? "down"))"])
        }
        if tunnel.silent {
            return .hopThenEnd(nil, .blackhole, at: name, reasons: [
                "tunnel \(name): the peer stopped answering; dead peer detection has not declared it down yet",
            ])
        }
        if address == nil {
            guard let dataCenter = document.dataCenters.first(where: { $0.connectionID == id }) else {
                return .hopThenEnd(nil, .delivered, at: name, reasons: ["no data center is modelled behind \(id)"])
            }
            return .hop(TraceHop(node: name, table: "tunnel", matchedPrefix: nil, status: "up", nextHops: [dataCenter.name]),
                        next: .dataCenter(dataCenter.name))
        }
        guard let attachment = vpnAttachment(of: id) else {
            return .hopThenEnd(nil, .noRoute, at: id, reasons: ["connection \(id) is not attached to a transit router"])
        }
        return .hop(TraceHop(node: name, table: "tunnel", matchedPrefix: nil, status: "up", nextHops: [document.transitRouter.id]),
                    next: .transitRouter(from: attachment))
    }

    func dataCenterStep(_ name: String, _ address: IPv4Address) -> Step {
        if let own = local[name]?.match(address) {
            let hop = TraceHop(node: name, table: "\(name)/local", matchedPrefix: own, status: "local", nextHops: [])
            return .hopThenEnd(hop, .delivered, at: name, reasons: [])
        }
        guard let dataCenter = document.dataCenters.first(where: { $0.name == name }) else {
            return .hopThenEnd(nil, .noRoute, at: name, reasons: ["no data center \(name)"])
        }
        let table = dataCenter.bgp ? "\(name)/received" : "\(name)/static"
        guard let matched = received[name]?.match(address) else {
            let hop = TraceHop(node: name, table: table, matchedPrefix: nil, status: nil, nextHops: [])
            let why = dataCenter.bgp ? "\(name) received no route containing \(address) from \(dataCenter.connectionID)"
                : "\(name) runs no BGP, and no protected flow of \(dataCenter.connectionID) covers \(address)"
            return .hopThenEnd(hop, .noRoute, at: name, reasons: [why])
        }
        let id = dataCenter.connectionID
        if !dataCenter.bgp {
            let tunnels = state.tunnels.filter { $0.connectionID == id }.map(\.index).sorted()
            let hop = TraceHop(node: name, table: table, matchedPrefix: matched, status: "static", nextHops: tunnels.map { "\(id)/\($0)" })
            if tunnels.count == 1 { return .hop(hop, next: .tunnelIn(connection: id, index: tunnels[0])) }
            return .branches(hop, next: tunnels.map { ("\(id)/\($0)", .tunnelIn(connection: id, index: $0)) })
        }
        // The best paths among the tunnels that delivered the matched prefix: shortest AS path, then lowest MED.
        let routes = state.dataCenterRoutes[name] ?? [:]
        let candidates = routes.keys.sorted().compactMap { index -> (Int, PathAttributes)? in
            routes[index]?[matched].map { (index, $0) }
        }
        func key(_ attributes: PathAttributes) -> Int {
            (attributes.asPath?.length ?? 0) << 32 | Int(attributes.multiExitDiscriminator ?? 0)
        }
        let best = candidates.map { key($0.1) }.min()
        let tunnels = candidates.filter { key($0.1) == best }.map(\.0)
        let hop = TraceHop(node: name, table: table, matchedPrefix: matched, status: "received", nextHops: tunnels.map { "\(id)/\($0)" })
        if tunnels.count == 1 { return .hop(hop, next: .tunnelIn(connection: id, index: tunnels[0])) }
        return .branches(hop, next: tunnels.map { ("\(id)/\($0)", .tunnelIn(connection: id, index: $0)) })
    }

    /// The VPN attachment of a connection, if it is attached to the TR.
    func vpnAttachment(of connection: String) -> String? {
        model.attachments.values.filter { $0.kind == .vpn && $0.connectionID == connection }.map(\.id).min()
    }

    /// The reasons `explain` gives for the prefix the address would have matched: the longest
    /// announced or attached prefix containing it (none: the address is in no known prefix).
    func missingReasons(_ address: IPv4Address, table: String) -> [String] {
        guard let prefix = announcedPrefixes.filter({ $0.contains(address) }).max(by: { $0.length < $1.length }) else {
            return ["no data center announces and no attachment offers a prefix containing \(address)"]
        }
        let reasons = model.explain(prefix, table: table).reasons
        return reasons.isEmpty ? ["\(prefix) is not in \(table)"] : reasons
    }
}
