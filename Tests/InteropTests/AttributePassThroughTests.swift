// Attributes a route carries through the transit router to another data center (issue 15 matrix,
// issue 13 export rules on the real speaker). The scripted peer on vco-dc1 tunnel 1 announces
// three prefixes; a second scripted peer on vco-dc2 tunnel 1 reads what the speaker exports to it:
// - 172.16.70.0/24, ORIGIN EGP, with LARGE_COMMUNITIES (RFC 8092) and an unknown optional
//   transitive attribute (type 250, RFC 4271 §5: passed on with the Partial bit set);
// - 172.16.71.0/24 with NO_EXPORT (RFC 1997: never sent to dc2);
// - 172.16.72.0/24, ORIGIN INCOMPLETE (kept as received).
// Routes learned from one VPN attachment reach another only through a user egress route map
// ranked above the system Reject 5000 (reference §1b), so the test runs a variant of the bundled
// two-data-centers topology with such a map.

import Foundation
import LabKit
import Testing

@Suite("Attributes passed on to another data center", .serialized)
struct AttributePassThroughTests {
    /// NLRI 172.16.7x.0/24 as it ends an UPDATE body.
    private static func nlri(_ third: Int) -> String { "18ac10" + String(format: "%02x", third) }

    /// The bundled two-data-centers topology plus a user egress route map permitting VPN-sourced
    /// routes to vco-dc2's attachment (Topologies/README.md, `route_maps[]`).
    static func topology() throws -> SpeakerTopology {
        var topology = try SpeakerTopology.bundled("two-data-centers")
        var router = topology.root["transit_router"] as? [String: Any] ?? [:]
        router["route_maps"] = [[
            "priority": 10, "transmit_direction": "RegionOut", "map_result": "Permit",
            "source_instance_types": ["VPN"], "destination_instance_ids": ["tr-attach-vco-dc2"],
            "description": "data center routes to dc2",
        ]]
        topology.root["transit_router"] = router
        // The bundled expectations describe the topology without the map.
        topology.root["expect"] = nil
        return topology
    }

    /// Runs the two peers against the topology and returns the hex bodies of the UPDATEs the
    /// speaker sent to dc2, once the last announced prefix got there.
    private static func updatesAtDC2() async throws -> [String] {
        let lab = try Lab()
        defer { lab.teardown() }
        let cloud = try lab.namespace("cloud")
        let dc1 = try lab.namespace("dc1")
        let dc2 = try lab.namespace("dc2")
        for (third, dc) in [(10, dc1), (20, dc1), (30, dc2), (40, dc2)] {
            try lab.link(cloud, "169.254.\(third).1/30", dc, "169.254.\(third).2/30")
        }
        let path = try topology().write(to: "\(lab.directory)/topology.json")
        let speaker = try SpeakerProcess(lab: lab, namespace: cloud, topologyPath: path, extraArguments: ["--passive"])
        try await speaker.start()
        let large = "c0200c" + "0000fde9" + "00000001" + "00000002"  // LARGE_COMMUNITIES 65001:1:2
        let unknown = "c0fa03" + "abcdef"  // optional transitive type 250
        let announcer = try ScriptedPeer.start(
            in: dc1, lab: lab, local: "169.254.10.2", remote: "169.254.10.1",
            steps: ScriptedPeer.establish() + [
                ["send": ["update": ["nlri": ["172.16.71.0/24"], "communities": [[65535, 65281]]]]],  // NO_EXPORT
                ["send": ["update": ["nlri": ["172.16.70.0/24"], "origin": 1, "attributes_hex": large + unknown]]],
                ["send": ["update": ["nlri": ["172.16.72.0/24"], "origin": 2]]],
                ["collect": 40],
            ], timeout: .seconds(45), name: "dc1-peer")
        let reader = try ScriptedPeer.start(
            in: dc2, lab: lab, local: "169.254.30.2", remote: "169.254.30.1",
            steps: [ScriptedPeer.open(asn: 65002), ScriptedPeer.awaiting("open"), ScriptedPeer.awaiting("keepalive"),
                    ScriptedPeer.keepalive, ["collect": 40]], timeout: .seconds(45), name: "dc2-peer")
        try await speaker.waitUntil("172.16.70-72.0/24 learned from dc1", timeout: .seconds(15)) {
            try ["172.16.70.0/24", "172.16.71.0/24", "172.16.72.0/24"].map { try speaker.routes(of: "vco-dc1").bgpRows($0) }
        } until: { $0.allSatisfy { !$0.isEmpty } }
        try await waitUntil("dc2 received 172.16.70.0/24 and 172.16.72.0/24", timeout: .seconds(15)) {
            ScriptedPeer.events(from: reader).compactMap { $0.fields["body"] }
        } until: { bodies in [70, 72].allSatisfy { third in bodies.contains { $0.hasSuffix(nlri(third)) } } }
        announcer.stop(grace: .seconds(1))
        reader.stop(grace: .seconds(1))
        return ScriptedPeer.events(from: reader).compactMap { $0.fields["body"] }
    }

    /// One lab run for every test of the suite.
    private static let bodies = Task { try await updatesAtDC2() }

    /// The body of the UPDATE that announced 172.16.`third`.0/24.
    private static func announcement(_ third: Int, in bodies: [String]) -> String? {
        bodies.last { $0.hasSuffix(nlri(third)) }
    }

    @Test("large communities (RFC 8092) are passed on")
    func largeCommunities() async throws {
        let bodies = try await Self.bodies.value
        #expect(Self.announcement(70, in: bodies)?.contains("c0200c0000fde90000000100000002") == true, "\(bodies)")
    }

    @Test("an unknown optional transitive attribute is passed on, Partial set (RFC 4271 §5)")
    func unknownTransitive() async throws {
        let bodies = try await Self.bodies.value
        #expect(Self.announcement(70, in: bodies)?.contains("e0fa03abcdef") == true, "\(bodies)")
    }

    @Test("a NO_EXPORT route is not sent to the other data center (RFC 1997)")
    func noExport() async throws {
        let bodies = try await Self.bodies.value
        #expect(Self.announcement(70, in: bodies) != nil, "\(bodies)")
        #expect(!bodies.contains { $0.contains(Self.nlri(71)) }, "\(bodies)")
    }

    @Test("ORIGIN EGP and INCOMPLETE are kept as received (RFC 4271 §5.1.1)")
    func originKept() async throws {
        let bodies = try await Self.bodies.value
        #expect(Self.announcement(70, in: bodies)?.contains("40010101") == true, "\(bodies)")
        #expect(Self.announcement(72, in: bodies)?.contains("40010102") == true, "\(bodies)")
    }
}
