// `transit-bgp speak` against OpenBGPD 7.7 (issue 15): namespaces `cloud` (the speaker) and `dc`
// (bgpd, AS 65001, announcing 192.168.0.0/16) joined by the bundled dual-tunnel topology's two
// links. bgpd runs hold 9 s, connect-retry 1 s, enhanced route refresh announced; the speaker
// `--hold-time 9 --connect-retry 1`. Waits are polls with deadlines.

import Foundation
import LabKit
import Testing

private final class OpenBGPDLab {
    static let connection = "vco-dc1"
    let lab: Lab
    let cloud: LabNamespace
    let dc: LabNamespace
    let tunnel1: VethPair
    let tunnel2: VethPair
    let bgpd: OpenBGPDInstance
    let speaker: SpeakerProcess
    var ours: [String] { [tunnel1.aIP, tunnel2.aIP] }

    init(lab: Lab) async throws {
        self.lab = lab
        cloud = try lab.namespace("cloud")
        dc = try lab.namespace("dc")
        tunnel1 = try lab.link(cloud, "169.254.10.1/30", dc, "169.254.10.2/30")
        tunnel2 = try lab.link(cloud, "169.254.20.1/30", dc, "169.254.20.2/30")
        bgpd = try OpenBGPDInstance(
            lab: lab, namespace: dc, name: "dc", asn: 65001, routerID: "10.255.0.2",
            neighbors: [.init(address: tunnel1.aIP, remoteAS: 45104, localAddress: tunnel1.bIP),
                        .init(address: tunnel2.aIP, remoteAS: 45104, localAddress: tunnel2.bIP)],
            networks: ["192.168.0.0/16"])
        let path = try SpeakerTopology.bundled().write(to: "\(lab.directory)/topology.json")
        speaker = try SpeakerProcess(lab: lab, namespace: cloud, topologyPath: path)
        try await bgpd.start()
        try await speaker.start()
    }

    func waitEstablished(timeout: Duration = .seconds(30)) async throws {
        try await speaker.waitForSessions(timeout: timeout, extraDiagnostics: bgpd.diagnostics)
        for address in ours {
            try await waitUntil("OpenBGPD \(address) Established", timeout: timeout, diagnostics: { self.bgpd.diagnostics() }) {
                try self.bgpd.state(address)
            } until: { $0 == "Established" }
        }
    }

    func waitLearned(_ prefix: String = "192.168.0.0/16", present: Bool = true) async throws {
        try await speaker.waitUntil("\(prefix) \(present ? "learned on both tunnels" : "gone")", timeout: .seconds(15)) {
            try self.speaker.routes(of: Self.connection).bgpRows(prefix)
        } until: { present ? $0.first?.tunnels == [1, 2] : $0.isEmpty }
    }
}

private func withOpenBGPDLab(_ body: (OpenBGPDLab) async throws -> Void) async throws {
    let lab = try Lab()
    defer { lab.teardown() }
    let env = try await OpenBGPDLab(lab: lab)
    do {
        try await body(env)
    } catch {
        print("[openbgpd] failed: \(error)\n\(env.speaker.diagnostics())\n\(env.bgpd.diagnostics())")
        throw error
    }
}

@Suite("Speaker interop (transit-bgp speak against OpenBGPD)", .serialized)
struct OpenBGPDInteropTests {
    @Test("established on both tunnels, routes both ways, End-of-RIB after our table, and its BoRR draws no re-send")
    func establishedRoutesEndOfRIB() async throws {
        try await withOpenBGPDLab { env in
            try await env.waitEstablished()
            try await env.waitLearned()
            for address in env.ours {
                try await waitUntil("OpenBGPD has our 2 VPC routes and our End-of-RIB from \(address)", timeout: .seconds(15)) {
                    (try env.bgpd.stat(address, "prefixes.received"), try env.bgpd.stat(address, "update.received.eor"))
                } until: { $0.0 == 2 && $0.1 == 1 }
                // One UPDATE with both routes, one End-of-RIB: nothing re-sent on OpenBGPD's own refresh markers.
                #expect(try env.bgpd.stat(address, "message.received.updates") == 2)
            }
            let sessions = try env.speaker.sessions()
            #expect(sessions.allSatisfy { $0.advertisedPrefixes == 2 }, "\(sessions)")
        }
    }

    @Test("OpenBGPD's route refresh: we answer with BoRR, the table, EoRR (RFC 7313); withdrawals leave our tables")
    func routeRefreshAndWithdrawal() async throws {
        try await withOpenBGPDLab { env in
            try await env.waitEstablished()
            try await env.waitLearned()
            let address = env.tunnel1.aIP
            let updatesBefore = try env.bgpd.stat(address, "message.received.updates")
            _ = try env.bgpd.bgpctl(["neighbor", address, "refresh"])
            try await waitUntil("BoRR and EoRR from us", timeout: .seconds(10), diagnostics: { env.speaker.diagnostics() }) {
                (try env.bgpd.stat(address, "route-refresh.received.borr"), try env.bgpd.stat(address, "route-refresh.received.eorr"))
            } until: { $0.0 >= 1 && $0.1 >= 1 }
            #expect(try env.bgpd.stat(address, "message.received.updates") > updatesBefore)
            #expect(try env.bgpd.state(address) == "Established")
            _ = try env.bgpd.bgpctl(["network", "delete", "192.168.0.0/16"])
            try await env.waitLearned(present: false)
        }
    }

    @Test("a shutdown message with two spaces and UTF-8 reaches OpenBGPD exactly (RFC 9003)")
    func shutdownMessage() async throws {
        try await withOpenBGPDLab { env in
            try await env.waitEstablished()
            try env.speaker.shutdown(OpenBGPDLab.connection, 1, message: "a  b ü")
            // bgpctl prints non-ASCII octets in octal: ü is \303\274.
            try await waitUntil("OpenBGPD's last_shutdown_reason", timeout: .seconds(10)) {
                try env.bgpd.neighborText(env.tunnel1.aIP)
            } until: { $0.contains(#""last_shutdown_reason": "a  b \303\274""#) }
        }
    }

    @Test("recovery after a 30 s peer outage: the sessions are back within 5 s of the peer's return (10 s deadline)")
    func recoveryAfterOutage() async throws {
        try await withOpenBGPDLab { env in
            try await env.waitEstablished()
            env.bgpd.stop()
            try await env.speaker.waitUntil("both sessions down", timeout: .seconds(20)) {
                try env.speaker.sessions()
            } until: { $0.allSatisfy { $0.state != "Established" } }
            // The outage itself: 30 s during which the speaker keeps trying (observed every second).
            let clock = ContinuousClock()
            let outageEnd = clock.now + .seconds(30)
            while clock.now < outageEnd {
                #expect(try env.speaker.sessions().allSatisfy { $0.state != "Established" })
                try await Task.sleep(for: .seconds(1))  // poll interval of the observation; bounded by `outageEnd`
            }
            let back = clock.now
            try await env.bgpd.start()
            try await env.speaker.waitForSessions(timeout: .seconds(10), extraDiagnostics: env.bgpd.diagnostics)
            let recovery = clock.now - back
            print("[openbgpd timing] recovery after a 30 s outage: \(recovery)")
            #expect(recovery < .seconds(5), "\(recovery)")
        }
    }
}
