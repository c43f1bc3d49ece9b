// `transit-bgp lab` with IPsec (the default): strongSwan (kernel-libipsec) in every namespace, the
// data center running the generated swanctl.conf, BGP through ESP.
//
// - dual-tunnel-bgp: both IKE SAs ESTABLISHED on both sides, both sessions Established, and a
//   capture on the underlay while the sessions restart holds only IKE and ESP-in-UDP (no TCP/179 in
//   the clear); a silent gateway: dead peer detection takes the tunnel down and the speaker hears
//   it from charon's updown script, then the tunnel and its session come back;
// - ipsec-negotiation-faults: `verify --lab` checks every steady-state block live (none skipped).

import Foundation
import LabKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

@Suite("Lab with IPsec (strongSwan kernel-libipsec, BGP through ESP)", .serialized)
struct IPsecLabTests {
    static func path(_ topology: String) -> String {
        "\(SpeakerBinary.repositoryRoot)/Topologies/\(topology)/topology.json"
    }

    static func run(_ arguments: [String], timeout: Duration = .seconds(240)) throws -> CommandResult {
        try LabCommand.run([try SpeakerBinary.locate()] + arguments, timeout: timeout)
    }

    static func id(_ directory: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in directory.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return String(format: "%08x", hash)
    }

    static func status(_ topology: String, _ directory: String) throws -> [[String: Any]] {
        let result = try run(["lab", "status", topology, "--dir", directory, "--json"], timeout: .seconds(30))
        let object = try LooseJSON.object(result.stdout, what: "lab status --json (exit \(result.status), \(result.stderr))")
        return object["tunnels"] as? [[String: Any]] ?? []
    }

    static func sessions(_ directory: String) throws -> [String: [String: Any]] {
        let text = try run(["show", "sessions", "--json", "--control", "\(directory)/speaker.sock"], timeout: .seconds(15)).check().stdout
        var result: [String: [String: Any]] = [:]
        for session in (try LooseJSON.object(text, what: "show sessions --json")["sessions"] as? [[String: Any]]) ?? [] {
            result["\(session["connection"] ?? "?")/\(LooseJSON.int(session["tunnel"]) ?? 0)"] = session
        }
        return result
    }

    /// The data center's own view of its SAs (its charon, through its vici socket).
    static func dataCenterSAs(_ directory: String, role: String) throws -> [IKESecurityAssociation] {
        let charon = try Charon(directory: "\(directory)/\(role)-ipsec", backend: .libipsec)
        return try charon.securityAssociations()
    }

    @Test("dual-tunnel-bgp: both IKE SAs ESTABLISHED, both sessions Established, only IKE and ESP-in-UDP on the underlay; DPD through updown")
    func dualTunnelThroughESP() async throws {
        let topology = Self.path("dual-tunnel-bgp")
        let directory = "/tmp/tbgplab-t\(getpid())-ipsec"
        defer { _ = try? Self.run(["lab", "down", topology, "--dir", directory], timeout: .seconds(60)) }
        let up = try Self.run(["lab", "up", topology, "--dir", directory, "--wait", "90"])
        #expect(up.succeeded, "\(up)")

        // Both ends: IKE ESTABLISHED, CHILD_SA INSTALLED in UDP encapsulation, BGP Established.
        let rows = try Self.status(topology, directory)
        #expect(rows.count == 2)
        for row in rows {
            let ipsec = row["ipsec"] as? [String: Any] ?? [:]
            #expect(ipsec["ike_sa"] as? String == "ESTABLISHED", "\(row)")
            #expect(ipsec["child_sa"] as? String == "INSTALLED", "\(row)")
            #expect(ipsec["negotiation"] as? String == "phase2_succeeded", "\(row)")
            #expect((row["cloud"] as? [String: Any])?["state"] as? String == "established", "\(row)")
            #expect((row["data_center"] as? [String: Any])?["state"] as? String == "established", "\(row)")
        }
        let dataCenter = try Self.dataCenterSAs(directory, role: "dc1")
        for name in ["vco-dc1-tunnel1", "vco-dc1-tunnel2"] {
            let sa = dataCenter.first { $0.name == name && $0.state == "ESTABLISHED" }
            #expect(sa?.version == 2, "\(name): \(dataCenter)")
            #expect(sa?.children.first?.state == "INSTALLED", "\(name): \(dataCenter)")
            #expect(sa?.children.first?.mode == "TUNNEL-in-UDP", "\(name): \(dataCenter)")
        }

        // Capture on the data center's underlay while both sessions restart (TCP handshake, OPEN,
        // UPDATEs, KEEPALIVEs all cross it), then count what is not IKE or ESP-in-UDP.
        let namespace = "tbgplab-\(Self.id(directory))-dc1"
        let ip = try LabCommand.ipPath()
        let tcpdump = try LabCommand.locate("tcpdump", candidates: ["/usr/bin/tcpdump", "/usr/sbin/tcpdump"])
        let capture = "\(directory)/underlay.pcap"
        let capturing = try LabCommand.spawn([ip, "netns", "exec", namespace, tcpdump, "-ni", "wan", "-U", "-w", capture],
                                             stdoutPath: "\(directory)/tcpdump.log", stderrPath: "\(directory)/tcpdump.log")
        defer { LabCommand.stop(capturing) }
        try await waitUntil("tcpdump listens on wan", timeout: .seconds(10)) {
            ((try? String(contentsOfFile: "\(directory)/tcpdump.log", encoding: .utf8)) ?? "").contains("listening on")
        }
        let vtysh = try FRRInstance.locateVtysh()
        try LabCommand.run([vtysh, "--vty_socket", "\(directory)/dc1", "-d", "bgpd", "-c", "clear bgp *"]).check()
        // First the sessions go down (at least the IdleHoldTimer, 1 s): without this wait a poll
        // that comes before the speaker read the Cease ends the capture before the restart.
        try await waitUntil("a session down after clear bgp *", timeout: .seconds(20), poll: .milliseconds(50)) {
            try Self.sessions(directory).values.contains { $0["state"] as? String != "established" }
        }
        try await waitUntil("both sessions Established again after clear bgp *", timeout: .seconds(60), poll: .milliseconds(250)) {
            let sessions = try Self.sessions(directory)
            return sessions.count == 2 && sessions.values.allSatisfy { $0["state"] as? String == "established" }
                && sessions.values.allSatisfy { LooseJSON.int($0["received_prefixes"]) == 2 }
        }
        LabCommand.stop(capturing)
        func count(_ filter: String) throws -> Int {
            let result = try LabCommand.run([tcpdump, "-nr", capture, filter]).check()
            return result.stdout.split(separator: "\n").count
        }
        let esp = try count("udp port 4500")
        let bgpInClear = try count("tcp port 179")
        let other = try count("ip and not (udp port 500 or udp port 4500)")
        #expect(esp > 10, "ESP-in-UDP packets captured: \(esp)")
        #expect(bgpInClear == 0, "TCP/179 in the clear on the underlay: \(bgpInClear)")
        #expect(other == 0, "IPv4 packets other than IKE/ESP-in-UDP on the underlay: \(other)")

        // A silent gateway: DPD (dpd_delay 10 s + 4/6/9 s retransmits) takes tunnel 1 down and
        // charon's updown tells the speaker; tunnel 2 stays up.
        let clock = ContinuousClock()
        let silenced = clock.now
        try Self.run(["lab", "fault", topology, "vco-dc1/1", "silent", "--dir", directory]).check()
        try await waitUntil("the speaker hears that tunnel 1 went down", timeout: .seconds(50), poll: .milliseconds(250)) {
            try Self.sessions(directory)["vco-dc1/1"]?["tunnel_up"] as? Bool == false
        }
        let detected = clock.now - silenced
        #expect(detected > .seconds(15) && detected < .seconds(40), "DPD after \(detected)")
        let updown = (try? String(contentsOfFile: "\(directory)/updown.log", encoding: .utf8)) ?? ""
        #expect(updown.contains("down-client vco-dc1/1"), "updown.log:\n\(updown)")
        #expect(try Self.sessions(directory)["vco-dc1/2"]?["state"] as? String == "established")
        let down = try Self.status(topology, directory).first { $0["tunnel"] as? String == "vco-dc1/1" }
        #expect((down?["ipsec"] as? [String: Any])?["reason"] as? String == "dpd_timeout", "\(down ?? [:])")

        try Self.run(["lab", "fault", topology, "vco-dc1/1", "answer", "--dir", directory]).check()
        try await waitUntil("tunnel 1's IPsec and session come back", timeout: .seconds(60), poll: .milliseconds(250)) {
            let session = try Self.sessions(directory)["vco-dc1/1"]
            return session?["tunnel_up"] as? Bool == true && session?["state"] as? String == "established"
        }
        #expect(((try? String(contentsOfFile: "\(directory)/updown.log", encoding: .utf8)) ?? "")
            .components(separatedBy: "up-client vco-dc1/1").count == 3)
    }

    @Test("ipsec-negotiation-faults: verify --lab checks every steady-state block live, none skipped")
    func negotiationFaultsVerifiedLive() throws {
        let topology = Self.path("ipsec-negotiation-faults")
        let directory = "/tmp/tbgplab-t\(getpid())-ipsecf"
        defer { _ = try? Self.run(["lab", "down", topology, "--dir", directory], timeout: .seconds(60)) }
        let result = try Self.run(["verify", "--lab", topology, "--dir", directory], timeout: .seconds(300))
        #expect(result.succeeded, "\(result)")
        #expect(result.stdout.contains("4 passed, 0 failed, 0 not checked live"), "\(result)")
        #expect(!result.stdout.contains("SKIP"), "\(result)")
        #expect(result.stdout.contains("expect[0] live"), "\(result)")
    }
}
