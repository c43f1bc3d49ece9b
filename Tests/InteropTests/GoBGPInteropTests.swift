// `transit-bgp speak` against GoBGP 3.10: namespaces `cloud` (the speaker) and `dc` (gobgpd, AS
// 65001) on the bundled dual-tunnel links; a route GoBGP announces with many communities.

import Foundation
import LabKit
import Testing

@Suite("Speaker interop (transit-bgp speak against GoBGP)", .serialized)
struct GoBGPInteropTests {
    @Test("established on both tunnels; a route with 500 communities is learned with all of them; GoBGP has our routes")
    func establishedAndManyCommunities() async throws {
        let lab = try Lab()
        defer { lab.teardown() }
        let cloud = try lab.namespace("cloud")
        let dc = try lab.namespace("dc")
        let tunnel1 = try lab.link(cloud, "169.254.10.1/30", dc, "169.254.10.2/30")
        let tunnel2 = try lab.link(cloud, "169.254.20.1/30", dc, "169.254.20.2/30")
        let gobgp = try GoBGPInstance(lab: lab, namespace: dc, name: "dc", asn: 65001, remoteAS: 45104, routerID: "10.255.0.2",
                                      neighbors: [tunnel1.aIP, tunnel2.aIP])
        let path = try SpeakerTopology.bundled().write(to: "\(lab.directory)/topology.json")
        let speaker = try SpeakerProcess(lab: lab, namespace: cloud, topologyPath: path)
        try await gobgp.start()
        try await speaker.start()
        do {
            try await speaker.waitForSessions(timeout: .seconds(30), extraDiagnostics: gobgp.diagnostics)
            let communities = (1 ... 500).map { "65001:\($0)" }.joined(separator: ",")
            _ = try gobgp.gobgp(["global", "rib", "add", "-a", "ipv4", "172.16.80.0/24", "community", communities])
            let rows = try await speaker.waitUntil("172.16.80.0/24 learned on both tunnels", timeout: .seconds(15)) {
                try speaker.routes(of: "vco-dc1").bgpRows("172.16.80.0/24")
            } until: { $0.first?.tunnels == [1, 2] }
            #expect(rows.first?.communities.count == 500, "\(rows)")
            try await waitUntil("GoBGP has our 2 VPC routes", timeout: .seconds(15), diagnostics: { gobgp.diagnostics() }) {
                try gobgp.ribPrefixes()
            } until: { Set(["10.0.0.0/16", "10.1.0.0/16"]).isSubset(of: Set($0)) }
        } catch {
            print("[gobgp] failed: \(error)\n\(speaker.diagnostics())\n\(gobgp.diagnostics())")
            throw error
        }
    }
}
