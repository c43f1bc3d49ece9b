// Attributes a route carries through the transit router to another data center (issue 15 matrix:
// large communities, unknown transitive attribute passed on). The scripted peer on vco-dc1 tunnel 1
// announces 172.16.70.0/24 with LARGE_COMMUNITIES (RFC 8092) and an unknown optional transitive
// attribute (type 250, RFC 4271 §5: passed on with the Partial bit set); a second scripted peer on
// vco-dc2 tunnel 1 reads what the speaker exports to it.
//
// TODO(engine): disabled until the cloud engine carries a route's full attributes to the export
// (the lead's CloudModel rebuild): today a `CLOUD` row holds only the AS path and the communities,
// so both attributes are dropped on the way. Enable both tests when `CloudModelAdapter.offered`
// can return the route's attributes.

import Foundation
import LabKit
import Testing

@Suite("Attributes passed on to another data center", .serialized)
struct AttributePassThroughTests {
    /// Runs the two peers against the bundled two-data-centers topology and returns the hex bodies
    /// of the UPDATEs the speaker sent to dc2.
    private func updatesAtDC2() async throws -> [String] {
        let lab = try Lab()
        defer { lab.teardown() }
        let cloud = try lab.namespace("cloud")
        let dc1 = try lab.namespace("dc1")
        let dc2 = try lab.namespace("dc2")
        for (third, dc) in [(10, dc1), (20, dc1), (30, dc2), (40, dc2)] {
            try lab.link(cloud, "169.254.\(third).1/30", dc, "169.254.\(third).2/30")
        }
        let path = try SpeakerTopology.bundled("two-data-centers").write(to: "\(lab.directory)/topology.json")
        let speaker = try SpeakerProcess(lab: lab, namespace: cloud, topologyPath: path, extraArguments: ["--passive"])
        try await speaker.start()
        let large = "c0200c" + "0000fde9" + "00000001" + "00000002"  // LARGE_COMMUNITIES 65001:1:2
        let unknown = "c0fa03" + "abcdef"  // optional transitive type 250
        let announcer = try ScriptedPeer.start(
            in: dc1, lab: lab, local: "169.254.10.2", remote: "169.254.10.1",
            steps: ScriptedPeer.establish() + [["send": ["update": ["nlri": ["172.16.70.0/24"], "attributes_hex": large + unknown]]],
                                               ["collect": 40]], timeout: .seconds(45), name: "dc1-peer")
        let reader = try ScriptedPeer.start(
            in: dc2, lab: lab, local: "169.254.30.2", remote: "169.254.30.1",
            steps: [ScriptedPeer.open(asn: 65002), ScriptedPeer.awaiting("open"), ScriptedPeer.awaiting("keepalive"),
                    ScriptedPeer.keepalive, ["collect": 40]], timeout: .seconds(45), name: "dc2-peer")
        try await speaker.waitUntil("172.16.70.0/24 learned from dc1", timeout: .seconds(15)) {
            try speaker.routes(of: "vco-dc1").bgpRows("172.16.70.0/24")
        } until: { !$0.isEmpty }
        try await waitUntil("dc2 received 172.16.70.0/24", timeout: .seconds(15)) {
            ScriptedPeer.events(from: reader).compactMap { $0.fields["body"] }
        } until: { $0.contains { $0.hasSuffix("18ac1046") } }  // NLRI 172.16.70.0/24
        announcer.stop(grace: .seconds(1))
        reader.stop(grace: .seconds(1))
        return ScriptedPeer.events(from: reader).compactMap { $0.fields["body"] }
    }

    @Test("large communities (RFC 8092) are passed on", .disabled("TODO(engine): needs full attributes in the cloud engine's export"))
    func largeCommunities() async throws {
        let bodies = try await updatesAtDC2()
        #expect(bodies.contains { $0.contains("0000fde90000000100000002") }, "\(bodies)")
    }

    @Test("an unknown optional transitive attribute is passed on, Partial set (RFC 4271 §5)",
          .disabled("TODO(engine): needs full attributes in the cloud engine's export"))
    func unknownTransitive() async throws {
        let bodies = try await updatesAtDC2()
        #expect(bodies.contains { $0.contains("e0fa03abcdef") }, "\(bodies)")
    }
}
