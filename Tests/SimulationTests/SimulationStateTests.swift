// What `SimulationState` shows (reference §10 items 13 and 14): tunnel states that describe the
// tunnel now, as codes in JSON; every connection (attached or not) and every data center (with BGP
// or not) listed.

import BGPSession
import CloudRouting
import ConnectionParameters
import Foundation
import Reports
import Simulation
import Testing
import Topology

/// `{"at": AT, "event": EVENT, "connection": "vco-dc1", "tunnel": N}`.
private func event(_ at: Double, _ name: String, tunnel: Int = 1) -> String {
    #"{"at": \#(at), "event": "\#(name)", "connection": "vco-dc1", "tunnel": \#(tunnel)}"#
}

/// The `tunnels` member of `simulate --json` for one tunnel.
private func tunnelJSON(_ simulation: RouteSimulation, _ name: String) throws -> [String: Any] {
    let data = Data(simulation.state().json().rendered().utf8)
    let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    return try #require((object["tunnels"] as? [String: Any])?[name] as? [String: Any])
}

@Suite("Simulation state")
struct SimulationStateTests {
    // MARK: Truthful tunnel state (§10 item 13)

    /// While DPD has not fired the SAs are up (phase2_succeeded, peer silent); once it fires the
    /// tunnel is down and nothing answers IKE: peer_not_responding, not phase2_succeeded.
    @Test func negotiationIsTruthfulAfterDPDTimeout() throws {
        var simulation = try Scenario().simulation(timeline: "[\(event(60, "dpd_timeout"))]")
        simulation.run(until: .milliseconds(89_999))
        #expect(simulation.tunnel(1)?.negotiation == .phase2Succeeded)
        #expect(try tunnelJSON(simulation, "vco-dc1/1")["peer_silent"] as? Bool == true)
        simulation.run(until: .seconds(90))
        #expect(simulation.tunnel(1)?.negotiation == .peerNotResponding)
        #expect(simulation.tunnel(2)?.negotiation == .phase2Succeeded)
        let json = try tunnelJSON(simulation, "vco-dc1/1")
        #expect(json["negotiation"] as? String == "peer_not_responding")
        #expect(json["ipsec"] as? String == "down" && json["reason"] as? String == "dpd_timeout")
    }

    /// Negotiating until `ipsec_negotiation_time`; a tunnel taken down is not phase2_succeeded; after
    /// tunnel_up it negotiates again, then succeeds.
    @Test func negotiationIsTruthfulWhenTakenDownAndBack() throws {
        var simulation = try Scenario().simulation(timeline: "[\(event(20, "tunnel_down")), \(event(40, "tunnel_up"))]")
        simulation.run(until: .milliseconds(500))
        #expect(simulation.tunnel(1)?.negotiation == .negotiating)
        simulation.run(until: .seconds(20))
        #expect(simulation.tunnel(1)?.negotiation == .peerNotResponding)
        #expect(simulation.tunnel(1)?.downReason == .administrativelyDown)
        simulation.run(until: .milliseconds(40_500))
        #expect(simulation.tunnel(1)?.negotiation == .negotiating)
        simulation.run(until: .seconds(41))
        #expect(simulation.tunnel(1)?.negotiation == .phase2Succeeded)
    }

    /// JSON tunnel states are codes: `up`/`down`, snake_case reasons and BGP states, no display words.
    @Test func tunnelStatesAreCodesInJSON() throws {
        var simulation = try Scenario().simulation(timeline: "[\(event(20, "tunnel_down"))]")
        simulation.run(until: .seconds(3))
        var json = try tunnelJSON(simulation, "vco-dc1/1")
        #expect(json["bgp"] as? String == "active" && json["data_center_bgp"] as? String == "connect")
        simulation.run(until: .seconds(30))
        json = try tunnelJSON(simulation, "vco-dc1/1")
        #expect(json["ipsec"] as? String == "down" && json["reason"] as? String == "administratively_down")
        #expect(try tunnelJSON(simulation, "vco-dc1/2")["bgp"] as? String == "established")
        for state in SessionState.allCases {
            #expect(state.code.allSatisfy { $0.isLowercase || $0 == "_" }, "\(state.code)")
            #expect(SessionState(name: state.description) == state && SessionState(name: state.code) == state)
        }
        #expect(Set(json.keys) == Set(Expectation.tunnelKeys))
    }

    // MARK: Every connection and data center listed (§10 item 14)

    /// A connection no VPN attachment names: validate warns that it reaches no TR; simulate lists
    /// its tunnels (up, BGP Established) and its tables (the data center's routes learned, no
    /// CLOUD row), and the TR table has none of its prefixes.
    @Test func unattachedConnectionListedWithWarning() throws {
        var scenario = try Scenario()
        try scenario.replace("""
            "vpn_attachments": [
                  {
                    "transit_router_attachment_id": "tr-attach-vco-dc1",
                    "vpn_id": "vco-dc1",
                    "auto_publish_route_enabled": true,
                    "route_table_association_enabled": true,
                    "route_table_propagation_enabled": true
                  }
                ],
            """, with: "")
        let document = try scenario.document()
        #expect(document.warnings.map(\.code) == ["connection_not_attached_to_tr"])
        #expect(document.warnings.first?.path == "ipsec_connections[0].vpn_connection_id")
        #expect(document.warnings.first?.message.contains("connection 'vco-dc1' reaches no transit router") == true)

        var simulation = RouteSimulation(document: document)
        simulation.runToEnd()
        let state = simulation.state()
        #expect(state.tunnels.map(\.name) == ["vco-dc1/1", "vco-dc1/2"])
        #expect(state.tunnels.allSatisfy { $0.ipsecUp && $0.cloudBGP == .established && $0.received == 2 && $0.advertised == 0 })
        let bgp = try #require(state.tables.connections["vco-dc1"]?.bgp)
        #expect(bgp.map { "\($0.prefix) \($0.source.rawValue) \($0.tunnels)" } == [
            "172.16.10.0/24 VPN_BGP [1, 2]", "192.168.0.0/16 VPN_BGP [1, 2]",
        ])
        #expect(state.tables.transitRouter["vtb-default"]?.map(\.prefix.description) == ["10.0.0.0/16", "10.1.0.0/16"])
        #expect(simulation.dataCenterPrefixes(tunnel: 1).isEmpty)
        let json = state.json().rendered(pretty: false)
        #expect(json.contains(#""connections":{"vco-dc1":{"destination":[],"bgp":[{"prefix":"172.16.10.0/24""#), "\(json)")
    }

    /// A data center without BGP is listed in the state and the JSON, each tunnel of its
    /// connection with nothing received.
    @Test func dataCenterWithoutBGPListed() throws {
        var scenario = try Scenario()
        try scenario.dataCenter(#""bgp": false"#)
        var simulation = try scenario.simulation()
        simulation.runToEnd()
        let state = simulation.state()
        #expect(state.dataCenterRoutes.keys.sorted() == ["dc1"])
        #expect(state.dataCenterRoutes["dc1"]?.keys.sorted() == [1, 2])
        #expect(state.dataCenterRoutes["dc1"]?.values.allSatisfy(\.isEmpty) == true)
        #expect(state.json().rendered(pretty: false).contains(#""data_centers":{"dc1":{"1":[],"2":[]}}"#))
    }
}
