import ConnectionParameters
import BGPRouting
import NetworkPrimitives

/// Failover between the two tunnels (reference §2, §10 items 3 and 7).
extension CloudModel {
    /// Brings a tunnel up or down (DPD timeout, negotiation failure, administrative): only tunnels
    /// whose phase 2 is up are next hops, so that tunnel's paths leave or rejoin the decision.
    ///
    /// The paths stay in the connection's records (a tunnel coming back brings its routes back); only
    /// the records with a path over the tunnel are re-decided, and the TR tables are touched only where
    /// the connection's offer changed. The `CLOUD` rows themselves do not change: their tunnel list is
    /// a view of the tunnels' state (``RoutingDelta/cloud``).
    @discardableResult
    public mutating func setTunnel(connection id: String, tunnel index: Int, up: Bool, reason: TunnelDownReason? = nil) -> RoutingDelta {
        guard var connection = connections[id], let position = connection.tunnels.firstIndex(where: { $0.index == index }) else {
            return RoutingDelta()
        }
        let wasUp = connection.tunnels[position].isUp
        connection.tunnels[position].isUp = up
        connection.tunnels[position].downReason = up ? nil : (reason ?? .down)
        connections[id] = connection
        guard wasUp != up, var table = connectionTables.removeValue(forKey: id) else { return RoutingDelta() }
        // The rows of every record with a path over the tunnel change; re-decide those only.
        var touched: [Int32] = []
        for slot in table.records.indices where table.records[slot].path(index) != ConnectionDestination.noPath {
            touched.append(Int32(slot))
        }
        let before = table.quota != nil ? touched.map { table.rowKey($0) } : []
        if index == 1 { table.tunnelUp.0 = up } else { table.tunnelUp.1 = up }
        var delta = RoutingDelta()
        let offers = redecideAfterTunnelChange(&table, slots: touched, before: before, connection: id, delta: &delta)
        connectionTables[id] = table
        propagate(offers, connection: id, delta: &delta)
        if !connection.destinationRoutes.isEmpty || (connection.autoConfigRoute && !connection.protectedLocal.isEmpty) {
            delta.destination.insert(id)
        }
        if context.scopes[id] != nil { delta.cloud.insert(id) }
        return delta
    }

    /// ``redecide(_:slots:connection:delta:)`` for a tunnel's state change: every touched record's
    /// rows change (the tunnel's path appears or disappears) when BGP is on.
    private mutating func redecideAfterTunnelChange(
        _ table: inout ConnectionTable, slots: [Int32], before: [ConnectionRowKey], connection id: String, delta: inout RoutingDelta
    ) -> [(IPv4Prefix, Offer?)] {
        if table.quota != nil {
            return redecide(&table, slots: slots, before: before, connection: id, delta: &delta)
        }
        guard table.bgpEnabled else { return [] }
        let published = connections[id]?.publishedPrefixes ?? []
        var offers: [(IPv4Prefix, Offer?)] = []
        var changed: [IPv4Prefix] = []
        changed.reserveCapacity(slots.count)
        for slot in slots {
            let old = table.offer(table.records[Int(slot)])
            let new = table.decide(slot, store: store)
            let prefix = table.records[Int(slot)].prefix
            changed.append(prefix)
            if old != new && (published.isEmpty || !published.contains(prefix)) { offers.append((prefix, new)) }
        }
        delta.add(bgp: id, changed)
        return offers
    }
}
