// The cloud-side BGP speaker (`transit-bgp speak`) against a real FRR bgpd playing the data center.
//
// Every test builds its own lab: namespaces `cloud` (the speaker) and `dc` (FRR, AS 65001) joined by
// two veth pairs, one per tunnel of the bundled dual-tunnel topology (169.254.10.0/30 and
// 169.254.20.0/30, the cloud on .1). The topology file is the bundled `dual-tunnel-bgp` one, edited
// per test and written into the lab dir. FRR runs keepalive 3 s / hold 9 s / connect 1 s; the speaker
// runs `--hold-time 9 --connect-retry 1`. Waits are polls with deadlines; the lab is torn down (FRR,
// speaker, namespaces) whatever happens. On a thrown failure the speaker's and FRR's log tails are
// printed. Timings go to stdout as `[speaker timing] …` lines.
//
// FRR JSON fields the assertions read (FRR 8.4):
// - `show bgp summary json`: `ipv4Unicast.peers[ADDR].state`;
// - `show bgp neighbors ADDR json`: `bgpState`, `remoteAs`, `bgpTimerHoldTimeMsecs`,
//   `neighborCapabilities.{4byteAs,multiprotocolExtensions.ipv4Unicast,routeRefresh,enhancedRouteRefresh,extendedMessage}`,
//   `lastNotificationReason`, `lastErrorCodeSubcode`, `lastShutdownDescription`,
//   `messageStats.{updatesRecv,notificationsRecv}`, `connectionsEstablished`;
// - `show bgp ipv4 unicast json`: `routes[PREFIX][].{path,nexthops[0].ip}`;
// - the neighbor JSON's lastErrorCodeSubcode / lastNotificationReason for Bad Peer AS (speaker run with --passive).

import Foundation
import LabKit
import Testing

/// Step timings of one test, printed in one block.
private struct StepTimer {
    let test: String
    private let clock = ContinuousClock()
    private let begin: ContinuousClock.Instant
    private var mark: ContinuousClock.Instant
    private var steps: [(String, Duration)] = []

    init(_ test: String) {
        self.test = test
        begin = clock.now
        mark = begin
    }

    mutating func lap(_ step: String) {
        let now = clock.now
        steps.append((step, now - mark))
        mark = now
    }

    func report() {
        for (step, duration) in steps {
            print("[speaker timing] \(test): \(step): \(duration.milliseconds) ms")
        }
        print("[speaker timing] \(test): total: \((clock.now - begin).milliseconds) ms")
    }
}

/// One lab of this suite: the speaker in `cloud`, FRR in `dc`, two tunnels.
private final class SpeakerLab {
    static let connection = "vco-dc1"
    static let cloudAS: UInt32 = 45104
    static let dcAS: UInt32 = 65001
    /// What FRR announces by default: 172.16.10.0/24 with community 65001:100.
    static let dcPrefixes = ["192.168.0.0/16", "172.16.10.0/24"]
    static let vpcPrefixes = ["10.0.0.0/16", "10.1.0.0/16"]
    static let attachment = "tr-attach-vco-dc1"

    let lab: Lab
    let cloud: LabNamespace
    let dc: LabNamespace
    let tunnel1: VethPair
    let tunnel2: VethPair
    let frr: FRRInstance
    let speaker: SpeakerProcess

    /// The speaker's address on tunnel N (FRR's neighbor address).
    var cloudIPs: [String] { [tunnel1.aIP, tunnel2.aIP] }

    /// Builds the lab, starts FRR then the speaker. Nothing waits for the sessions here.
    init(
        lab: Lab,
        topology edit: (inout SpeakerTopology) -> Void,
        frr editFRR: (inout FRRConfig) -> Void,
        speakerArguments: [String] = []
    ) async throws {
        self.lab = lab
        cloud = try lab.namespace("cloud")
        dc = try lab.namespace("dc")
        tunnel1 = try lab.link(cloud, "169.254.10.1/30", dc, "169.254.10.2/30")
        tunnel2 = try lab.link(cloud, "169.254.20.1/30", dc, "169.254.20.2/30")

        var config = FRRConfig(
            hostname: "dc", routerID: "10.255.0.2", localAS: Self.dcAS,
            neighbors: [
                FRRNeighborConfig(address: tunnel1.aIP, remoteAS: Self.cloudAS),
                FRRNeighborConfig(address: tunnel2.aIP, remoteAS: Self.cloudAS),
            ],
            networks: ["192.168.0.0/16"]
        )
        config.extraGlobalLines = ["route-map DC-COMM permit 10", " set community 65001:100"]
        config.extraAddressFamilyLines = ["network 172.16.10.0/24 route-map DC-COMM"]
        editFRR(&config)
        frr = try FRRInstance(lab: lab, namespace: dc, name: "dc", config: config)

        var topology = try SpeakerTopology.bundled()
        edit(&topology)
        let path = try topology.write(to: "\(lab.directory)/topology.json")
        speaker = try SpeakerProcess(lab: lab, namespace: cloud, topologyPath: path, extraArguments: speakerArguments)

        try await frr.start()
        try await speaker.start()
    }

    /// Both logs and states, for a failure.
    func diagnostics() -> String {
        speaker.diagnostics() + "\n" + frr.diagnostics()
    }

    /// Waits until both sessions are Established on both sides.
    func waitEstablished(timeout: Duration = .seconds(30)) async throws {
        try await speaker.waitForSessions(timeout: timeout, extraDiagnostics: frr.diagnostics)
        for address in cloudIPs {
            try await frr.waitForState(neighbor: address, timeout: timeout)
        }
    }

    /// The raw `show bgp neighbors ADDR json` body of one neighbor.
    func frrNeighborJSON(_ address: String) throws -> [String: Any] {
        let object = try frr.json("show bgp neighbors \(address) json")
        guard let body = object[address] as? [String: Any] else {
            throw LabError("no neighbor \(address) in FRR's `show bgp neighbors` (\(object.keys.sorted()))")
        }
        return body
    }

    /// `messageStats.KEY` of one FRR neighbor.
    func frrMessageStat(_ address: String, _ key: String) throws -> Int {
        let stats = try frrNeighborJSON(address)["messageStats"] as? [String: Any]
        guard let value = LooseJSON.int(stats?[key]) else { throw LabError("no messageStats.\(key) for \(address)") }
        return value
    }

    /// The speaker's BGP-table rows for `prefix` on our connection.
    func bgpRows(_ prefix: String) throws -> [SpeakerRouteRow] {
        try speaker.routes(of: Self.connection).bgpRows(prefix)
    }

    /// Waits until both data-center prefixes are VPN_BGP Active rows of the connection's BGP table
    /// over `tunnels`.
    @discardableResult
    func waitForLearned(
        _ prefixes: [String] = SpeakerLab.dcPrefixes, tunnels: [Int] = [1, 2], timeout: Duration = .seconds(20)
    ) async throws -> SpeakerConnectionTables {
        try await speaker.waitUntil(
            "\(prefixes) VPN_BGP Active over tunnels \(tunnels)", timeout: timeout, extraDiagnostics: frr.diagnostics
        ) {
            try self.speaker.routes(of: Self.connection)
        } until: { tables in
            prefixes.allSatisfy { prefix in
                let rows = tables.bgpRows(prefix)
                return rows.count == 1 && rows[0].source == "VPN_BGP" && rows[0].status == "Active"
                    && rows[0].tunnels == tunnels
            }
        }
    }

    /// Waits until FRR has `count` paths for every VPC CIDR.
    @discardableResult
    func waitForVPCsAtFRR(count: Int, timeout: Duration = .seconds(20)) async throws -> [FRRPath] {
        var paths: [FRRPath] = []
        for prefix in Self.vpcPrefixes {
            paths += try await frr.waitUntil("\(count) path(s) for \(prefix)", timeout: timeout) {
                try self.frr.rib().paths(for: prefix)
            } until: { $0.count == count }
        }
        return paths
    }
}

/// Runs `body` in a fresh lab; prints both logs when it throws, tears the lab down always.
private func withSpeakerLab(
    _ test: String,
    topology: (inout SpeakerTopology) -> Void = { _ in },
    frr: (inout FRRConfig) -> Void = { _ in },
    speakerArguments: [String] = [],
    _ body: (SpeakerLab, inout StepTimer) async throws -> Void
) async throws {
    var timer = StepTimer(test)
    let lab = try Lab()
    defer { lab.teardown() }
    let env: SpeakerLab
    do {
        env = try await SpeakerLab(lab: lab, topology: topology, frr: frr, speakerArguments: speakerArguments)
    } catch {
        print("[speaker] \(test): lab setup failed: \(error)")
        throw error
    }
    timer.lap("setup (2 namespaces, 2 links, bgpd, speaker)")
    do {
        try await body(env, &timer)
    } catch {
        print("[speaker] \(test) failed: \(error)\n\(env.diagnostics())")
        throw error
    }
    timer.report()
}

@Suite("Speaker interop (transit-bgp speak against FRR)", .serialized)
struct SpeakerInteropTests {
    static let connection = SpeakerLab.connection

    // MARK: 1. Sessions and capabilities

    @Test("both tunnels Established; FRR sees our capabilities, AS and hold time; SIGTERM sends Cease")
    func establishedWithCapabilities() async throws {
        try await withSpeakerLab("established") { env, timer in
            try await env.waitEstablished()
            timer.lap("both sessions Established")

            let sessions = try env.speaker.sessions().filter { $0.connection == Self.connection }.sorted { $0.tunnel < $1.tunnel }
            #expect(sessions.map(\.tunnel) == [1, 2])
            #expect(sessions.map(\.localAddress) == ["169.254.10.1", "169.254.20.1"])
            #expect(sessions.map(\.peerAddress) == ["169.254.10.2", "169.254.20.2"])
            #expect(sessions.allSatisfy { $0.localASN == 45104 && $0.peerASN == 65001 }, "\(sessions)")
            #expect(sessions.allSatisfy { $0.holdTime == 9 && $0.tunnelUp == true && $0.adminDown == false }, "\(sessions)")

            for address in env.cloudIPs {
                let neighbor = try env.frrNeighborJSON(address)
                #expect(neighbor["bgpState"] as? String == "Established")
                #expect(LooseJSON.int(neighbor["remoteAs"]) == 45104)
                #expect(LooseJSON.int(neighbor["bgpTimerHoldTimeMsecs"]) == 9000)
                let capabilities = try #require(neighbor["neighborCapabilities"] as? [String: Any], "\(neighbor)")
                // FRR prints "advertisedAndReceived" (…OldNew/New for route refresh) when both sides sent it.
                #expect(capabilities["4byteAs"] as? String == "advertisedAndReceived", "\(capabilities)")
                let multiprotocol = (capabilities["multiprotocolExtensions"] as? [String: Any])?["ipv4Unicast"] as? [String: Any]
                #expect(LooseJSON.bool(multiprotocol?["advertisedAndReceived"]) == true, "\(capabilities)")
                #expect((capabilities["routeRefresh"] as? String)?.hasPrefix("advertisedAndReceived") == true, "\(capabilities)")
                #expect(capabilities["enhancedRouteRefresh"] as? String == "advertisedAndReceived", "\(capabilities)")
                #expect(capabilities["extendedMessage"] as? String == "advertisedAndReceived", "\(capabilities)")
            }
            timer.lap("capability checks")

            // SIGTERM: every peer gets Cease/Administrative Shutdown before the speaker ends.
            let before = try env.cloudIPs.map { try env.frrMessageStat($0, "notificationsRecv") }
            let status = env.speaker.stop()
            #expect(!env.speaker.isRunning)
            #expect(status == 0, "exit status after SIGTERM: \(status.map(String.init) ?? "none")")
            for (index, address) in env.cloudIPs.enumerated() {
                let neighbor = try await env.frr.waitUntil("\(address) down with a received NOTIFICATION", timeout: .seconds(10)) {
                    try env.frrNeighborJSON(address)
                } until: {
                    $0["bgpState"] as? String != "Established"
                        && (LooseJSON.int(($0["messageStats"] as? [String: Any])?["notificationsRecv"]) ?? 0) > before[index]
                }
                #expect((neighbor["lastNotificationReason"] as? String)?.hasPrefix("Cease/Administrative Shutdown") == true, "\(neighbor["lastNotificationReason"] ?? "nil")")
                #expect(neighbor["lastErrorCodeSubcode"] as? String == "0602")
            }
            timer.lap("SIGTERM until FRR has the Cease on both")
        }
    }

    @Test("asdot local ASN \"1.10\" (65546): Established, FRR sees remote AS 65546 (4-octet AS capability)")
    func asdotLocalASN() async throws {
        try await withSpeakerLab("asdot local ASN") { topology in
            topology.setLocalASN("1.10")
        } frr: { config in
            for index in config.neighbors.indices { config.neighbors[index].remoteAS = 65546 }
        } _: { env, timer in
            try await env.waitEstablished()
            timer.lap("both sessions Established")
            let sessions = try env.speaker.sessions()
            #expect(sessions.count == 2 && sessions.allSatisfy { $0.localASN == 65546 }, "\(sessions)")
            for address in env.cloudIPs {
                let neighbor = try env.frrNeighborJSON(address)
                #expect(LooseJSON.int(neighbor["remoteAs"]) == 65546, "\(neighbor["remoteAs"] ?? "nil")")
                let capabilities = neighbor["neighborCapabilities"] as? [String: Any]
                #expect(capabilities?["4byteAs"] as? String == "advertisedAndReceived")
            }
            // Our routes carry the 4-octet ASN in their AS path.
            let paths = try await env.waitForVPCsAtFRR(count: 2)
            #expect(paths.allSatisfy { $0.asPath.split(separator: " ").first == "65546" }, "\(paths)")
            timer.lap("checks")
        }
    }

    // MARK: 2. Learned routes, TR propagation

    @Test("FRR's prefixes: VPN_BGP Active over tunnels [1, 2], in the TR table while propagation is on (live off/on)")
    func learnedRoutesAndPropagation() async throws {
        try await withSpeakerLab("learned routes + propagation") { env, timer in
            try await env.waitEstablished()
            let tables = try await env.waitForLearned()
            timer.lap("Established and both prefixes learned over both tunnels")
            #expect(tables.bgpRows("192.168.0.0/16").first?.asPath == [65001])
            #expect(tables.bgpRows("172.16.10.0/24").first?.asPath == [65001])
            #expect(tables.bgpRows("172.16.10.0/24").first?.communities == ["65001:100"])
            let sessions = try env.speaker.sessions()
            #expect(sessions.allSatisfy { $0.receivedPrefixes == 2 }, "\(sessions)")

            let inTR = try await env.speaker.waitUntil("FRR's prefixes in the TR default table", timeout: .seconds(10)) {
                try env.speaker.tables()
            } until: { tables in SpeakerLab.dcPrefixes.allSatisfy { !tables.trRows($0).isEmpty } }
            for prefix in SpeakerLab.dcPrefixes {
                let rows = inTR.trRows(prefix)
                #expect(rows.count == 1, "\(rows)")
                #expect(rows.first?.nextHop == SpeakerLab.attachment, "\(rows)")
                #expect(rows.first?.nextHopType == "Attachment", "\(rows)")
                #expect(rows.first?.nextHopResourceType == "VPN", "\(rows)")
                #expect(rows.first?.originType == "BGP", "\(rows)")
                #expect(rows.first?.type == "Propagated", "\(rows)")
                #expect(rows.first?.status == "Active", "\(rows)")
                #expect(rows.first?.asPath == [65001], "\(rows)")
            }
            timer.lap("both prefixes in the TR table")

            try env.speaker.set(Self.connection, "propagate-default-table", false)
            let withoutDC = try await env.speaker.waitUntil("FRR's prefixes leave the TR table", timeout: .seconds(10)) {
                try env.speaker.tables()
            } until: { tables in SpeakerLab.dcPrefixes.allSatisfy { tables.trRows($0).isEmpty } }
            #expect(SpeakerLab.vpcPrefixes.allSatisfy { withoutDC.trRows($0).count == 1 }, "\(withoutDC)")
            // The connection still learns them.
            let connection = try #require(withoutDC.connections[Self.connection])
            #expect(SpeakerLab.dcPrefixes.allSatisfy { connection.bgpRows($0).first?.status == "Active" }, "\(connection)")
            timer.lap("propagate off until absent from the TR table")

            try env.speaker.set(Self.connection, "propagate-default-table", true)
            try await env.speaker.waitUntil("FRR's prefixes back in the TR table", timeout: .seconds(10)) {
                try env.speaker.tables()
            } until: { tables in
                SpeakerLab.dcPrefixes.allSatisfy { tables.trRows($0).first?.nextHop == SpeakerLab.attachment }
            }
            timer.lap("propagate on until back")
        }
    }

    @Test("route_table_propagation_enabled false in the topology: learned, but not in the TR table")
    func propagationOffInTopology() async throws {
        try await withSpeakerLab("propagation off (topology)") { topology in
            topology.setAttachment("route_table_propagation_enabled", false)
        } _: { env, timer in
            try await env.waitEstablished()
            try await env.waitForLearned()
            timer.lap("Established and both prefixes learned")
            let tables = try env.speaker.tables()
            for prefix in SpeakerLab.dcPrefixes {
                #expect(tables.trRows(prefix).isEmpty, "\(tables)")
            }
            #expect(SpeakerLab.vpcPrefixes.allSatisfy { tables.trRows($0).count == 1 }, "\(tables)")
            // Advertise Routes still sends the VPC CIDRs.
            try await env.waitForVPCsAtFRR(count: 2)
            timer.lap("checks")
        }
    }

    // MARK: 3. Advertise Routes

    @Test("Advertise Routes: VPC CIDRs reach FRR over both sessions with AS path 45104; off withdraws, on re-sends")
    func advertiseRoutes() async throws {
        try await withSpeakerLab("advertise routes") { env, timer in
            try await env.waitEstablished()
            let paths = try await env.waitForVPCsAtFRR(count: 2)
            timer.lap("Established and the VPC CIDRs at FRR over both tunnels")
            for prefix in SpeakerLab.vpcPrefixes {
                let forPrefix = paths.filter { $0.prefix == prefix }
                #expect(Set(forPrefix.map(\.nextHop)) == Set(env.cloudIPs), "\(forPrefix)")
                #expect(forPrefix.allSatisfy { $0.asPath.split(separator: " ").first == "45104" && $0.isValid }, "\(forPrefix)")
            }
            // Only the VPC CIDRs: what the data center announced is never sent back (system Reject 5000).
            let sessions = try env.speaker.sessions()
            #expect(sessions.allSatisfy { $0.advertisedPrefixes == 2 }, "\(sessions)")
            for address in env.cloudIPs {
                let neighbor = try env.frr.neighbor(address)
                #expect(neighbor.acceptedPrefixes == 2, "\(neighbor)")
            }
            let established = try env.cloudIPs.map { try env.frr.neighbor($0).connectionsEstablished }

            try env.speaker.set(Self.connection, "advertise-routes", false)
            try await env.waitForVPCsAtFRR(count: 0)
            timer.lap("advertise-routes off until withdrawn at FRR")
            let quiet = try env.speaker.sessions()
            #expect(quiet.allSatisfy { $0.advertisedPrefixes == 0 && $0.state == "Established" }, "\(quiet)")

            try env.speaker.set(Self.connection, "advertise-routes", true)
            let back = try await env.waitForVPCsAtFRR(count: 2)
            timer.lap("advertise-routes on until back at FRR")
            #expect(back.allSatisfy { $0.asPath.split(separator: " ").first == "45104" }, "\(back)")
            // Withdrawn and re-sent by UPDATEs: the sessions were never reset.
            #expect(try env.cloudIPs.map { try env.frr.neighbor($0).connectionsEstablished } == established)
        }
    }

    // MARK: 4. Withdrawal and route refresh

    @Test("FRR withdraws a prefix: it leaves our tables; FRR's route refresh makes us re-send our routes")
    func withdrawalAndRouteRefresh() async throws {
        try await withSpeakerLab("withdraw + route refresh") { env, timer in
            try await env.waitEstablished()
            try await env.waitForLearned()
            try await env.waitForVPCsAtFRR(count: 2)
            timer.lap("Established, routes exchanged")

            try env.frr.withdraw("172.16.10.0/24")
            try await env.speaker.waitUntil("172.16.10.0/24 gone from our tables", timeout: .seconds(10)) {
                try env.speaker.tables()
            } until: { tables in
                tables.trRows("172.16.10.0/24").isEmpty
                    && (tables.connections[Self.connection]?.bgpRows("172.16.10.0/24").isEmpty ?? false)
            }
            let tables = try env.speaker.tables()
            #expect(tables.connections[Self.connection]?.bgpRows("192.168.0.0/16").first?.tunnels == [1, 2], "\(tables)")
            #expect(tables.trRows("192.168.0.0/16").count == 1, "\(tables)")
            let sessions = try env.speaker.sessions()
            #expect(sessions.allSatisfy { $0.receivedPrefixes == 1 }, "\(sessions)")
            timer.lap("`no network` until gone from our tables")

            // ROUTE-REFRESH from FRR on tunnel 1: we answer with our routes again.
            let address = env.tunnel1.aIP
            let logBefore = env.speaker.log().components(separatedBy: "ROUTE-REFRESH").count
            let updatesBefore = try env.frrMessageStat(address, "updatesRecv")
            let otherUpdatesBefore = try env.frrMessageStat(env.tunnel2.aIP, "updatesRecv")
            let establishedBefore = try env.frr.neighbor(address).connectionsEstablished
            try env.frr.vtysh(["clear bgp ipv4 unicast \(address) soft in"])
            try await env.speaker.waitUntil(
                "ROUTE-REFRESH in our log and re-sent UPDATEs counted by FRR", timeout: .seconds(10),
                extraDiagnostics: env.frr.diagnostics
            ) {
                (env.speaker.log().components(separatedBy: "ROUTE-REFRESH").count, try env.frrMessageStat(address, "updatesRecv"))
            } until: { $0.0 > logBefore && $0.1 > updatesBefore }
            timer.lap("route refresh until re-sent")
            let paths = try await env.waitForVPCsAtFRR(count: 2)
            #expect(Set(paths.map(\.nextHop)) == Set(env.cloudIPs), "\(paths)")
            #expect(try env.frr.neighbor(address).connectionsEstablished == establishedBefore)
            #expect(try env.frr.state(of: address) == "Established")
            // Only the refreshed session got the routes again, unless FRR asked on tunnel 2 as well
            // (FRR 8.4 sometimes follows our End of Route Refresh with requests on every session).
            if !env.speaker.log().contains("vco-dc1/2: ROUTE-REFRESH received") {
                #expect(try env.frrMessageStat(env.tunnel2.aIP, "updatesRecv") == otherUpdatesBefore, "\(env.speaker.log())")
            }

            // Announced again: learned again.
            try env.frr.announce("172.16.10.0/24")
            try await env.waitForLearned()
            timer.lap("`network` again until learned again")
        }
    }

    // MARK: 5. Bad Peer AS

    @Test("FRR in AS 65002 while the customer gateway says 65001: OPEN error Bad Peer AS in FRR's neighbor JSON, never Established")
    func badPeerAS() async throws {
        // `--passive`: FRR opens the connections, so our NOTIFICATION arrives on a connection FRR has
        // tied to the configured neighbor, and its neighbor JSON shows it. (When we connect out, FRR
        // keeps our connection on an accept-side peer until Established and shows the NOTIFICATION
        // only in bgpd.log.)
        try await withSpeakerLab("bad peer AS", frr: { $0.localAS = 65002 }, speakerArguments: ["--passive"]) { env, timer in
            for address in env.cloudIPs {
                let neighbor = try await env.frr.waitUntil("FRR's neighbor JSON for \(address) shows Bad Peer AS", timeout: .seconds(20)) {
                    try env.frr.neighbor(address)
                } until: { $0.lastErrorCodeSubcode == "0202" }
                #expect(neighbor.lastNotificationReason == "OPEN Message Error/Bad Peer AS", "\(neighbor)")
            }
            timer.lap("Bad Peer AS in FRR's neighbor JSON on both tunnels")
            try await ensureNever("a session with the wrong peer AS reaches Established", for: .seconds(4)) {
                (try env.speaker.sessions().map(\.state), try env.cloudIPs.map { try env.frr.state(of: $0) })
            } violates: { $0.0.contains("Established") || $0.1.contains("Established") }
            timer.lap("never Established for 4 s")
            let sessions = try env.speaker.sessions()
            #expect(sessions.allSatisfy { $0.peerASN == 65001 && ($0.lastError?.contains("Bad Peer AS") ?? false) }, "\(sessions)")
            #expect(try env.speaker.routes(of: Self.connection).bgp.allSatisfy { $0.source != "VPN_BGP" })
        }
    }

    // MARK: 6. Hold timer

    @Test("FRR frozen (SIGSTOP): our hold timer expires after ~9 s; SIGCONT brings the sessions back")
    func holdTimerExpiry() async throws {
        try await withSpeakerLab("hold timer") { env, timer in
            try await env.waitEstablished()
            try await env.waitForLearned()
            timer.lap("Established, routes learned")

            try env.frr.freeze()
            let frozenAt = ContinuousClock().now
            let down = try await env.speaker.waitUntil("both sessions drop on hold timer expiry", timeout: .seconds(20), poll: .milliseconds(200)) {
                try env.speaker.sessions()
            } until: { sessions in
                sessions.count == 2 && sessions.allSatisfy {
                    $0.state != "Established" && ($0.lastError?.lowercased().contains("hold") ?? false)
                }
            }
            let elapsed = ContinuousClock().now - frozenAt
            timer.lap("freeze until both sessions dropped (hold 9 s)")
            // FRR's last KEEPALIVE came at most 3 s before the freeze: expiry 6…9 s after it.
            #expect(elapsed >= .seconds(5), "dropped after \(elapsed): \(down)")
            #expect(env.speaker.log().lowercased().contains("hold timer expired"), "\(env.speaker.logTail())")
            let tables = try env.speaker.routes(of: Self.connection)
            #expect(SpeakerLab.dcPrefixes.allSatisfy { tables.bgpRows($0).isEmpty }, "\(tables)")

            try env.frr.unfreeze()
            try await env.waitEstablished()
            try await env.waitForLearned()
            timer.lap("unfreeze until Established with the routes again")
        }
    }

    // MARK: 7. Administrative shutdown (RFC 8203)

    @Test("shutdown vco-dc1/1 with a message: FRR shows it; the session stays down until start")
    func administrativeShutdown() async throws {
        try await withSpeakerLab("admin shutdown") { env, timer in
            try await env.waitEstablished()
            try await env.waitForLearned()
            timer.lap("Established, routes learned")

            let address = env.tunnel1.aIP
            try env.speaker.shutdown(Self.connection, 1, message: "maintenance window 42")
            let neighbor = try await env.frr.waitUntil("shutdown communication at FRR", timeout: .seconds(10)) {
                try env.frrNeighborJSON(address)
            } until: { $0["lastShutdownDescription"] as? String == "maintenance window 42" }
            #expect(neighbor["bgpState"] as? String != "Established")
            #expect((neighbor["lastNotificationReason"] as? String)?.hasPrefix("Cease/Administrative Shutdown") == true,
                    "\(neighbor["lastNotificationReason"] ?? "nil")")
            #expect(neighbor["lastErrorCodeSubcode"] as? String == "0602")
            timer.lap("shutdown until FRR shows the message")

            let session = try env.speaker.session(Self.connection, tunnel: 1)
            #expect(session.adminDown == true && session.state != "Established", "\(session)")
            try await env.waitForLearned(tunnels: [2])
            // FRR keeps trying every second; we stay down.
            try await ensureNever("the shut session comes back before start", for: .seconds(3)) {
                (try env.speaker.session(Self.connection, tunnel: 1).state, try env.frr.state(of: address))
            } violates: { $0.0 == "Established" || $0.1 == "Established" }
            #expect(try env.speaker.session(Self.connection, tunnel: 2).state == "Established")
            #expect(try env.frr.state(of: env.tunnel2.aIP) == "Established")
            timer.lap("stays down 3 s, tunnel 2 unaffected")

            try env.speaker.startSession(Self.connection, 1)
            try await env.waitEstablished()
            try await env.waitForLearned()
            #expect(try env.speaker.session(Self.connection, tunnel: 1).adminDown == false)
            timer.lap("start until Established with both tunnels again")
        }
    }

    // MARK: 8. TCP MD5

    @Test("TCP MD5: auth_key Secret-1 against FRR's Other-2 never comes up; FRR fixed live to Secret-1 comes up")
    func tcpMD5() async throws {
        try await withSpeakerLab("tcp md5") { topology in
            topology.setAuthKey("Secret-1")
        } frr: { config in
            for index in config.neighbors.indices { config.neighbors[index].password = "Other-2" }
        } _: { env, timer in
            try await ensureNever("a session with mismatched MD5 keys reaches Established", for: .seconds(5)) {
                (try env.speaker.sessions().map(\.state), try env.cloudIPs.map { try env.frr.state(of: $0) })
            } violates: { $0.0.contains("Established") || $0.1.contains("Established") }
            timer.lap("never Established for 5 s")
            // The kernel dropped signed segments with a wrong signature (not unsigned ones): our key is set.
            let failures = try [env.cloud, env.dc].map { try $0.tcpExtCounters()["TCPMD5Failure"] ?? 0 }.reduce(0, +)
            #expect(failures > 0, "TCPMD5Failure in cloud+dc: \(failures)")

            for address in env.cloudIPs {
                try env.frr.setPassword("Secret-1", neighbor: address)
            }
            try await env.waitEstablished()
            try await env.waitForLearned()
            timer.lap("FRR password fixed live until Established with routes")
        }
    }

    // MARK: Tunnel down/up

    @Test("tunnel vco-dc1/2 down: session torn down without NOTIFICATION, routes on tunnel 1 only; up restores")
    func tunnelDownUp() async throws {
        try await withSpeakerLab("tunnel down/up") { env, timer in
            try await env.waitEstablished()
            try await env.waitForLearned()
            try await env.waitForVPCsAtFRR(count: 2)
            timer.lap("Established, routes exchanged")

            let address = env.tunnel2.aIP
            let notificationsBefore = try env.frrMessageStat(address, "notificationsRecv")
            try env.speaker.setTunnel(Self.connection, 2, up: false)
            try await env.waitForLearned(tunnels: [1])
            try await env.frr.waitUntil("\(address) leaves Established", timeout: .seconds(15)) {
                try env.frr.state(of: address)
            } until: { $0 != "Established" }
            try await env.waitForVPCsAtFRR(count: 1)
            timer.lap("tunnel down until withdrawn on both sides")
            let session = try env.speaker.session(Self.connection, tunnel: 2)
            #expect(session.tunnelUp == false && session.state != "Established", "\(session)")
            #expect(try env.frrMessageStat(address, "notificationsRecv") == notificationsBefore)
            #expect(try env.frr.rib().paths(for: "10.0.0.0/16").map(\.nextHop) == [env.tunnel1.aIP])
            try await ensureNever("the session of a down tunnel comes back", for: .seconds(3)) {
                (try env.speaker.session(Self.connection, tunnel: 2).state, try env.frr.state(of: address))
            } violates: { $0.0 == "Established" || $0.1 == "Established" }
            timer.lap("stays down 3 s")

            try env.speaker.setTunnel(Self.connection, 2, up: true)
            try await env.waitEstablished()
            try await env.waitForLearned()
            try await env.waitForVPCsAtFRR(count: 2)
            timer.lap("tunnel up until Established with routes over both")
        }
    }

    // MARK: 9. Dead peer detection

    @Test("tunnel 1 silent (a zero-length queue drops every packet both ways), dpd_timeout 3 s: DPD takes tunnel 1 down, routes stay via tunnel 2; silence over: back to ECMP")
    func deadPeerDetection() async throws {
        try await withSpeakerLab("dead peer detection", topology: { topology in
            topology.editTunnels { tunnel in
                if LooseJSON.int(tunnel["tunnel_index"]) == 1 { tunnel["dpd_timeout"] = 3 }
            }
        }) { env, timer in
            try await env.waitEstablished()
            try await env.waitForLearned()
            try await env.waitForVPCsAtFRR(count: 2)
            timer.lap("Established, routes exchanged")

            // This kernel has no netem; a pfifo queue of length 0 drops every packet just as well.
            let silence = ["tc", "qdisc", "add", "dev"]
            try env.dc.runChecked(silence + [env.tunnel1.bInterface, "root", "pfifo", "limit", "0"])
            try env.cloud.runChecked(silence + [env.tunnel1.aInterface, "root", "pfifo", "limit", "0"])
            let silentAt = ContinuousClock().now
            let down = try await env.speaker.waitUntil("DPD declares tunnel 1 dead", timeout: .seconds(20), poll: .milliseconds(100)) {
                try env.speaker.session(Self.connection, tunnel: 1)
            } until: { $0.tunnelDownReason == "dpd_timeout" }
            let detection = ContinuousClock().now - silentAt
            timer.lap("silence until DPD (dpd_timeout 3 s)")
            #expect(down.tunnelUp == false && down.state != "Established", "\(down)")
            #expect(detection >= .milliseconds(2500) && detection <= .seconds(12), "DPD after \(detection)")
            // Nothing is lost: both prefixes stay learned (over tunnel 2 only) and in the TR table.
            try await env.waitForLearned(tunnels: [2])
            let tables = try env.speaker.tables()
            for prefix in SpeakerLab.dcPrefixes {
                #expect(tables.trRows(prefix).map(\.nextHop) == ["tr-attach-vco-dc1"], "\(prefix): \(tables.trRows(prefix))")
            }
            #expect(env.speaker.log().contains("DPD: the peer was silent"), "\(env.speaker.logTail())")
            let cloudRows = try env.bgpRows("10.0.0.0/16")
            #expect(cloudRows.map(\.tunnels) == [[2]], "\(cloudRows)")

            try env.dc.runChecked(["tc", "qdisc", "del", "dev", env.tunnel1.bInterface, "root"])
            try env.cloud.runChecked(["tc", "qdisc", "del", "dev", env.tunnel1.aInterface, "root"])
            try await env.waitEstablished(timeout: .seconds(40))
            try await env.waitForLearned()
            let back = try env.speaker.session(Self.connection, tunnel: 1)
            #expect(back.tunnelUp == true && back.tunnelDownReason == nil, "\(back)")
            #expect(try env.bgpRows("10.0.0.0/16").map(\.tunnels) == [[1, 2]])
            timer.lap("silence over until ECMP again")
        }
    }
}
