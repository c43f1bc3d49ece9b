import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives

extension TopologyDocument {
    /// The negotiation outcome of every tunnel, by connection ID and tunnel index.
    ///
    /// The data-center side uses the connection's downloaded configuration unless the topology
    /// overrides its PSK, IKE version or reachability. BGP packets count as interesting traffic, so a
    /// connection whose `effect_immediately` is off negotiates once the data center runs BGP.
    public func negotiation() -> [String: [Int: NegotiationState]] {
        var result: [String: [Int: NegotiationState]] = [:]
        let gateways = Dictionary(customerGateways.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for connection in connections {
            let dc = dataCenters.first { $0.connectionID == connection.id }
            for tunnel in connection.tunnels {
                guard let gateway = gateways[tunnel.customerGatewayID] else { continue }
                var state = NegotiationState.peerNotResponding
                // A tunnel the data center has shut down does not negotiate at all.
                if let dc, let side = dc.tunnels.first(where: { $0.index == tunnel.index }), side.up {
                    var settings = OnPremisesTunnelSettings(mirroring: tunnel, connection: connection, gateway: gateway)
                    if let psk = side.psk { settings.psk = psk }
                    if let version = side.ikeVersion { settings.ikeVersion = version }
                    settings.reachable = side.reachable
                    state = negotiate(cloud: tunnel, connection: connection, gateway: gateway, onPremises: settings,
                                      trafficSeen: dc.bgp)
                }
                result[connection.id, default: [:]][tunnel.index] = state
            }
        }
        return result
    }

    /// The routing model of the topology: the TR, its attachments and every connection with its
    /// tunnels' state and what its data center announces. A connection no attachment names is in the
    /// model too, unattached (reference §10 item 14): its tables fill, it reaches no TR.
    ///
    /// - Parameter settled: `true` (the default): the steady state, where every tunnel that
    ///   negotiates is up and carries its data center's announcements. `false`: the state before
    ///   anything happened, where every tunnel is down (`negotiating`) and nothing is learned (the
    ///   simulator and the live speaker start from it).
    public func model(settled: Bool = true) -> CloudModel {
        var model = CloudModel(transitRouterID: transitRouter.id, region: transitRouter.region,
                               defaultTableID: transitRouter.routeTables.first(where: \.isDefault)?.id ?? "vtb-default")
        model.batch(reportChanges: false) { model in configure(&model, settled: settled) }
        return model
    }

    /// Feeds every input of the topology into `model` (inside a batch: one recompute at the end).
    private func configure(_ model: inout CloudModel, settled: Bool) {
        for table in transitRouter.routeTables { model.setRouteTable(table) }
        for attachment in transitRouter.attachments { model.setAttachment(attachment) }
        model.setRouteMaps(transitRouter.routeMaps)
        let states = negotiation()
        let gateways = Dictionary(customerGateways.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for connection in connections {
            let attachment = transitRouter.attachments.first { $0.connectionID == connection.id }
            let dc = dataCenters.first { $0.connectionID == connection.id }
            let gatewayASN = connection.tunnels.first.flatMap { gateways[$0.customerGatewayID]?.asn }
            // A data center whose AS differs from its customer gateway's gets no session (Bad Peer AS).
            let sessionsUp = dc.map { $0.bgp && (gatewayASN == nil || gatewayASN == $0.asn) } ?? false
            var tunnels: [TunnelRouting] = []
            var announcements: [Int: [DataCenterRoute]] = [:]
            for tunnel in connection.tunnels.sorted(by: { $0.index < $1.index }) {
                let state = states[connection.id]?[tunnel.index] ?? .peerNotResponding
                let side = dc?.tunnels.first { $0.index == tunnel.index }
                var up = state == .phase2Succeeded && tunnel.status == .normal
                var reason: TunnelDownReason? = up ? nil : .negotiation(state)
                if side?.up == false {
                    up = false
                    reason = .administrativelyDown
                }
                if !settled {
                    up = false
                    reason = .negotiating
                }
                let peer = tunnel.bgp?.peerBGPIP ?? IPv4Address(169, 254, 0, UInt8(tunnel.index))
                tunnels.append(TunnelRouting(index: tunnel.index, isUp: up, downReason: reason, peerBGPAddress: peer))
                if let dc, let side, sessionsUp, settled {
                    announcements[tunnel.index] = side.announcements.map { route in
                        DataCenterRoute(prefix: route.prefix, attributes: route.attributes(asn: dc.asn, nextHop: peer))
                    }
                }
            }
            let settings = connectionRouting[connection.id]
            var protectedLocal: [IPv4Prefix] = []
            var protectedRemote: [IPv4Prefix] = []
            if case .protectedDataFlows(let local, let remote) = connection.routingMode.normalized {
                protectedLocal = local
                protectedRemote = remote
            }
            model.setConnection(VPNConnectionRouting(
                connectionID: connection.id, attachmentID: attachment?.id,
                localASN: connection.tunnels.first?.bgp?.localASN ?? TunnelBGPConfig.defaultLocalASN,
                bgpEnabled: connection.enableTunnelsBGP, customerASN: gatewayASN, tunnels: tunnels,
                activeStandby: settings?.activeStandby ?? false, protectedLocal: protectedLocal, protectedRemote: protectedRemote,
                autoConfigRoute: connection.autoConfigRoute, destinationRoutes: settings?.destinationRoutes ?? [],
                learnedRouteQuota: settings.map(\.learnedRouteQuota) ?? 50, strictTableOrder: settings?.strictTableOrder ?? false,
                announcements: announcements))
        }
    }
}
