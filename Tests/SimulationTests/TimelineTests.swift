import BGPSession
import BGPWire
import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Reports
import Simulation
import Testing
import Topology

// The timeline's events on dual-tunnel-bgp (see `Scenario`), with exact times from the log and
// the state at chosen times.
//
// The clock of the undisturbed scenario, with the defaults (link delay 5 ms, IPsec negotiation
// 1 s, ConnectRetryTime 5 s, hold time 90 s, keepalive 30 s): both tunnels' IPsec is up at 1 s;
// the data center's first SYN (at 0 s) was lost, its ConnectRetryTimer fires at 5 s: SYN 5.000 →
// accepted by the cloud 5.005, which sends its OPEN → the SYN-ACK and the OPEN reach the data
// center 5.010, which sends its OPEN and KEEPALIVE (its KeepaliveTimer starts: KEEPALIVEs at
// 5.010 + 30 k) → the cloud gets both at 5.015: Established, sends its KEEPALIVE (KEEPALIVEs at
// 5.015 + 30 k) and its UPDATEs → the data center is Established at 5.020 and sends its UPDATEs →
// the cloud learns the routes at 5.025.

/// `{"at": AT, "event": EVENT, "connection": "vco-dc1", "tunnel": N}`.
private func event(_ at: Double, _ name: String, tunnel: Int = 1, connection: String = "vco-dc1") -> String {
    #"{"at": \#(at), "event": "\#(name)", "connection": "\#(connection)", "tunnel": \#(tunnel)}"#
}

@Suite("Timeline events")
struct TimelineTests {
    // MARK: dpd_timeout

    /// DPD on: the customer gateway goes silent at 60 s; dead peer detection declares the tunnel
    /// down exactly `dpd_timeout` later. Until then tunnel 1 still carries the routes.
    @Test("dpd_timeout with DPD on: IPsec down at t + dpd_timeout", arguments: [(nil, 30), (10, 10), (45, 45)] as [(Int?, Int)])
    func deadPeerDetection(configured: Int?, timeout: Int) throws {
        var scenario = try Scenario()
        if let configured { try scenario.tunnelOptions(1, "\"dpd_timeout\": \(configured)") }
        var simulation = try scenario.simulation(timeline: "[\(event(60, "dpd_timeout"))]")
        let down = Duration.seconds(60 + timeout)

        simulation.run(until: .seconds(60))
        #expect(simulation.times("vco-dc1/1", "event dpd_timeout: the customer gateway stops answering (DPD declares it dead after \(timeout) s)") == [.seconds(60)])
        // Just before DPD fires: still up (peer silent), still a next hop of every route.
        simulation.run(until: down - .milliseconds(1))
        var tunnel = try #require(simulation.tunnel(1))
        #expect(tunnel.ipsecUp && tunnel.silent && tunnel.downReason == nil)
        #expect(tunnel.cloudBGP == .established)
        #expect(simulation.bgpTunnels("192.168.0.0/16") == [1, 2])
        #expect(simulation.bgpTunnels("10.0.0.0/16", source: .cloud) == [1, 2])
        #expect(simulation.times("vco-dc1/1", "IPsec down", prefix: true).isEmpty)

        simulation.run(until: down)
        #expect(simulation.times("vco-dc1/1", "IPsec down: DPD timeout") == [down])
        #expect(simulation.times("vco-dc1/1 cloud", "BGP down: TCP connection failed") == [down])
        #expect(simulation.times("vco-dc1/1 dc1", "BGP down: TCP connection failed") == [down])
        tunnel = try #require(simulation.tunnel(1))
        #expect(!tunnel.ipsecUp && tunnel.downReason == .dpdTimeout)
        #expect(tunnel.received == 0 && tunnel.advertised == 0)
        // Only tunnel 2 from now on, both ways.
        for prefix in dcPrefixes { #expect(simulation.bgpTunnels(prefix) == [2]) }
        for prefix in vpcCIDRs { #expect(simulation.bgpTunnels(prefix, source: .cloud) == [2]) }
        #expect(simulation.dataCenterPrefixes(tunnel: 1).isEmpty)
        #expect(simulation.dataCenterPrefixes(tunnel: 2) == vpcCIDRs)
        #expect(simulation.transitRouterPrefixes == vpcCIDRs + dcPrefixes)

        // Nobody brings it back: still down at the end (240 s), tunnel 2 untouched.
        simulation.runToEnd()
        #expect(simulation.now == .seconds(240))
        #expect(simulation.tunnel(1)?.downReason == .dpdTimeout)
        #expect(simulation.bgpTunnels("192.168.0.0/16") == [2])
        #expect(simulation.times("vco-dc1/2 cloud", "BGP down", prefix: true).isEmpty)
    }

    /// DPD off: IPsec stays up and only the BGP hold timers notice the silence.
    ///
    /// Deriving the expiry (see the clock at the top): the data center sends KEEPALIVEs at
    /// 5.010 + K·n and the cloud receives them 5 ms later; the cloud sends at 5.015 + K·n and the
    /// data center receives them at 5.020 + K·n (K = min(30 s, hold / 3)). From 60 s every packet
    /// is lost, including one in flight. The hold timer expires one hold time after the last
    /// KEEPALIVE received:
    /// - hold 90 s, K = 30 s: last KEEPALIVEs received at 35.015 (cloud) and 35.020 (data center);
    ///   the 65.010 and 65.015 ones are lost → expiries at 125.015 and 125.020.
    /// - hold 9 s, K = 3 s: last received at 59.015 (5.015 + 3·18) and 59.020 → 68.015 and 68.020.
    @Test("dpd_timeout with DPD off: the hold timers expire one hold time after the last KEEPALIVE",
          arguments: [(nil, 125.015, 125.020), (9, 68.015, 68.020)] as [(Int?, Double, Double)])
    func holdTimerExpiry(hold: Int?, cloudExpiry: Double, dataCenterExpiry: Double) throws {
        var scenario = try Scenario()
        try scenario.tunnelOptions(1, "\"enable_dpd\": false")
        var simulation = try scenario.simulation(timeline: "[\(event(60, "dpd_timeout"))]",
                                                 simulation: hold.map { #"{"hold_time": \#($0)}"# })
        simulation.run(until: secs(cloudExpiry) - .milliseconds(1))
        #expect(simulation.times("vco-dc1/1 cloud", "BGP Established (hold time \(hold ?? 90) s)") == [secs(5.015)])
        #expect(simulation.times("vco-dc1/1", "event dpd_timeout: the customer gateway stops answering (DPD is off)") == [.seconds(60)])
        #expect(simulation.tunnel(1)?.cloudBGP == .established)
        #expect(simulation.bgpTunnels("192.168.0.0/16") == [1, 2])

        simulation.run(until: secs(cloudExpiry))
        let notification = "NOTIFICATION sent: NOTIFICATION 4/0 Hold Timer Expired/Unspecific"
        #expect(simulation.times("vco-dc1/1 cloud", notification) == [secs(cloudExpiry)])
        #expect(simulation.times("vco-dc1/1 cloud", "BGP down: hold timer expired") == [secs(cloudExpiry)])
        // The cloud forgets tunnel 1's routes at its expiry; the data center has not noticed yet.
        for prefix in dcPrefixes { #expect(simulation.bgpTunnels(prefix) == [2]) }
        #expect(simulation.dataCenterPrefixes(tunnel: 1) == vpcCIDRs)

        simulation.run(until: secs(dataCenterExpiry))
        #expect(simulation.times("vco-dc1/1 dc1", notification) == [secs(dataCenterExpiry)])
        #expect(simulation.times("vco-dc1/1 dc1", "BGP down: hold timer expired") == [secs(dataCenterExpiry)])
        #expect(simulation.dataCenterPrefixes(tunnel: 1).isEmpty)

        simulation.runToEnd()
        // IPsec never went down: the peer is silent, DPD is off.
        #expect(simulation.times("vco-dc1/1", "IPsec down", prefix: true).isEmpty)
        let tunnel = try #require(simulation.tunnel(1))
        #expect(tunnel.ipsecUp && tunnel.silent && tunnel.downReason == nil)
        #expect(tunnel.cloudBGP != .established && tunnel.lastError == "hold timer expired")
        #expect(simulation.bgpTunnels("192.168.0.0/16") == [2])
        #expect(simulation.state().json().rendered(pretty: false).contains(#""vco-dc1/1":{"negotiation":"phase2_succeeded","ipsec":"up","peer_silent":true,"reason":null"#))
    }

    /// A customer gateway that goes silent while IKE is still negotiating: the negotiation fails
    /// (the tunnel does not stay "negotiating" for ever), and tunnel_up brings it back.
    @Test("dpd_timeout during negotiation: peer_not_responding, then tunnel_up recovers")
    func silentWhileNegotiating() throws {
        var simulation = try Scenario().simulation(timeline: "[\(event(0.5, "dpd_timeout")), \(event(100, "tunnel_up"))]")
        simulation.run(until: .seconds(1))
        #expect(simulation.times("vco-dc1/1", "IPsec negotiation failed: peer_not_responding") == [.seconds(1)])
        #expect(simulation.tunnel(1)?.downReason == .negotiation(.peerNotResponding))
        simulation.run(until: .seconds(99))
        #expect(simulation.tunnel(1)?.downReason == .negotiation(.peerNotResponding))
        #expect(simulation.bgpTunnels("192.168.0.0/16") == [2])
        simulation.runToEnd()
        #expect(simulation.times("vco-dc1/1", "IPsec up") == [.seconds(101)])
        #expect(simulation.bgpTunnels("192.168.0.0/16") == [1, 2])
    }

    // MARK: tunnel_down, tunnel_up

    /// tunnel_down withdraws at once; tunnel_up renegotiates (ipsec_negotiation_time), then BGP
    /// waits for the data center's next ConnectRetryTimer. After the failure at 30 s the data
    /// center idles for its IdleHoldTime (5 s, damping), tries at 35 s (lost) and every
    /// ConnectRetryTime after: with 5 s, 40 … 60, 65 → IPsec up at 61, Established at 65.015;
    /// with negotiation 2 s and ConnectRetryTime 4 s: 39 … 59, 63 → IPsec up at 62, Established
    /// at 63.015.
    @Test("tunnel_down then tunnel_up: immediate withdrawal, recovery after negotiation and ConnectRetry",
          arguments: [(nil, 1.0, 5.0, 65.015), (#"{"ipsec_negotiation_time": 2, "connect_retry_time": 4}"#, 2.0, 4.0, 63.015)]
              as [(String?, Double, Double, Double)])
    func tunnelDownAndUp(settings: String?, negotiation: Double, connectRetry: Double, established: Double) throws {
        var simulation = try Scenario().simulation(timeline: "[\(event(30, "tunnel_down")), \(event(60, "tunnel_up"))]", simulation: settings)
        simulation.run(until: .seconds(30))
        #expect(simulation.entries(at: .seconds(30)) == [
            "vco-dc1/1: event tunnel_down", "vco-dc1/1: IPsec down: administratively down",
            "vco-dc1/1 cloud: BGP down: TCP connection failed", "vco-dc1/1 dc1: BGP down: TCP connection failed",
        ])
        #expect(simulation.tunnel(1)?.downReason == .administrativelyDown)
        for prefix in dcPrefixes { #expect(simulation.bgpTunnels(prefix) == [2]) }
        for prefix in vpcCIDRs { #expect(simulation.bgpTunnels(prefix, source: .cloud) == [2]) }
        #expect(simulation.dataCenterPrefixes(tunnel: 1).isEmpty)
        #expect(simulation.transitRouterPrefixes == vpcCIDRs + dcPrefixes)

        simulation.run(until: .seconds(60))
        #expect(simulation.tunnel(1)?.downReason == .negotiating)
        let ipsecUp = secs(60 + negotiation)
        simulation.runToEnd()
        #expect(simulation.times("vco-dc1/1", "IPsec up") == [secs(negotiation), ipsecUp])
        let times = simulation.times("vco-dc1/1 cloud", "BGP Established", prefix: true)
        #expect(times.count == 2)
        let recovered = try #require(times.last)
        // Within one ConnectRetryTime (plus the three 5 ms legs of the handshake) of IPsec coming up.
        #expect(recovered > ipsecUp && recovered <= ipsecUp + secs(connectRetry) + .milliseconds(15))
        #expect(recovered == secs(established))
        #expect(simulation.times("vco-dc1/1 dc1", "BGP Established", prefix: true).last == secs(established) + .milliseconds(5))
        // The routes come back with the UPDATEs, 10 ms after the cloud side is Established.
        var check = try Scenario().simulation(timeline: "[\(event(30, "tunnel_down")), \(event(60, "tunnel_up"))]", simulation: settings)
        check.run(until: secs(established) + .milliseconds(9))
        #expect(check.bgpTunnels("192.168.0.0/16") == [2])
        check.run(until: secs(established) + .milliseconds(10))
        #expect(check.bgpTunnels("192.168.0.0/16") == [1, 2])
        #expect(check.dataCenterPrefixes(tunnel: 1) == vpcCIDRs)
    }

    // MARK: session_reset

    /// The data center resets tunnel 1's session: the cloud receives Cease / Administrative Reset
    /// 5 ms later and withdraws the tunnel's routes; both sides wait their IdleHoldTime (5 s) and
    /// the data center reconnects at 35 s: Established 35.015, routes back at 35.025.
    @Test("session_reset: the cloud logs the Cease / Administrative Reset; the tunnel's routes go and come back")
    func sessionReset() throws {
        var simulation = try Scenario().simulation(timeline: "[\(event(30, "session_reset"))]")
        simulation.run(until: .seconds(30))
        #expect(simulation.entries(at: .seconds(30)) == [
            "vco-dc1/1: event session_reset",
            "vco-dc1/1 dc1: NOTIFICATION sent: NOTIFICATION 6/4 Cease/Administrative Reset",
            "vco-dc1/1 dc1: BGP down: automatic stop",
        ])
        #expect(simulation.bgpTunnels("192.168.0.0/16") == [1, 2])

        simulation.run(until: secs(30.005))
        #expect(simulation.entries(at: secs(30.005)) == ["vco-dc1/1 cloud: BGP down: received NOTIFICATION 6/4 Cease/Administrative Reset"])
        let tunnel = try #require(simulation.tunnel(1))
        #expect(tunnel.ipsecUp && tunnel.cloudBGP != .established)
        #expect(tunnel.lastError == "received NOTIFICATION 6/4 Cease/Administrative Reset")
        for prefix in dcPrefixes { #expect(simulation.bgpTunnels(prefix) == [2]) }
        #expect(simulation.dataCenterPrefixes(tunnel: 1).isEmpty)
        #expect(simulation.dataCenterPrefixes(tunnel: 2) == vpcCIDRs)

        simulation.run(until: secs(35.024))
        #expect(simulation.times("vco-dc1/1 cloud", "BGP Established (hold time 90 s)") == [secs(5.015), secs(35.015)])
        #expect(simulation.bgpTunnels("192.168.0.0/16") == [2])
        simulation.run(until: secs(35.025))
        for prefix in dcPrefixes { #expect(simulation.bgpTunnels(prefix) == [1, 2]) }
        #expect(simulation.dataCenterPrefixes(tunnel: 1) == vpcCIDRs)
        // IPsec was never touched, nor tunnel 2.
        #expect(simulation.times("vco-dc1/1", "IPsec down", prefix: true).isEmpty)
        #expect(simulation.log.filter { $0.subject.hasPrefix("vco-dc1/2") && $0.time > .seconds(6) }.isEmpty)
    }

    // MARK: announce, withdraw

    /// Announcements and withdrawals reach the cloud one link delay (5 ms) later; the TR and BGP
    /// tables change then, not before. A withdrawal of a prefix never announced sends nothing.
    @Test("announce and withdraw on one tunnel and on both: the tables change at t + link delay")
    func announceAndWithdraw() throws {
        let timeline = """
            [
              {"at": 30, "event": "announce", "connection": "vco-dc1", "tunnel": 1, "routes": [{"prefix": "10.50.0.0/16"}]},
              {"at": 40, "event": "announce", "connection": "vco-dc1", "routes": [{"prefix": "10.60.0.0/16", "communities": ["65001:7"]}]},
              {"at": 50, "event": "withdraw", "connection": "vco-dc1", "tunnel": 1, "prefixes": ["10.50.0.0/16"]},
              {"at": 60, "event": "withdraw", "connection": "vco-dc1", "prefixes": ["10.60.0.0/16", "10.99.0.0/16"]},
              {"at": 70, "event": "withdraw", "connection": "vco-dc1", "prefixes": ["10.99.0.0/16"]}
            ]
            """
        var simulation = try Scenario().simulation(timeline: timeline)
        func tr(_ prefix: String) -> [TransitRouterRouteEntry] {
            (simulation.model.tables.transitRouter["vtb-default"] ?? []).filter { $0.prefix.description == prefix }
        }

        // One tunnel.
        simulation.run(until: secs(30.004))
        #expect(simulation.times("vco-dc1", "event announce 10.50.0.0/16 on tunnel 1") == [.seconds(30)])
        #expect(tr("10.50.0.0/16").isEmpty && simulation.bgpTunnels("10.50.0.0/16") == nil)
        simulation.run(until: secs(30.005))
        #expect(simulation.entries(at: secs(30.005)) == ["vco-dc1/1 cloud: UPDATE received: 1 announced, 0 withdrawn"])
        #expect(simulation.bgpTunnels("10.50.0.0/16") == [1])
        #expect(tr("10.50.0.0/16").map(\.nextHopAttachment) == ["tr-attach-vco-dc1"])
        #expect(tr("10.50.0.0/16").first?.asPath == ASPath(sequence: [ASNumber(rawValue: 65001)]))

        // Both tunnels (no `tunnel`).
        simulation.run(until: secs(40.004))
        #expect(simulation.bgpTunnels("10.60.0.0/16") == nil)
        simulation.run(until: secs(40.005))
        #expect(simulation.entries(at: secs(40.005)) == [
            "vco-dc1/1 cloud: UPDATE received: 1 announced, 0 withdrawn", "vco-dc1/2 cloud: UPDATE received: 1 announced, 0 withdrawn",
        ])
        #expect(simulation.bgpTunnels("10.60.0.0/16") == [1, 2])
        #expect(tr("10.60.0.0/16").first?.communities.map(\.description) == ["65001:7"])
        // The cloud does not send the data center's prefixes back to it.
        #expect(simulation.dataCenterPrefixes(tunnel: 1) == vpcCIDRs)

        // Withdraw from one tunnel: it was only there.
        simulation.run(until: secs(50.004))
        #expect(tr("10.50.0.0/16").count == 1)
        simulation.run(until: secs(50.005))
        #expect(simulation.entries(at: secs(50.005)) == ["vco-dc1/1 cloud: UPDATE received: 0 announced, 1 withdrawn"])
        #expect(tr("10.50.0.0/16").isEmpty && simulation.bgpTunnels("10.50.0.0/16") == nil)

        // Withdraw from both, with a prefix never announced: only the known one is withdrawn.
        simulation.run(until: secs(60.005))
        #expect(simulation.entries(at: secs(60.005)) == [
            "vco-dc1/1 cloud: UPDATE received: 0 announced, 1 withdrawn", "vco-dc1/2 cloud: UPDATE received: 0 announced, 1 withdrawn",
        ])
        #expect(tr("10.60.0.0/16").isEmpty && simulation.bgpTunnels("10.60.0.0/16") == nil)

        // Withdraw of an unknown prefix only: harmless, nothing sent, nothing changes.
        let before = simulation.model.tables
        simulation.runToEnd()
        #expect(simulation.log.filter { $0.time > secs(60.005) }.map(\.message) == ["event withdraw 10.99.0.0/16 on tunnel 1, 2"])
        #expect(simulation.model.tables == before)
        #expect(simulation.transitRouterPrefixes == vpcCIDRs + dcPrefixes)
        #expect(simulation.tunnel(1)?.cloudBGP == .established && simulation.tunnel(2)?.cloudBGP == .established)
    }

    // MARK: set

    /// Advertise Routes and association off: the CLOUD rows go at once and the data center loses
    /// the VPC CIDRs one link delay later; back on, it regains them. Propagation off: the TR
    /// default table loses the data center's prefixes at once (no message involved); back on,
    /// regains them; the data center keeps its routes.
    @Test("set: each advanced setting off then on", arguments: AdvancedSetting.allCases)
    func setting(_ setting: AdvancedSetting) throws {
        let key = setting.fileKey
        var simulation = try Scenario().simulation(timeline: """
            [{"at": 30, "event": "set", "connection": "vco-dc1", "setting": "\(key)", "value": false},
             {"at": 60, "event": "set", "connection": "vco-dc1", "setting": "\(key)", "value": true}]
            """)
        simulation.run(until: .seconds(30))
        #expect(simulation.times("vco-dc1", "event set \(key) = false") == [.seconds(30)])
        #expect(simulation.times("vco-dc1", "event set \(key) = true").isEmpty)
        if setting == .propagateDefaultTable {
            #expect(simulation.transitRouterPrefixes == vpcCIDRs)
            #expect(simulation.bgpTunnels("10.0.0.0/16", source: .cloud) == [1, 2])
            simulation.run(until: .seconds(59))
            #expect(simulation.dataCenterPrefixes(tunnel: 1) == vpcCIDRs && simulation.dataCenterPrefixes(tunnel: 2) == vpcCIDRs)
            #expect(simulation.transitRouterPrefixes == vpcCIDRs)
            simulation.run(until: .seconds(60))
            #expect(simulation.transitRouterPrefixes == vpcCIDRs + dcPrefixes)
            // No UPDATE at all: propagation is inside the cloud.
            #expect(simulation.log.filter { $0.time >= .seconds(30) }.count == 2)
        } else {
            #expect(simulation.bgpTunnels("10.0.0.0/16", source: .cloud) == nil)
            #expect(simulation.dataCenterPrefixes(tunnel: 1) == vpcCIDRs)
            simulation.run(until: secs(30.005))
            #expect(simulation.entries(at: secs(30.005)) == [
                "vco-dc1/1 dc1: UPDATE received: 0 announced, 2 withdrawn", "vco-dc1/2 dc1: UPDATE received: 0 announced, 2 withdrawn",
            ])
            #expect(simulation.dataCenterPrefixes(tunnel: 1).isEmpty && simulation.dataCenterPrefixes(tunnel: 2).isEmpty)
            #expect(simulation.transitRouterPrefixes == vpcCIDRs + dcPrefixes)
            simulation.run(until: secs(60.004))
            #expect(simulation.bgpTunnels("10.0.0.0/16", source: .cloud) == [1, 2])
            #expect(simulation.dataCenterPrefixes(tunnel: 1).isEmpty)
            simulation.run(until: secs(60.005))
            #expect(simulation.dataCenterPrefixes(tunnel: 1) == vpcCIDRs && simulation.dataCenterPrefixes(tunnel: 2) == vpcCIDRs)
        }
        simulation.runToEnd()
        #expect(simulation.model.tables == document(of: simulation).model().tables)
    }

    private func document(of simulation: RouteSimulation) -> TopologyDocument {
        var document = simulation.document
        document.timeline = []
        return document
    }

    // MARK: route_map_add, route_map_remove

    /// A RegionOut Deny of 10.0.0.0/16 towards VPN attachments: the CLOUD row goes at once, the
    /// data center loses the prefix 5 ms later; removed, it comes back. Removing a map that does
    /// not exist is logged and changes nothing.
    @Test("route_map_add and route_map_remove: the data center loses and regains 10.0.0.0/16")
    func routeMap() throws {
        var simulation = try Scenario().simulation(timeline: """
            [{"at": 30, "event": "route_map_add", "route_map": {"priority": 10, "transmit_direction": "RegionOut", "map_result": "Deny",
              "destination_instance_types": ["VPN"], "destination_cidr_blocks": ["10.0.0.0/16"]}},
             {"at": 60, "event": "route_map_remove", "priority": 10, "transmit_direction": "RegionOut"},
             {"at": 70, "event": "route_map_remove", "priority": 11, "transmit_direction": "RegionOut"}]
            """)
        simulation.run(until: .seconds(30))
        #expect(simulation.times("tr-demo", "event route_map_add priority 10 RegionOut Deny") == [.seconds(30)])
        #expect(simulation.bgpTunnels("10.0.0.0/16", source: .cloud) == nil)
        #expect(simulation.bgpTunnels("10.1.0.0/16", source: .cloud) == [1, 2])
        #expect(simulation.dataCenterPrefixes(tunnel: 1) == vpcCIDRs)
        simulation.run(until: secs(30.005))
        #expect(simulation.entries(at: secs(30.005)) == [
            "vco-dc1/1 dc1: UPDATE received: 0 announced, 1 withdrawn", "vco-dc1/2 dc1: UPDATE received: 0 announced, 1 withdrawn",
        ])
        #expect(simulation.dataCenterPrefixes(tunnel: 1) == ["10.1.0.0/16"] && simulation.dataCenterPrefixes(tunnel: 2) == ["10.1.0.0/16"])
        // The TR table itself keeps the VPC route (RegionOut filters what goes out to the VPN).
        #expect(simulation.transitRouterPrefixes == vpcCIDRs + dcPrefixes)

        simulation.run(until: secs(60.004))
        #expect(simulation.times("tr-demo", "event route_map_remove priority 10 RegionOut") == [.seconds(60)])
        #expect(simulation.dataCenterPrefixes(tunnel: 1) == ["10.1.0.0/16"])
        simulation.run(until: secs(60.005))
        #expect(simulation.dataCenterPrefixes(tunnel: 1) == vpcCIDRs && simulation.dataCenterPrefixes(tunnel: 2) == vpcCIDRs)

        let tables = simulation.model.tables
        simulation.runToEnd()
        #expect(simulation.times("tr-demo", "event route_map_remove priority 11 RegionOut: no such route map") == [.seconds(70)])
        #expect(simulation.log.filter { $0.time > .seconds(70) }.isEmpty)
        #expect(simulation.model.tables == tables)
    }

    // MARK: Sessions that never come up

    /// A data center in AS 65002 behind customer gateways of AS 65001: the cloud refuses every OPEN
    /// with Bad Peer AS; nothing is learned.
    @Test("Bad Peer AS: never Established, the cloud logs the OPEN error, the TR has no data-center prefix")
    func badPeerAS() throws {
        var scenario = try Scenario()
        try scenario.replace("\"asn\": 65001,", with: "\"asn\": 65002,")
        let document = try scenario.document()
        #expect(document.warnings.map(\.code) == ["data_center_asn_mismatch"])
        var simulation = RouteSimulation(document: document)
        simulation.runToEnd()
        #expect(!simulation.log.contains { $0.message.hasPrefix("BGP Established") })
        let badPeerAS = "NOTIFICATION sent: NOTIFICATION 2/2 OPEN Message Error/Bad Peer AS"
        for tunnel in [1, 2] {
            let sent = simulation.times("vco-dc1/\(tunnel) cloud", badPeerAS)
            // The first OPEN arrives at 5.015; the data center retries after its growing IdleHoldTime.
            #expect(sent.first == secs(5.015) && sent.count > 1)
            #expect(simulation.times("vco-dc1/\(tunnel) dc1", "BGP down: received NOTIFICATION 2/2 OPEN Message Error/Bad Peer AS").first == secs(5.020))
            let state = try #require(simulation.tunnel(tunnel))
            #expect(state.ipsecUp && state.received == 0 && state.advertised == 0)
            #expect(state.cloudBGP != .established && state.dataCenterBGP != .established)
            #expect(state.lastError == "sent NOTIFICATION 2/2 OPEN Message Error/Bad Peer AS")
            #expect(simulation.dataCenterPrefixes(tunnel: tunnel).isEmpty)
        }
        #expect(simulation.transitRouterPrefixes == vpcCIDRs)
        #expect(simulation.model.tables.connections["vco-dc1"]?.bgp.allSatisfy { $0.source == .cloud } == true)
    }

    /// The data center's key for tunnel 2 differs from the cloud's: tunnel 2 never comes up.
    @Test("PSK mismatch on tunnel 2: tunnel 2 down with psk_mismatch, tunnel 1 carries everything")
    func pskMismatch() throws {
        var scenario = try Scenario()
        try scenario.dataCenter(#""tunnels": [{"tunnel_index": 2, "psk": "not-tunnel2-Secret"}]"#)
        var simulation = try scenario.simulation()
        simulation.runToEnd()
        #expect(simulation.entries(at: .seconds(1)) == ["vco-dc1/1: IPsec up", "vco-dc1/2: IPsec negotiation failed: psk_mismatch"])
        let tunnel = try #require(simulation.tunnel(2))
        #expect(!tunnel.ipsecUp && tunnel.downReason == .negotiation(.pskMismatch))
        #expect(tunnel.cloudBGP != .established && tunnel.dataCenterBGP != .established)
        #expect(simulation.log.allSatisfy { !$0.subject.hasPrefix("vco-dc1/2 ") })
        for prefix in dcPrefixes { #expect(simulation.bgpTunnels(prefix) == [1]) }
        for prefix in vpcCIDRs { #expect(simulation.bgpTunnels(prefix, source: .cloud) == [1]) }
        #expect(simulation.dataCenterPrefixes(tunnel: 2).isEmpty)
        #expect(simulation.state().json().rendered(pretty: false).contains(#""vco-dc1/2":{"negotiation":"psk_mismatch","ipsec":"down","peer_silent":false,"reason":"psk_mismatch""#))
    }

    // MARK: Simulation settings

    /// The first session comes up at the first ConnectRetryTimer tick (multiples of
    /// connect_retry_time) at or after IPsec is up, plus three link delays (SYN, OPEN, OPEN +
    /// KEEPALIVE) for the cloud side and four for the data center.
    @Test("simulation settings change the timing of the first session", arguments: [
        (nil, 5.015, 5.020, "90"),
        (#"{"link_delay": 0.05}"#, 5.15, 5.2, "90"),
        (#"{"ipsec_negotiation_time": 3, "connect_retry_time": 2, "link_delay": 0.05}"#, 4.15, 4.2, "90"),
        (#"{"ipsec_negotiation_time": 7.5}"#, 10.015, 10.020, "90"),
        (#"{"hold_time": 30}"#, 5.015, 5.020, "30"),
        (#"{"link_delay": 0}"#, 5, 5, "90"),
    ] as [(String?, Double, Double, String)])
    func settingsChangeTiming(settings: String?, cloud: Double, dataCenter: Double, hold: String) throws {
        var simulation = try Scenario().simulation(simulation: settings)
        simulation.runToEnd()
        #expect(simulation.times("vco-dc1/1 cloud", "BGP Established (hold time \(hold) s)") == [secs(cloud)])
        #expect(simulation.times("vco-dc1/1 dc1", "BGP Established (hold time \(hold) s)") == [secs(dataCenter)])
        #expect(simulation.bgpTunnels("192.168.0.0/16") == [1, 2])
    }

    /// Hold time 0: no KEEPALIVEs and no hold timer, so a silent peer with DPD off is never noticed.
    @Test("hold_time 0: a silent peer is never noticed without DPD")
    func holdTimeZero() throws {
        var scenario = try Scenario()
        try scenario.tunnelOptions(1, "\"enable_dpd\": false")
        var simulation = try scenario.simulation(timeline: "[\(event(60, "dpd_timeout"))]", simulation: #"{"hold_time": 0}"#)
        simulation.runToEnd()
        #expect(simulation.times("vco-dc1/1 cloud", "BGP Established (hold time 0 s)") == [secs(5.015)])
        #expect(simulation.log.last?.time == .seconds(60))
        let tunnel = try #require(simulation.tunnel(1))
        #expect(tunnel.ipsecUp && tunnel.silent && tunnel.cloudBGP == .established)
        #expect(simulation.bgpTunnels("192.168.0.0/16") == [1, 2])
    }

    // MARK: Determinism and the end

    @Test("two runs of a timeline give the same log and the same JSON, byte for byte")
    func determinism() throws {
        let timeline = """
            [\(event(20, "session_reset", tunnel: 2)), \(event(30, "dpd_timeout")), \(event(30, "tunnel_down", tunnel: 2)),
             {"at": 30, "event": "set", "connection": "vco-dc1", "setting": "auto_publish_route_enabled", "value": false},
             {"at": 45.5, "event": "announce", "connection": "vco-dc1", "routes": [{"prefix": "10.70.0.0/16", "med": 5}]},
             \(event(80, "tunnel_up")), \(event(80, "tunnel_up", tunnel: 2)),
             {"at": 90, "event": "set", "connection": "vco-dc1", "setting": "auto_publish_route_enabled", "value": true}]
            """
        let document = try Scenario().document(timeline: timeline)
        var first = RouteSimulation(document: document)
        var second = RouteSimulation(document: document)
        first.runToEnd()
        second.runToEnd()
        #expect(first.log.count > 20)
        #expect(first.log == second.log)
        #expect(first.state().json().rendered() == second.state().json().rendered())
        // Stopping half-way and going on gives the same run as going straight to the end.
        var stepped = RouteSimulation(document: document)
        for seconds in stride(from: 0, through: 270, by: 7) { stepped.run(until: .seconds(seconds)) }
        stepped.runToEnd()
        #expect(stepped.log == first.log)
        #expect(stepped.state().json().rendered() == first.state().json().rendered())
    }

    @Test("the run ends 180 s after the last event or timed expectation, or at simulation.duration")
    func endTime() throws {
        let scenario = try Scenario()
        let expectAt = #"[{"at": 250, "tunnels": {"vco-dc1/1": {"ipsec": "up"}}}, {"tunnels": {"vco-dc1/2": {"ipsec": "up"}}}]"#
        #expect(RouteSimulation(document: try scenario.document()).endTime == .seconds(180))
        #expect(RouteSimulation(document: try scenario.document(timeline: "[\(event(100, "session_reset"))]")).endTime == .seconds(280))
        #expect(RouteSimulation(document: try scenario.document(timeline: "[\(event(100.25, "session_reset")), \(event(7, "session_reset"))]")).endTime
                    == .milliseconds(280_250))
        // A timed expectation later than every event counts; one without `at` does not.
        #expect(RouteSimulation(document: try scenario.document(timeline: "[\(event(100, "session_reset"))]", expect: expectAt)).endTime
                    == .seconds(430))
        #expect(RouteSimulation(document: try scenario.document(expect: #"[{"tunnels": {"vco-dc1/2": {"ipsec": "up"}}}]"#)).endTime
                    == .seconds(180))
        // simulation.duration wins, even over later events: those never happen (a file with such an
        // event is refused, event_after_duration; a document built in code still runs).
        var late = try scenario.document(timeline: "[\(event(100, "tunnel_down"))]", simulation: #"{"duration": 100}"#)
        late.simulation.duration = .seconds(50)
        var short = RouteSimulation(document: late)
        #expect(short.endTime == .seconds(50))
        short.runToEnd()
        #expect(short.now == .seconds(50))
        #expect(!short.log.contains { $0.message == "event tunnel_down" })
        var long = RouteSimulation(document: try scenario.document(simulation: #"{"duration": 1000.5}"#))
        long.runToEnd()
        #expect(long.now == .milliseconds(1_000_500))
    }

    @Test("events at the same time happen in file order")
    func sameTimeInFileOrder() throws {
        var simulation = try Scenario().simulation(timeline: """
            [\(event(30, "tunnel_down", tunnel: 2)), \(event(30, "session_reset")), \(event(10, "tunnel_down")), \(event(30, "tunnel_up"))]
            """)
        simulation.runToEnd()
        let events = simulation.log.filter { $0.message.hasPrefix("event ") }.map { "\($0.time.simulationSeconds) \($0.subject) \($0.message)" }
        #expect(events == ["10 vco-dc1/1 event tunnel_down", "30 vco-dc1/2 event tunnel_down", "30 vco-dc1/1 event session_reset",
                           "30 vco-dc1/1 event tunnel_up"])
    }
}
