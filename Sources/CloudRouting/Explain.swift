import ConnectionParameters
import BGPRouting
import NetworkPrimitives

/// The answer to "why is this route here, and why is that one missing?" for one prefix in one table.
public struct Explanation: Sendable, Hashable {
    public var table: String
    public var prefix: IPv4Prefix
    /// The rows for the prefix, with their status and deciding step.
    public var rows: [TableRow]
    /// The chain of reasons a source did not contribute (empty when nothing is missing).
    public var reasons: [String]
}

extension CloudModel {
    /// Explains `prefix` in `table` (a name as in ``TableChange``): the candidates and the step that
    /// decided, and for every source that could have offered the prefix but did not, why.
    public func explain(_ prefix: IPv4Prefix, table: String) -> Explanation {
        var reasons: [String] = []
        guard let key = TableKey(name: table) else {
            return Explanation(table: table, prefix: prefix, rows: [], reasons: ["no table named \(table)"])
        }
        switch key {
        case .transitRouter(let tableID):
            guard transitRouterTables[tableID] != nil else {
                return Explanation(table: table, prefix: prefix, rows: [], reasons: ["no table named \(table)"])
            }
            let rows = self.rows(key, prefix)
            reasons += whyStandby(rows)
            for attachment in attachments.values.sorted(by: { $0.id < $1.id }) {
                reasons += whyMissing(prefix, from: attachment, inTable: tableID, present: rows)
            }
            return Explanation(table: table, prefix: prefix, rows: rows, reasons: reasons)
        case .destination(let id), .bgp(let id):
            guard let connection = connections[id] else {
                return Explanation(table: table, prefix: prefix, rows: [], reasons: ["no table named \(table)"])
            }
            let rows = self.rows(key, prefix)
            reasons += tableOrder(prefix, connection: connection, bgpRows: self.rows(.bgp(id), prefix))
            if case .bgp = key {
                reasons += whyNotLearned(prefix, connection: connection)
                reasons += whyNotAdvertised(prefix, connection: connection)
            }
            return Explanation(table: table, prefix: prefix, rows: rows, reasons: reasons)
        }
    }

    /// The selection steps of reference §10 item 2 that people ask about, said in words: a VPC
    /// keeping its own CIDR (step 0) and Express Connect before VPN (step d).
    private func whyStandby(_ rows: [TableRow]) -> [String] {
        let entries = rows.compactMap { row -> TransitRouterRouteEntry? in
            if case .transitRouter(let entry) = row { return entry }
            return nil
        }
        let winners = entries.filter { $0.status == .active }.compactMap(\.nextHopAttachment)
        let winner = winners.isEmpty ? "the Active route" : winners.joined(separator: ", ")
        var reasons: [String] = []
        for entry in entries where entry.status == .standby {
            let loser = entry.nextHopAttachment.map { "the route via \($0)" } ?? "the blackhole route"
            switch entry.reason {
            case .lostAt(.vpcSystemRoute)?:
                reasons.append("\(entry.prefix) is the own CIDR of VPC attachment \(winner): its System route keeps it,"
                    + " so \(loser) is Standby (vpc_system_route)")
            case .lostAt(.expressConnectPreferred)?:
                reasons.append("\(entry.prefix) is learned from Express Connect (VBR attachment \(winner)) and from a VPN"
                    + " attachment: Express Connect is preferred, so \(loser) is Standby (express_connect_preferred)")
            default:
                break
            }
        }
        return reasons
    }

    /// With `strict_table_order` (reference §10 item 1): which destination-based route a packet to
    /// `prefix` takes instead of the BGP table, whatever the prefix lengths.
    private func tableOrder(_ prefix: IPv4Prefix, connection: VPNConnectionRouting, bgpRows: [TableRow]) -> [String] {
        guard connection.strictTableOrder, !bgpRows.isEmpty else { return [] }
        let covering = connection.destinationRoutes.map(\.prefix) + (connection.autoConfigRoute ? connection.protectedRemote : [])
        guard let first = covering.filter({ $0.contains(prefix.address) }).max(by: { $0.length < $1.length }) else { return [] }
        return ["strict table order on \(connection.connectionID) (strict_table_order): traffic to \(prefix) takes the"
            + " destination-based route \(first) before the BGP table, whatever the prefix length"]
    }

    /// The tunnels over which the data center announces `prefix`, ascending.
    func tunnelsAnnouncing(_ prefix: IPv4Prefix, connection id: String) -> [Int] {
        guard let table = connectionTables[id], let slot = table.slot(of: prefix) else { return [] }
        let record = table.records[Int(slot)]
        return [1, 2].filter { record.path($0) != ConnectionDestination.noPath }
    }

    /// Why an attachment offers nothing for `prefix` in a TR table.
    private func whyMissing(
        _ prefix: IPv4Prefix, from attachment: TransitRouterAttachment, inTable tableID: String, present: [TableRow]
    ) -> [String] {
        let offersIt: Bool
        var reasons: [String] = []
        if attachment.kind == .vpn, let id = attachment.connectionID, let connection = connections[id] {
            let announced = !tunnelsAnnouncing(prefix, connection: id).isEmpty
            let destination = connection.destinationRoutes.contains { $0.prefix == prefix }
                || (connection.autoConfigRoute && connection.protectedRemote.contains(prefix))
            offersIt = announced || destination
            if offersIt && attachment.propagatesTo.contains(tableID) && !present.contains(where: {
                if case .transitRouter(let entry) = $0 { return entry.nextHopAttachment == attachment.id }
                return false
            }) {
                reasons += whyNotLearned(prefix, connection: connection).map { "attachment \(attachment.id): \($0)" }
            }
        } else {
            offersIt = attachment.offeredRoutes.contains { $0.prefix == prefix }
        }
        if offersIt && !attachment.propagatesTo.contains(tableID) {
            reasons.append("propagation disabled on attachment \(attachment.id) (route_table_propagation_enabled is off for \(tableID))")
        }
        return reasons
    }

    /// Why the connection holds no usable BGP route to `prefix` from the data center.
    private func whyNotLearned(_ prefix: IPv4Prefix, connection: VPNConnectionRouting) -> [String] {
        var reasons: [String] = []
        let announcing = tunnelsAnnouncing(prefix, connection: connection.connectionID)
        guard !announcing.isEmpty else { return [] }
        guard connection.bgpEnabled else { return ["BGP not enabled on connection \(connection.connectionID)"] }
        for index in announcing {
            guard let tunnel = connection.tunnels.first(where: { $0.index == index }) else { continue }
            if !tunnel.isUp {
                reasons.append("tunnel \(index) of \(connection.connectionID) down (\(ExplainText.downReason(tunnel.downReason ?? .down)))")
            }
        }
        let rejected = rows(.bgp(connection.connectionID), prefix).lazy.compactMap { row -> ConnectionRouteEntry? in
            if case .connection(let entry) = row, entry.source == .vpnBGP, entry.status == .rejected { return entry }
            return nil
        }.first
        if let rejected, case .rejected(let reason)? = rejected.reason {
            reasons.append("rejected in \(connection.connectionID)'s BGP table: \(reason.rawValue)")
        }
        return reasons
    }

    /// Why the TR does not advertise `prefix` to the connection (no CLOUD row).
    private func whyNotAdvertised(_ prefix: IPv4Prefix, connection: VPNConnectionRouting) -> [String] {
        guard let attachment = connection.attachmentID.flatMap({ attachments[$0] }) else { return ["connection is not attached to the TR"] }
        guard cloudRoute(connection: connection.connectionID, prefix: prefix) == nil else { return [] }
        guard connection.bgpEnabled else { return ["BGP not enabled, so no route is advertised to the data center"] }
        guard attachment.autoPublishRoutes else { return ["Advertise Routes is off on attachment \(attachment.id)"] }
        guard let tableID = attachment.associatedTable else {
            return ["attachment \(attachment.id) is not associated with a route table"]
        }
        let active = rows(.transitRouter(tableID), prefix).compactMap { row -> TransitRouterRouteEntry? in
            if case .transitRouter(let entry) = row, entry.status == .active { return entry }
            return nil
        }
        guard let entry = active.first else { return [] }  // the TR does not have it: nothing to advertise
        if active.contains(where: { $0.nextHopAttachment == attachment.id }) {
            return ["not advertised back to \(attachment.id): its next hop is that attachment (split horizon)"]
        }
        let source = entry.nextHopAttachment.flatMap { attachments[$0] }
        let route = OfferedRoute(prefix: prefix, originType: entry.originType, asPath: entry.asPath, communities: entry.communities)
        if let map = CloudModel.firstMatch(effectiveRouteMaps, direction: .egress, table: tableID, source: source,
                                           destination: attachment, route: route), !map.permit {
            guard map.isSystem else { return ["denied by route map \(map.priority)"] }
            // Reference §10 item 15: a static route to a VPN attachment counts as that attachment's route.
            if entry.type == .static, let source {
                return ["static route to \(source.kind.rawValue) attachment \(source.id), blocked by the system Reject policy 5000"
                    + " (routes of VPN, VBR and CCN attachments are not sent to another such attachment)"]
            }
            return ["blocked by the system Reject policy 5000 (routes learned from \(source?.kind.rawValue ?? "?") attachments are not sent to VPN attachments)"]
        }
        return []
    }
}

/// The words `explain` uses for typed states (its reasons are sentences for people).
enum ExplainText {
    static func downReason(_ reason: TunnelDownReason) -> String {
        switch reason {
        case .dpdTimeout: "DPD timeout"
        case .administrativelyDown: "administratively down"
        case .negotiating: "negotiating"
        case .negotiation(let state): state.rawValue
        case .down: "down"
        }
    }
}
