// `transit-bgp speak` against BIRD 2.0.12 (issue 15 #3, #4): namespaces `cloud` (the speaker) and
// `dc` (BIRD, AS 65001, a static 192.168.0.0/16) on the bundled dual-tunnel links; enhanced route
// refresh on both sides. Waits are polls with deadlines.

import Foundation
import LabKit
import Testing

private final class BIRDLab {
    static let connection = "vco-dc1"
    let lab: Lab
    let bird: BIRDInstance
    let speaker: SpeakerProcess

    init(lab: Lab) async throws {
        self.lab = lab
        let cloud = try lab.namespace("cloud")
        let dc = try lab.namespace("dc")
        let tunnel1 = try lab.link(cloud, "169.254.10.1/30", dc, "169.254.10.2/30")
        let tunnel2 = try lab.link(cloud, "169.254.20.1/30", dc, "169.254.20.2/30")
        bird = try BIRDInstance(lab: lab, namespace: dc, name: "dc", asn: 65001, remoteAS: 45104, routerID: "10.255.0.2",
                                neighbors: [(tunnel1.bIP, tunnel1.aIP), (tunnel2.bIP, tunnel2.aIP)], networks: ["192.168.0.0/16"])
        let path = try SpeakerTopology.bundled().write(to: "\(lab.directory)/topology.json")
        speaker = try SpeakerProcess(lab: lab, namespace: cloud, topologyPath: path)
        try await bird.start()
        try await speaker.start()
    }

    func waitReady() async throws {
        try await speaker.waitForSessions(timeout: .seconds(30), extraDiagnostics: bird.diagnostics)
        try await speaker.waitUntil("192.168.0.0/16 learned on both tunnels", timeout: .seconds(15)) {
            try self.speaker.routes(of: Self.connection).bgpRows("192.168.0.0/16")
        } until: { $0.first?.tunnels == [1, 2] }
        for index in [1, 2] {
            try await waitUntil("BIRD t\(index) has our 2 routes", timeout: .seconds(15), diagnostics: { self.bird.diagnostics() }) {
                try self.bird.importUpdatesReceived(index)
            } until: { $0 == 2 }
        }
    }
}

private func withBIRDLab(_ body: (BIRDLab) async throws -> Void) async throws {
    let lab = try Lab()
    defer { lab.teardown() }
    let env = try await BIRDLab(lab: lab)
    do {
        try await body(env)
    } catch {
        print("[bird] failed: \(error)\n\(env.speaker.diagnostics())\n\(env.bird.diagnostics())")
        throw error
    }
}

@Suite("Speaker interop (transit-bgp speak against BIRD)", .serialized)
struct BIRDInteropTests {
    @Test("birdc reload out: BIRD's BoRR/EoRR are not refresh requests, we re-send nothing (RFC 7313, issue 15 #3)")
    func reloadOutSendsNothingBack() async throws {
        try await withBIRDLab { env in
            try await env.waitReady()
            _ = try env.bird.birdc(["reload", "out", "t1"])
            // BIRD's re-sent table arrives (its markers counted as route refreshes received by us).
            try await env.speaker.waitUntil("BIRD's EoRR in our log", timeout: .seconds(10)) {
                env.speaker.log()
            } until: { $0.contains("End of Route Refresh received (ipv4-unicast)") }
            #expect(try env.bird.importUpdatesReceived(1) == 2)
            #expect(try env.speaker.routes(of: BIRDLab.connection).bgpRows("192.168.0.0/16").first?.tunnels == [1, 2])
        }
    }

    @Test("birdc reload in: BIRD asks, we answer with our table framed by BoRR/EoRR (issue 15 #4)")
    func reloadInIsAnswered() async throws {
        try await withBIRDLab { env in
            try await env.waitReady()
            _ = try env.bird.birdc(["reload", "in", "t1"])
            try await waitUntil("BIRD re-imports our 2 routes", timeout: .seconds(10), diagnostics: { env.speaker.diagnostics() }) {
                try env.bird.importUpdatesReceived(1)
            } until: { $0 == 4 }
            #expect(try env.bird.state(1) == "Established")
            #expect(env.speaker.log().contains("ROUTE-REFRESH received (ipv4-unicast): re-sent 2 routes"))
        }
    }
}
