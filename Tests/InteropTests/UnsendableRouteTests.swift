// Issue 15 #1 against a real peer: a route too large to encode for GoBGP (no Extended Message,
// RFC 8654) is withheld and counted, and the other routes still go out. The scripted peer on
// vco-dc1 tunnel 1 negotiates Extended Message with us and announces 172.16.90.0/24 with 1,100
// communities (4,400 octets of COMMUNITIES: the UPDATE toward a 4,096-octet peer cannot be built)
// and a plain 172.16.91.0/24; GoBGP is vco-dc2's data center (AS 65002) and receives what the
// transit router passes on (a variant of the bundled two-data-centers topology with a user egress
// route map permitting VPN-sourced routes to vco-dc2, as in AttributePassThroughTests).

import Foundation
import LabKit
import Testing

@Suite("A route too large for the peer is withheld, the others go out (GoBGP)", .serialized)
struct UnsendableRouteTests {
    @Test("1,100 communities toward GoBGP without Extended Message: withheld, unsendable_prefixes 1 with the reason; the plain route arrives")
    func oversizedRouteIsWithheld() async throws {
        let lab = try Lab()
        defer { lab.teardown() }
        let cloud = try lab.namespace("cloud")
        let dc1 = try lab.namespace("dc1")
        let dc2 = try lab.namespace("dc2")
        var links: [VethPair] = []
        for (third, dc) in [(10, dc1), (20, dc1), (30, dc2), (40, dc2)] {
            links.append(try lab.link(cloud, "169.254.\(third).1/30", dc, "169.254.\(third).2/30"))
        }
        var topology = try SpeakerTopology.bundled("two-data-centers")
        var router = topology.root["transit_router"] as? [String: Any] ?? [:]
        router["route_maps"] = [[
            "priority": 10, "transmit_direction": "RegionOut", "map_result": "Permit",
            "source_instance_types": ["VPN"], "destination_instance_ids": ["tr-attach-vco-dc2"],
            "description": "data center routes to dc2",
        ]]
        topology.root["transit_router"] = router
        topology.root["expect"] = nil
        let path = try topology.write(to: "\(lab.directory)/topology.json")
        let gobgp = try GoBGPInstance(lab: lab, namespace: dc2, name: "dc2", asn: 65002, remoteAS: 45104, routerID: "10.255.0.3",
                                      neighbors: [links[2].aIP, links[3].aIP])
        try await gobgp.start()
        let speaker = try SpeakerProcess(lab: lab, namespace: cloud, topologyPath: path, extraArguments: ["--passive"])
        try await speaker.start()
        let communities = (1 ... 1_100).map { [65001, $0] }
        let announcer = try ScriptedPeer.start(
            in: dc1, lab: lab, local: "169.254.10.2", remote: "169.254.10.1",
            steps: [["send": ["open": ["asn": 65001, "hold": 90, "id": "10.255.0.2", "extended": true]]],
                    ScriptedPeer.awaiting("open"), ScriptedPeer.awaiting("keepalive"), ScriptedPeer.keepalive,
                    ["send": ["update": ["nlri": ["172.16.90.0/24"], "communities": communities]]],
                    ["send": ["update": ["nlri": ["172.16.91.0/24"]]]],
                    ["collect": 40]],
            timeout: .seconds(45), name: "dc1-peer")
        defer { announcer.stop(grace: .seconds(1)) }
        do {
            try await speaker.waitForSessions(connection: "vco-dc2", timeout: .seconds(30), extraDiagnostics: gobgp.diagnostics)
            let learned = try await speaker.waitUntil("both routes learned from dc1", timeout: .seconds(15)) {
                try ["172.16.90.0/24", "172.16.91.0/24"].map { try speaker.routes(of: "vco-dc1").bgpRows($0) }
            } until: { $0.allSatisfy { !$0.isEmpty } }
            #expect(learned[0].first?.communities.count == 1_100)
            try await waitUntil("GoBGP has the plain route", timeout: .seconds(15), diagnostics: { speaker.diagnostics() + gobgp.diagnostics() }) {
                try gobgp.ribPrefixes()
            } until: { $0.contains("172.16.91.0/24") }
            let sessions = try await speaker.waitUntil("the oversized route counted as unsendable toward dc2", timeout: .seconds(10)) {
                try speaker.sessions().filter { $0.connection == "vco-dc2" }
            } until: { $0.count == 2 && $0.allSatisfy { $0.unsendablePrefixes == 1 } }
            #expect(sessions.allSatisfy { $0.unsendableReason?.isEmpty == false }, "\(sessions)")
            #expect(!(try gobgp.ribPrefixes()).contains("172.16.90.0/24"))
            // Never counted as advertised: what GoBGP holds from us is what we say we advertised.
            let atGoBGP = try gobgp.ribPrefixes()
            #expect(sessions.allSatisfy { $0.advertisedPrefixes == atGoBGP.count }, "\(sessions) GoBGP: \(atGoBGP)")
            #expect(try [links[2].aIP, links[3].aIP].map { try gobgp.sessionState($0) } == [6, 6])
            #expect(speaker.isRunning)
        } catch {
            print("[unsendable] failed: \(error)\n\(speaker.diagnostics())\n\(gobgp.diagnostics())")
            throw error
        }
    }
}
