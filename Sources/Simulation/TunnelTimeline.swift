// Each tunnel's state and the routes it carries over a run, sampled on the virtual clock.

import CloudRouting
import ConnectionParameters
import BGPSession
import Topology

/// The state of every tunnel and the number of routes it carries, sampled at regular times over a
/// run, with the timeline's events: what the report's chart draws.
public struct TunnelTimeline: Sendable, Hashable {
    /// A tunnel's condition at one sample.
    public enum Phase: String, Sendable, Hashable, CaseIterable {
        /// IPsec up and BGP (when configured) established.
        case up
        /// IPsec up, BGP configured but not established.
        case bgpDown = "bgp down"
        /// IPsec up but the peer stopped answering (DPD has not declared it dead yet).
        case silent
        /// IPsec down.
        case down
    }

    public struct Sample: Sendable, Hashable {
        public var time: Duration
        public var phase: Phase
        /// Forwarding routes of the connection that list this tunnel as a next hop (destination-based
        /// and Active BGP rows, in both directions).
        public var routes: Int
    }

    public struct Tunnel: Sendable, Hashable {
        /// `vco-…/N`.
        public var name: String
        public var samples: [Sample]
    }

    public var endTime: Duration
    public var tunnels: [Tunnel]
    /// The timeline's events: time and a short label.
    public var events: [(time: Duration, label: String)]

    public static func == (a: TunnelTimeline, b: TunnelTimeline) -> Bool {
        a.endTime == b.endTime && a.tunnels == b.tunnels && a.events.map(\.time) == b.events.map(\.time)
            && a.events.map(\.label) == b.events.map(\.label)
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(endTime)
        hasher.combine(tunnels)
    }

    /// Runs `document` from the start, sampling `count` + 1 evenly spaced times from 0 to the end.
    public static func record(_ document: TopologyDocument, samples count: Int = 240) -> TunnelTimeline {
        var simulation = RouteSimulation(document: document)
        simulation.recordsRouteChanges = false  // only the state is read
        let end = simulation.endTime
        var tunnels: [String: [Sample]] = [:]
        var order: [String] = []
        for step in 0 ... max(1, count) {
            let time = end * step / max(1, count)
            simulation.run(until: time)
            let state = simulation.state()
            for tunnel in state.tunnels {
                if tunnels[tunnel.name] == nil { order.append(tunnel.name) }
                let phase: Phase = !tunnel.ipsecUp ? .down : tunnel.silent ? .silent
                    : (tunnel.cloudBGP != nil && tunnel.cloudBGP != .established) ? .bgpDown : .up
                tunnels[tunnel.name, default: []].append(Sample(time: time, phase: phase, routes: routes(state, tunnel)))
            }
        }
        let events = document.timeline.map { event in (time: event.at, label: label(event)) }
        return TunnelTimeline(endTime: end, tunnels: order.map { Tunnel(name: $0, samples: tunnels[$0] ?? []) }, events: events)
    }

    static func routes(_ state: SimulationState, _ tunnel: SimulationState.TunnelState) -> Int {
        guard let tables = state.tables.connections[tunnel.connectionID] else { return 0 }
        let destination = tables.destination.filter { RouteStatusText.forwardsDestination($0) && $0.tunnels.contains(tunnel.index) }
        let bgp = tables.bgp.filter { RouteStatusText.forwardsBGP($0) && $0.tunnels.contains(tunnel.index) }
        return destination.count + bgp.count
    }

    static func label(_ event: TimelineEvent) -> String {
        switch event.action {
        case .tunnelDown(let connection, let tunnel), .tunnelUp(let connection, let tunnel),
             .peerSilent(let connection, let tunnel), .sessionReset(let connection, let tunnel):
            "\(event.action.name) \(connection)/\(tunnel)"
        case .setting(let connection, let setting, let on): "\(connection) \(setting.rawValue) \(on ? "on" : "off")"
        default: event.action.name
        }
    }
}
