import BGPDriver
import BGPRouting
import BGPSession
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

/// Everything a simulation shows at one time: each tunnel's IPsec and BGP state, every cloud table,
/// and what each data-center router received.
public struct SimulationState: Sendable {
    public var time: Duration
    public var tunnels: [TunnelState]
    public var tables: CloudTables
    /// The routes each data-center router received from the cloud, by router name and tunnel index:
    /// every data center of the topology, every tunnel of its connection (empty when it received
    /// nothing, as a data center without BGP).
    public var dataCenterRoutes: [String: [Int: [IPv4Prefix: PathAttributes]]]
    /// The route changes after each timeline event up to ``time`` (``RouteSimulation/routeChanges``).
    public var events: [TimelineRouteChanges] = []

    /// One tunnel at one time.
    public struct TunnelState: Sendable, Hashable {
        public var connectionID: String
        public var index: Int
        /// The negotiation state now (reference §10 item 13): `phase2_succeeded` only while the SAs are up.
        public var negotiation: NegotiationState
        public var ipsecUp: Bool
        /// Why IPsec is down (`negotiating`, `dpd_timeout`, `administratively_down`, a negotiation failure).
        public var downReason: TunnelDownReason?
        /// The peer stopped answering (`dpd_timeout`) and DPD has not yet declared it dead.
        public var silent: Bool
        /// The cloud side's BGP state; `nil` when the tunnel has no BGP.
        public var cloudBGP: SessionState?
        /// The data-center router's BGP state; `nil` when it does not run BGP.
        public var dataCenterBGP: SessionState?
        /// Prefixes the cloud side holds from the data center over this tunnel.
        public var received: Int
        /// Prefixes the cloud side advertised to the data center over this tunnel.
        public var advertised: Int
        /// Why the cloud side's session last went down.
        public var lastError: String?

        /// `vco-…/N`.
        public var name: String { "\(connectionID)/\(index)" }
    }
}

extension RouteSimulation {
    /// The state at ``now``.
    public func state() -> SimulationState {
        // Every data center is listed, with each tunnel of its connection: one without BGP (or whose
        // router never got a session) received nothing.
        var routes: [String: [Int: [IPv4Prefix: PathAttributes]]] = [:]
        for dataCenter in document.dataCenters {
            let connection = document.connections.first { $0.id == dataCenter.connectionID }
            for index in connection?.tunnels.map(\.index) ?? dataCenter.tunnels.map(\.index) {
                routes[dataCenter.name, default: [:]][index] = [:]
            }
        }
        let states = tunnels.map { tunnel -> SimulationState.TunnelState in
            if let name = tunnel.dataCenterName, let router = tunnel.dataCenter {
                routes[name, default: [:]][tunnel.index] = router.dataCenterRoutes.received
            }
            return SimulationState.TunnelState(
                connectionID: tunnel.connectionID, index: tunnel.index, negotiation: tunnel.negotiation, ipsecUp: tunnel.ipsecUp,
                downReason: tunnel.ipsecUp ? nil : tunnel.downReason, silent: tunnel.silent,
                cloudBGP: tunnel.cloud?.session.state, dataCenterBGP: tunnel.dataCenter?.session.state,
                received: model.receivedCount(connection: tunnel.connectionID, tunnel: tunnel.index),
                advertised: tunnel.cloud?.driver.adjRIBOut.count ?? 0, lastError: tunnel.cloud?.lastError)
        }
        return SimulationState(time: now, tunnels: states, tables: model.tables, dataCenterRoutes: routes, events: routeChanges)
    }
}
