// `transit-bgp gateway`: the cloud side only (strongSwan + our speaker) on an interface, with FRR +
// strongSwan in another namespace standing in for a user's own router, configured exactly as
// `transit-bgp config … --format strongswan|frr` prints.

import Foundation
import LabKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Emulated gateway (transit-bgp gateway) against FRR + strongSwan as the user's router")
struct GatewayTests {
    @Test("dual-tunnel-bgp: the user's router brings up both IPsec tunnels and both BGP sessions against the gateway")
    func userRouterConnects() async throws {
        let lab = try Lab()
        defer { lab.teardown() }
        let topology = "\(SpeakerBinary.repositoryRoot)/Topologies/dual-tunnel-bgp/topology.json"
        let binary = try SpeakerBinary.locate()
        let cloud = try lab.namespace("gw")
        let router = try lab.namespace("router")
        // The "Internet": the gateway's interface (the topology's first tunnel gateway IP; the gateway
        // adds the second itself) and the router with both customer gateway addresses.
        try lab.link(cloud, "198.51.100.1/24", router, "203.0.113.10/24", interface: "uplink")
        try router.runChecked([lab.ipPath, "addr", "add", "203.0.113.20/24", "dev", "uplink"])
        try cloud.runChecked([lab.ipPath, "route", "add", "203.0.113.0/24", "dev", "uplink"])
        try router.runChecked([lab.ipPath, "route", "add", "198.51.100.0/24", "dev", "uplink"])
        for address in ["169.254.10.2/32", "169.254.20.2/32"] {
            try router.runChecked([lab.ipPath, "addr", "add", address, "dev", "lo"])
        }

        let directory = "\(lab.directory)/gateway"
        let gateway = try lab.spawn(in: cloud, [binary, "gateway", topology, "--underlay", "uplink", "--address", "198.51.100.1",
                                                "--address", "198.51.100.2", "--dir", directory], name: "gateway")
        try await waitUntil("the gateway is up", timeout: .seconds(30), diagnostics: { LabCommand.tail(ofFile: "\(lab.directory)/gateway.log") }) {
            guard gateway.isAlive else { throw LabError("gateway exited: \(LabCommand.tail(ofFile: "\(lab.directory)/gateway.log"))") }
            return ((try? String(contentsOfFile: "\(lab.directory)/gateway.log", encoding: .utf8)) ?? "").contains("transit-bgp gateway: up")
        }

        // The user's router: the downloaded configurations, unchanged (the BGP part of frr.conf for bgpd alone).
        let swanctl = try LabCommand.run([binary, "config", topology, "vco-dc1", "--format", "strongswan"]).check().stdout
        let swanctlPath = "\(lab.directory)/router-swanctl.conf"
        try swanctl.write(toFile: swanctlPath, atomically: true, encoding: .utf8)
        let strongSwan = try StrongSwanInstance(lab: lab, namespace: router, name: "router-ipsec", backend: .libipsec,
                                                retransmission: .lab)
        try await strongSwan.start()
        let load = try strongSwan.loadAll(file: swanctlPath)
        #expect(load.refusal == nil, "\(load)")
        let frrText = try LabCommand.run([binary, "config", topology, "vco-dc1", "--format", "frr"]).check().stdout
        let bgpOnly = frrText.split(separator: "\n", omittingEmptySubsequences: false).filter { line in
            !line.hasPrefix(" ip address ") && !line.hasPrefix("ip route ") && line != "service integrated-vtysh-config"
        }
        let frr = try FRRInstance(lab: lab, namespace: router, name: "router",
                                  config: FRRConfig(hostname: "dc1", routerID: "169.254.10.2", localAS: 65001))
        frr.configText = "log file \(frr.logPath) informational\n" + bgpOnly.joined(separator: "\n")
        try await frr.start()

        // The topology gives both tunnels' gateway IPs, so the user's router initiates to them (the
        // downloaded file, unchanged); both SAs come up on the router's side.
        try await waitUntil("both tunnels' SAs installed on the user's router", timeout: .seconds(40),
                            diagnostics: strongSwan.diagnostics) {
            let sas = try strongSwan.securityAssociations()
            return ["vco-dc1-tunnel1", "vco-dc1-tunnel2"].allSatisfy { name in
                sas.contains { $0.name == name && $0.state == "ESTABLISHED" && $0.children.contains { $0.state == "INSTALLED" } }
            }
        }
        for address in ["169.254.10.1", "169.254.20.1"] {
            try await frr.waitForState(neighbor: address, timeout: .seconds(40))
        }
        // The cloud's VPC routes reach the router over both tunnels.
        try await frr.waitForPaths("10.0.0.0/16", count: 2, timeout: .seconds(30))
        let sessions = try LooseJSON.object(
            try LabCommand.run([binary, "show", "sessions", "--json", "--control", "\(directory)/speaker.sock"]).check().stdout,
            what: "show sessions --json")
        let states = (sessions["sessions"] as? [[String: Any]] ?? []).map { $0["state"] as? String }
        #expect(states == ["established", "established"], "\(sessions)")

        // SIGTERM: the gateway stops charon and the speaker and removes nothing it did not add.
        gateway.stop(grace: .seconds(10))
        #expect(gateway.reap() == 0, "\(LabCommand.tail(ofFile: "\(lab.directory)/gateway.log"))")
        #expect(try cloud.ipv4Addresses().contains("198.51.100.1/24"))
        #expect(!(try cloud.ipv4Addresses().contains { $0.hasPrefix("198.51.100.2/") }))
        #expect(!(try cloud.ipv4Addresses().contains("169.254.10.1/32")))
    }
}
