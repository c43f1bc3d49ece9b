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
        if table.hasPrefix("tr/") {
            let tableID = String(table.dropFirst(3))
            let rows = engine.rows(.transitRouter(tableID), prefix)
            for attachment in attachments.values.sorted(by: { $0.id < $1.id }) {
                reasons += whyMissing(prefix, from: attachment, inTable: tableID, present: rows)
            }
            return Explanation(table: table, prefix: prefix, rows: rows, reasons: reasons)
        }
        let parts = table.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, ["bgp", "destination"].contains(parts[1]), let connection = connections[parts[0]],
              engine.connections[parts[0]] != nil
        else {
            return Explanation(table: table, prefix: prefix, rows: [], reasons: ["no table named \(table)"])
        }
        let rows = engine.rows(parts[1] == "bgp" ? .bgp(parts[0]) : .destination(parts[0]), prefix)
        if parts[1] == "bgp" {
            reasons += whyNotLearned(prefix, connection: connection)
            reasons += whyNotAdvertised(prefix, connection: connection)
        }
        return Explanation(table: table, prefix: prefix, rows: rows, reasons: reasons)
    }

    /// Why an attachment offers nothing for `prefix` in a TR table.
    private func whyMissing(
        _ prefix: IPv4Prefix, from attachment: TransitRouterAttachment, inTable tableID: String, present: [TableRow]
    ) -> [String] {
        let offersIt: Bool
        var reasons: [String] = []
        if attachment.kind == .vpn, let id = attachment.connectionID, let connection = connections[id] {
            let announced = connection.announces(prefix)
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
        let announcing = connection.routesByTunnel.filter { $0.value[prefix] != nil }.keys.sorted()
        guard !announcing.isEmpty else { return [] }
        guard connection.bgpEnabled else { return ["BGP not enabled on connection \(connection.connectionID)"] }
        for index in announcing {
            guard let tunnel = connection.tunnels.first(where: { $0.index == index }) else { continue }
            if !tunnel.isUp {
                reasons.append("tunnel \(index) of \(connection.connectionID) down (\(tunnel.downReason ?? "down"))")
            }
        }
        if let rejected = engine.connections[connection.connectionID]?.bgp[prefix]?.first(where: { $0.status == "Rejected" }) {
            reasons.append("rejected in \(connection.connectionID)'s BGP table: \(rejected.reason ?? "rejected")")
        }
        return reasons
    }

    /// Why the TR does not advertise `prefix` to the connection (no CLOUD row).
    private func whyNotAdvertised(_ prefix: IPv4Prefix, connection: VPNConnectionRouting) -> [String] {
        guard let attachment = attachments[connection.attachmentID] else { return ["connection is not attached"] }
        let hasCloudRow = engine.connections[connection.connectionID]?.cloud[prefix] != nil
        guard !hasCloudRow else { return [] }
        guard connection.bgpEnabled else { return ["BGP not enabled, so no route is advertised to the data center"] }
        guard attachment.autoPublishRoutes else { return ["Advertise Routes is off on attachment \(attachment.id)"] }
        guard let tableID = attachment.associatedTable else {
            return ["attachment \(attachment.id) is not associated with a route table"]
        }
        let active = (engine.transitRouter[tableID]?[prefix] ?? []).filter { $0.status == .active }
        guard let entry = active.first else { return [] }  // the TR does not have it: nothing to advertise
        if active.contains(where: { $0.nextHopAttachment == attachment.id }) {
            return ["not advertised back to \(attachment.id): its next hop is that attachment (split horizon)"]
        }
        let source = entry.nextHopAttachment.flatMap { attachments[$0] }
        let route = OfferedRoute(prefix: prefix, originType: entry.originType, asPath: entry.asPath, communities: entry.communities)
        if let map = CloudModel.firstMatch(effectiveRouteMaps, direction: .egress, table: tableID, source: source,
                                           destination: attachment, route: route), !map.permit {
            return map.isSystem
                ? ["blocked by the system Reject policy 5000 (routes learned from \(source?.kind.rawValue ?? "?") attachments are not sent to VPN attachments)"]
                : ["denied by route map \(map.priority)"]
        }
        return []
    }
}
