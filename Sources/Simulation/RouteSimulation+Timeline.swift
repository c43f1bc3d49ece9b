import BGPDriver
import BGPRouting
import BGPSession
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

/// The timeline's events and the tunnels' IPsec state.
extension RouteSimulation {
    mutating func apply(_ event: TimelineEvent) {
        switch event.action {
        case .tunnelDown(let connection, let index):
            guard let t = tunnelIndex(connection: connection, tunnel: index) else { return unknown(event) }
            record(tunnels[t].name, "event tunnel_down")
            tunnels[t].adminDown = true
            tunnels[t].silent = false
            tunnels[t].generation += 1
            if tunnels[t].ipsecUp {
                ipsecDown(t, reason: .administrativelyDown)
            } else {
                tunnels[t].downReason = .administrativelyDown
                routes.note(model.setTunnel(connection: connection, tunnel: index, up: false, reason: .administrativelyDown))
                advertiseAll()
            }
        case .tunnelUp(let connection, let index):
            guard let t = tunnelIndex(connection: connection, tunnel: index) else { return unknown(event) }
            record(tunnels[t].name, "event tunnel_up")
            tunnels[t].adminDown = false
            tunnels[t].silent = false
            tunnels[t].generation += 1
            if !tunnels[t].ipsecUp {
                tunnels[t].downReason = .negotiating
                routes.note(model.setTunnel(connection: connection, tunnel: index, up: false, reason: .negotiating))
                queue.schedule(.negotiated(tunnel: t, generation: tunnels[t].generation), at: now + settings.negotiationTime)
            }
        case .peerSilent(let connection, let index):
            guard let t = tunnelIndex(connection: connection, tunnel: index) else { return unknown(event) }
            let tunnel = tunnels[t]
            let detection = tunnel.dpdEnabled ? "DPD declares it dead after \(tunnel.dpdTimeout.simulationSeconds) s" : "DPD is off"
            record(tunnel.name, "event dpd_timeout: the customer gateway stops answering (\(detection))")
            tunnels[t].silent = true
            // While IKE is still negotiating, the pending negotiation stays scheduled: it fails
            // (peer_not_responding) instead of leaving the tunnel "negotiating" for ever.
            if tunnel.ipsecUp {
                tunnels[t].generation += 1
                if tunnel.dpdEnabled {
                    queue.schedule(.deadPeerDetected(tunnel: t, generation: tunnels[t].generation), at: now + tunnel.dpdTimeout)
                }
            }
        case .sessionReset(let connection, let index):
            guard let t = tunnelIndex(connection: connection, tunnel: index) else { return unknown(event) }
            record(tunnels[t].name, "event session_reset")
            guard tunnels[t].dataCenter != nil else {
                record(tunnels[t].name, "no BGP session to reset")
                return
            }
            signal(t, .dataCenter, .automaticStop(cease: NotificationMessage(code: .cease, subcode: CeaseSubcode.administrativeReset)))
        case .announce(let connection, let indexes, let routes):
            record(connection, "event announce \(routes.map(\.prefix.description).joined(separator: ", ")) on tunnel \(indexes.map(String.init).joined(separator: ", "))")
            for index in indexes {
                guard let t = tunnelIndex(connection: connection, tunnel: index), let nextHop = nextHop(t),
                      let asn = tunnels[t].dataCenter?.session.config.localASN
                else { continue }
                speaker(t, .dataCenter) { speaker in
                    for route in routes { speaker.dataCenterRoutes.announcements[route.prefix] = route.attributes(asn: asn, nextHop: nextHop) }
                }
                synchronize(t, .dataCenter, prefixes: Set(routes.map(\.prefix)))
            }
        case .withdraw(let connection, let indexes, let prefixes):
            record(connection, "event withdraw \(prefixes.map(\.description).joined(separator: ", ")) on tunnel \(indexes.map(String.init).joined(separator: ", "))")
            for index in indexes {
                guard let t = tunnelIndex(connection: connection, tunnel: index) else { continue }
                speaker(t, .dataCenter) { speaker in
                    for prefix in prefixes { speaker.dataCenterRoutes.announcements[prefix] = nil }
                }
                synchronize(t, .dataCenter, prefixes: Set(prefixes))
            }
        case .setting(let connection, let setting, let on):
            record(connection, "event set \(setting.fileKey) = \(on)")
            routes.note(model.set(setting, on, connection: connection))
            advertiseAll()
        case .addRouteMap(let map):
            record(model.transitRouterID, "event route_map_add priority \(map.priority) \(map.direction.rawValue) \(map.permit ? "Permit" : "Deny")")
            routeMaps.removeAll { $0.priority == map.priority && $0.direction == map.direction }
            routeMaps.append(map)
            routes.note(model.setRouteMaps(routeMaps))
            advertiseAll()
        case .removeRouteMap(let priority, let direction):
            let before = routeMaps.count
            routeMaps.removeAll { $0.priority == priority && $0.direction == direction }
            record(model.transitRouterID, "event route_map_remove priority \(priority) \(direction.rawValue)\(before == routeMaps.count ? ": no such route map" : "")")
            routes.note(model.setRouteMaps(routeMaps))
            advertiseAll()
        }
    }

    mutating func unknown(_ event: TimelineEvent) {
        record("simulation", "\(event.path): \(event.action.name) names a tunnel the topology does not have")
    }

    /// The data center's address on a tunnel (the other usable address of the /30).
    func nextHop(_ t: Int) -> IPv4Address? {
        tunnels[t].dataCenter?.session.config.routerID
    }

    /// IKE and IPsec are up: packets pass, the model may use the tunnel.
    mutating func ipsecUp(_ t: Int) {
        tunnels[t].ipsecUp = true
        tunnels[t].downReason = nil
        tunnels[t].generation += 1
        record(tunnels[t].name, "IPsec up")
        routes.note(model.setTunnel(connection: tunnels[t].connectionID, tunnel: tunnels[t].index, up: true))
        advertiseAll()
    }

    /// The SAs are gone: the model stops using the tunnel and both routers close the session at
    /// once (the tunnel interface went down: fast external failover).
    mutating func ipsecDown(_ t: Int, reason: TunnelDownReason) {
        tunnels[t].ipsecUp = false
        tunnels[t].downReason = reason
        tunnels[t].generation += 1
        record(tunnels[t].name, "IPsec down: \(reason.text)")
        routes.note(model.setTunnel(connection: tunnels[t].connectionID, tunnel: tunnels[t].index, up: false, reason: reason))
        advertiseAll()
        for side in TunnelSide.allCases {
            if let connection = tunnels[t][side]?.connection { drive(t, side, .closed(connection)) }
        }
    }
}
