// A hostile peer against `transit-bgp speak` (issue 15): malformed headers, OPENs and UPDATEs, FSM
// abuse, collisions, floods and a slowloris from the scripted Python peer (Tests/lab/bgp_peer.py),
// plus the hand-made messages no daemon sends on request (AS4_PATH from a 2-octet speaker, a next
// hop that is our own address, BoRR/EoRR).
//
// One lab per test: namespaces `cloud` (the speaker, `--passive`, hold 9 s) and `dc` (the peer at
// 169.254.10.2, the speaker at 169.254.10.1; tunnel 2's link exists so the speaker can bind its
// address, nobody speaks on it). Each case asserts the exact NOTIFICATION (or RFC 7606 action), that
// the speaker is still running and answering, and that its peak memory (VmHWM) stayed bounded.

import Foundation
import LabKit
import Testing

private final class HostileLab {
    let lab: Lab
    let cloud: LabNamespace
    let dc: LabNamespace
    let speaker: SpeakerProcess
    static let peer = "169.254.10.2"
    static let ours = "169.254.10.1"
    static let connection = "vco-dc1"

    init(lab: Lab, topology edit: (inout SpeakerTopology) -> Void = { _ in }) async throws {
        self.lab = lab
        cloud = try lab.namespace("cloud")
        dc = try lab.namespace("dc")
        try lab.link(cloud, "169.254.10.1/30", dc, "169.254.10.2/30")
        try lab.link(cloud, "169.254.20.1/30", dc, "169.254.20.2/30")
        var topology = try SpeakerTopology.bundled()
        edit(&topology)
        let path = try topology.write(to: "\(lab.directory)/topology.json")
        speaker = try SpeakerProcess(lab: lab, namespace: cloud, topologyPath: path, extraArguments: ["--passive"])
        try await speaker.start()
    }

    func run(_ steps: [[String: Any]], timeout: Duration = .seconds(30)) throws -> [PeerEvent] {
        try ScriptedPeer.run(in: dc, local: Self.peer, remote: Self.ours, steps: steps, timeout: timeout)
    }

    /// The speaker still runs, answers its control socket, and its peak memory stayed under `limitKiB`.
    func expectAlive(peakBelowKiB limit: Int = 256 * 1024, sourceLocation: SourceLocation = #_sourceLocation) throws {
        #expect(speaker.isRunning, "the speaker exited\n\(speaker.logTail())", sourceLocation: sourceLocation)
        #expect(try speaker.sessions().count == 2, sourceLocation: sourceLocation)
        let peak = speaker.peakMemoryKiB() ?? Int.max
        #expect(peak < limit, "VmHWM \(peak) KiB", sourceLocation: sourceLocation)
    }

    func session() throws -> SpeakerSession { try speaker.session(Self.connection, tunnel: 1) }

    /// Runs the peer in the background with `steps`, then keeps it connected (reading) while `body`
    /// polls the speaker; stops it and returns its events.
    func whileConnected(_ steps: [[String: Any]], _ body: () async throws -> Void) async throws -> [PeerEvent] {
        let peer = try ScriptedPeer.start(in: dc, lab: lab, local: Self.peer, remote: Self.ours,
                                          steps: steps + [["collect": 40]], timeout: .seconds(45))
        try await body()
        peer.stop(grace: .seconds(2))
        return ScriptedPeer.events(from: peer)
    }
}

private func withHostileLab(topology: (inout SpeakerTopology) -> Void = { _ in }, _ body: (HostileLab) async throws -> Void) async throws {
    let lab = try Lab()
    defer { lab.teardown() }
    let env = try await HostileLab(lab: lab, topology: topology)
    do {
        try await body(env)
    } catch {
        print("[hostile] failed: \(error)\n\(env.speaker.diagnostics())")
        throw error
    }
}

/// The NOTIFICATIONs the peer received, as `[code, subcode]`.
private func notifications(_ events: [PeerEvent], connection: Int = 1) -> [[Int]] {
    events.filter { $0.connection == connection }.compactMap(\.notification)
}

/// ORIGIN IGP and AS_PATH [65001] (4-octet), as attribute octets.
private let originAndPath = "40010100" + "400206020100" + "00fde9"

/// An MP_REACH_NLRI attribute (RFC 4760 §3): AFI, SAFI 1, the next hop, a reserved octet, the NLRI.
private func mpReach(afi: Int, nextHop: String, nlri: String) -> String {
    let value = String(format: "%04x01%02x", afi, nextHop.count / 2) + nextHop + "00" + nlri
    return String(format: "800e%02x", value.count / 2) + value
}

private func hex(_ bytes: [UInt8]) -> String { bytes.map { String(format: "%02x", $0) }.joined() }
private let marker = [UInt8](repeating: 0xFF, count: 16)

/// One malformed-input case: what the peer sends after connecting, and the NOTIFICATION it must get.
struct HostileCase: Sendable, CustomTestStringConvertible {
    let name: String
    let stepsJSON: String
    let expected: [Int]
    var testDescription: String { name }

    init(_ name: String, _ steps: [[String: Any]], _ expected: [Int]) {
        self.name = name
        self.stepsJSON = String(decoding: try! JSONSerialization.data(withJSONObject: steps), as: UTF8.self)
        self.expected = expected
    }

    var steps: [[String: Any]] { (try? JSONSerialization.jsonObject(with: Data(stepsJSON.utf8))) as? [[String: Any]] ?? [] }

    static let all: [HostileCase] = [
        HostileCase("header: bad marker → 1/1 (RFC 4271 §6.1)",
                    [["send": ["raw": hex([UInt8](repeating: 0, count: 16) + [0, 19, 4])]]], [1, 1]),
        HostileCase("header: length 18 → 1/2", [["send": ["raw": hex(marker + [0, 18, 4])]]], [1, 2]),
        HostileCase("header: length 5000 → 1/2", [["send": ["raw": hex(marker + [0x13, 0x88, 2])]]], [1, 2]),
        HostileCase("header: type 9 → 1/3", [["send": ["raw": hex(marker + [0, 19, 9])]]], [1, 3]),
        HostileCase("OPEN: version 3 → 2/1", [ScriptedPeer.open(version: 3)], [2, 1]),
        HostileCase("OPEN: AS 65002, not the configured 65001 → 2/2", [ScriptedPeer.open(asn: 65002)], [2, 2]),
        HostileCase("OPEN: hold time 1 → 2/6", [ScriptedPeer.open(hold: 1)], [2, 6]),
        HostileCase("OPEN: BGP Identifier 0.0.0.0 → 2/3", [ScriptedPeer.open(id: "0.0.0.0")], [2, 3]),
        HostileCase("FSM: KEEPALIVE before OPEN (OpenSent) → 5/1 (RFC 6608)", [ScriptedPeer.keepalive], [5, 1]),
        HostileCase("FSM: UPDATE in OpenConfirm → 5/2 (RFC 6608)",
                    [ScriptedPeer.open(), ScriptedPeer.awaiting("keepalive"),
                     ["send": ["update": ["nlri": ["172.16.40.0/24"]]]]], [5, 2]),
        HostileCase("FSM: a second OPEN in Established → 5/3 (RFC 6608)", ScriptedPeer.establish() + [ScriptedPeer.open()], [5, 3]),
        HostileCase("UPDATE: withdrawn routes length beyond the message → 3/1 (RFC 7606 §4)",
                    ScriptedPeer.establish() + [["send": ["raw": hex(marker + [0, 23, 2, 0, 200, 0, 0])]]], [3, 1]),
    ]
}

@Suite("Hostile peer against transit-bgp speak", .serialized)
struct HostilePeerTests {
    @Test("a malformed or abusive input draws the exact NOTIFICATION; the speaker stays up", arguments: HostileCase.all)
    func malformedInput(_ hostile: HostileCase) async throws {
        try await withHostileLab { env in
            let events = try env.run(hostile.steps + [ScriptedPeer.awaiting("closed")])
            #expect(notifications(events).last == hostile.expected, "\(events)")
            try env.expectAlive()
            // The session recovers: a well-behaved peer is accepted at once (Idle accepts while it waits).
            let again = try env.run(ScriptedPeer.establish())
            #expect(again.last?.event == "done", "\(again)")
        }
    }

    @Test("RFC 7606 treat-as-withdraw: an UPDATE with ORIGIN 5 is withdrawn, the session stays")
    func treatAsWithdraw() async throws {
        try await withHostileLab { env in
            // ORIGIN 5 (RFC 7606 §7.1) on 172.16.41.0/24; a good one after it.
            let badOrigin = ["update": ["nlri": ["172.16.41.0/24"], "origin": 5]]
            let events = try await env.whileConnected(ScriptedPeer.establish() + [
                ["send": badOrigin],
                ["send": ["update": ["nlri": ["172.16.43.0/24"]]]],
            ]) {
                try await env.speaker.waitUntil("172.16.43.0/24 learned", timeout: .seconds(10)) {
                    try env.speaker.routes(of: HostileLab.connection)
                } until: { !$0.bgpRows("172.16.43.0/24").isEmpty }
                #expect(try env.speaker.routes(of: HostileLab.connection).bgpRows("172.16.41.0/24").isEmpty)
                #expect(try env.session().state == "Established")
            }
            #expect(notifications(events).isEmpty, "\(events)")
            try env.expectAlive()
        }
    }

    @Test("a ROUTE-REFRESH flood from a peer that never reads: reading stops, memory stays bounded, the log is rate limited")
    func refreshFlood() async throws {
        try await withHostileLab { env in
            let before = env.speaker.peakMemoryKiB() ?? 0
            let events = try env.run(ScriptedPeer.establish() + [["flood_refresh": 300_000, "timeout": 5]], timeout: .seconds(60))
            #expect(events.contains { $0.event == "flooded" || $0.event == "flood_stopped" }, "\(events)")
            let peak = env.speaker.peakMemoryKiB() ?? Int.max
            #expect(peak - before < 64 * 1024, "VmHWM grew from \(before) to \(peak) KiB")
            let sent = events.compactMap { $0.fields["sent"].flatMap(Int.init) }.max() ?? 0
            let refreshLines = env.speaker.log().components(separatedBy: "ROUTE-REFRESH received").count - 1
            // At most 20 lines a second (LogRateLimiter), whatever the flood.
            #expect(sent > 10_000 && refreshLines * 100 < sent, "\(refreshLines) ROUTE-REFRESH log lines for \(sent) requests")
            try env.expectAlive()
        }
    }

    @Test("a second connection streaming non-BGP octets while the first waits in OpenConfirm: 1/x and closed, the first survives")
    func secondConnectionGarbage() async throws {
        try await withHostileLab { env in
            let before = env.speaker.peakMemoryKiB() ?? 0
            let events = try env.run([
                ScriptedPeer.open(), ScriptedPeer.awaiting("keepalive"),
                ["connect": 2], ["send": ["garbage": 4 << 20], "conn": 2], ScriptedPeer.awaiting("notification", connection: 2),
                ScriptedPeer.keepalive, ["collect": 1],
            ], timeout: .seconds(30))
            #expect(notifications(events, connection: 2).first?.first == 1, "\(events)")
            #expect(notifications(events, connection: 1).isEmpty, "\(events)")
            let peak = env.speaker.peakMemoryKiB() ?? Int.max
            #expect(peak - before < 32 * 1024, "VmHWM grew from \(before) to \(peak) KiB")
            try env.expectAlive()
        }
    }

    @Test("a collision with an invalid OPEN (wrong AS) on the second connection: 2/2 there, the first session is kept")
    func collisionWithAnInvalidOpen() async throws {
        try await withHostileLab { env in
            let events = try await env.whileConnected([
                ScriptedPeer.open(), ScriptedPeer.awaiting("keepalive"),
                ["connect": 2], ["send": ScriptedPeer.open(asn: 65002)["send"]!, "conn": 2],
                ScriptedPeer.awaiting("notification", connection: 2),
                ScriptedPeer.keepalive,
            ]) {
                try await env.speaker.waitForSessions(tunnels: [1], timeout: .seconds(10))
            }
            #expect(notifications(events, connection: 2) == [[2, 2]], "\(events)")
            #expect(notifications(events, connection: 1).isEmpty, "\(events)")
            try env.expectAlive()
        }
    }

    @Test("slowloris: an OPEN trickled one octet at a time still establishes the session")
    func slowloris() async throws {
        try await withHostileLab { env in
            // The OPEN the peer would send, built by the script itself, trickled: the raw form here.
            let open = "ffffffffffffffffffffffffffffffff" + "002d" + "01" + "04" + "fde9" + "005a" + "0aff0002"
                + "10" + "020e" + "010400010001" + "0200" + "41040000fde9"
            let events = try env.run([["trickle": open, "delay": 0.02], ScriptedPeer.awaiting("open"),
                                      ScriptedPeer.awaiting("keepalive"), ScriptedPeer.keepalive, ["collect": 1]])
            #expect(notifications(events).isEmpty, "\(events)")
            try env.expectAlive()
        }
    }

    // MARK: Hand-made messages (issue 15 #6, #8, #3/#5, #7)

    @Test("AS4_PATH from a 2-octet speaker is merged (RFC 6793 §4.2.3)")
    func as4PathMerged() async throws {
        try await withHostileLab { env in
            _ = try await env.whileConnected(ScriptedPeer.establish(fourOctet: false) + [
                ["send": ["update": ["nlri": ["172.16.50.0/24"], "as_path": [65001, 23456, 100], "two_octet": true,
                                     "as4_path": [4_200_000_001, 100]]]],
            ]) {
                let rows = try await env.speaker.waitUntil("172.16.50.0/24 learned", timeout: .seconds(10)) {
                    try env.speaker.routes(of: HostileLab.connection).bgpRows("172.16.50.0/24")
                } until: { !$0.isEmpty }
                #expect(rows.first?.asPath == [65001, 4_200_000_001, 100], "\(rows)")
            }
        }
    }

    @Test("our own 4-octet ASN hidden behind AS_TRANS in a 2-octet peer's AS4_PATH is a loop: the route is not used (RFC 6793 §4.2.3, RFC 4271 §9.1.2)")
    func ownASNBehindASTransIsALoop() async throws {
        // We are AS 4200000001: the 2-octet peer sees AS_TRANS (23456) for us and carries us in AS4_PATH.
        try await withHostileLab(topology: { $0.setLocalASN(4_200_000_001) }) { env in
            _ = try await env.whileConnected(ScriptedPeer.establish(fourOctet: false) + [
                ["send": ["update": ["nlri": ["172.16.54.0/24"], "as_path": [65001, 23456, 100], "two_octet": true,
                                     "as4_path": [4_200_000_001, 100]]]],
                // The fence: a clean route after it, in the same order on the same connection.
                ["send": ["update": ["nlri": ["172.16.55.0/24"], "as_path": [65001, 23456, 100], "two_octet": true,
                                     "as4_path": [4_200_000_002, 100]]]],
            ]) {
                let rows = try await env.speaker.waitUntil("172.16.55.0/24 learned", timeout: .seconds(10)) {
                    try env.speaker.routes(of: HostileLab.connection).bgpRows("172.16.55.0/24")
                } until: { !$0.isEmpty }
                #expect(rows.first?.asPath == [65001, 4_200_000_002, 100], "\(rows)")
                // In the connection's BGP table as Rejected for the loop, never Active nor in the TR.
                let looped = try env.speaker.routes(of: HostileLab.connection).bgpRows("172.16.54.0/24")
                #expect(looped.count == 1 && looped.allSatisfy { $0.status == "Rejected" && $0.reason == "as_path_loop" }, "\(looped)")
                #expect(looped.first?.asPath == [65001, 4_200_000_001, 100], "\(looped)")
                #expect(try env.speaker.tables().trRows("172.16.54.0/24").isEmpty)
                #expect(try env.session().state == "Established")
                #expect(try env.session().localASN == 4_200_000_001)
            }
        }
    }

    @Test("a malformed MP_REACH_NLRI for IPv4 unicast resets the session: NOTIFICATION 3/9 (RFC 7606 §7.11, RFC 4760 §7)")
    func malformedMPReachResets() async throws {
        try await withHostileLab { env in
            let events = try env.run(ScriptedPeer.establish() + [
                ["send": ["update": ["attributes_hex": originAndPath + mpReach(afi: 1, nextHop: "a9fe0a02", nlri: "21ac10460000")]]],
                ScriptedPeer.awaiting("notification"),
            ])
            let received = notifications(events)
            #expect(received == [[3, 9]], "\(events)")  // Optional Attribute Error: the malformed MP_REACH_NLRI
            try env.expectAlive()
        }
    }

    @Test("a malformed MP_REACH_NLRI of a family not in use disables that family, the session stays (RFC 7606 §7.11)")
    func malformedMPReachOfAnotherFamilyDisablesIt() async throws {
        try await withHostileLab { env in
            let events = try await env.whileConnected(ScriptedPeer.establish() + [
                // IPv6 unicast, prefix length 129: malformed.
                ["send": ["update": ["attributes_hex": originAndPath + mpReach(afi: 2, nextHop: "20010db8" + String(repeating: "0", count: 22) + "01",
                                                                              nlri: "81" + String(repeating: "ff", count: 16))]]],
                ["send": ["update": ["nlri": ["172.16.56.0/24"]]]],
            ]) {
                try await env.speaker.waitUntil("172.16.56.0/24 learned after it", timeout: .seconds(10)) {
                    try env.speaker.routes(of: HostileLab.connection).bgpRows("172.16.56.0/24")
                } until: { !$0.isEmpty }
                #expect(try env.session().state == "Established")
            }
            #expect(notifications(events).isEmpty, "\(events)")
            #expect(env.speaker.log().lowercased().contains("ipv6"), "\(env.speaker.logTail())")
            try env.expectAlive()
        }
    }

    @Test("a route whose NEXT_HOP is our own address is not used (RFC 4271 §5.1.3)")
    func nextHopIsOurAddress() async throws {
        try await withHostileLab { env in
            _ = try await env.whileConnected(ScriptedPeer.establish() + [
                ["send": ["update": ["nlri": ["172.16.51.0/24"], "next_hop": HostileLab.ours]]],
                ["send": ["update": ["nlri": ["172.16.52.0/24"], "next_hop": "224.0.0.5"]]],
                ["send": ["update": ["nlri": ["172.16.53.0/24"]]]],
            ]) {
                try await env.speaker.waitUntil("172.16.53.0/24 learned", timeout: .seconds(10)) {
                    try env.speaker.routes(of: HostileLab.connection)
                } until: { !$0.bgpRows("172.16.53.0/24").isEmpty }
                let tables = try env.speaker.routes(of: HostileLab.connection)
                #expect(tables.bgpRows("172.16.51.0/24").isEmpty && tables.bgpRows("172.16.52.0/24").isEmpty, "\(tables)")
            }
        }
    }

    @Test("the peer's BoRR/EoRR: no re-send from us, the route it did not repeat is purged (RFC 7313 §4)")
    func peerEnhancedRefresh() async throws {
        try await withHostileLab { env in
            let events = try await env.whileConnected(ScriptedPeer.establish() + [
                ["send": ["update": ["nlri": ["172.16.60.0/24", "172.16.61.0/24"]]]],
                ["send": ["refresh": ["subtype": 1]]],
                ["send": ["update": ["nlri": ["172.16.60.0/24"]]]],
                ["send": ["refresh": ["subtype": 2]]],
                // A normal request as a fence: our BoRR answers it after everything above.
                ["send": ["refresh": ["subtype": 0]]],
                ScriptedPeer.awaiting("refresh"), ScriptedPeer.awaiting("refresh"),
            ]) {
                try await env.speaker.waitUntil("172.16.61.0/24 purged, 172.16.60.0/24 kept", timeout: .seconds(10)) {
                    try env.speaker.routes(of: HostileLab.connection)
                } until: { $0.bgpRows("172.16.61.0/24").isEmpty && !$0.bgpRows("172.16.60.0/24").isEmpty }
            }
            // Our UPDATEs: the initial table and its End-of-RIB, then only the fenced answer.
            let received = events.filter { $0.event == "received" }.map { $0.type ?? "" }
            let firstRefresh = received.firstIndex(of: "refresh") ?? received.count
            let beforeFence = received[..<firstRefresh].filter { $0 == "update" }.count
            #expect(beforeFence == 2, "\(received)")  // the 2 VPC routes in one UPDATE, then End-of-RIB
            // The fence's answer: BoRR, the table, EoRR (RFC 7313 §4).
            let subtypes = events.filter { $0.type == "refresh" }.compactMap { $0.fields["subtype"] }
            #expect(subtypes == ["1", "2"], "\(events)")
        }
    }

    @Test("a shutdown message with two spaces and UTF-8 arrives exactly (RFC 9003)")
    func shutdownMessageExact() async throws {
        try await withHostileLab { env in
            let message = "a  b — maintenance ü"
            let peer = try ScriptedPeer.start(
                in: env.dc, lab: env.lab, local: HostileLab.peer, remote: HostileLab.ours,
                steps: ScriptedPeer.establish() + [ScriptedPeer.awaiting("notification", timeout: 25)], timeout: .seconds(30))
            try await env.speaker.waitForSessions(tunnels: [1], timeout: .seconds(15))
            try env.speaker.shutdown(HostileLab.connection, 1, message: message)
            try await waitUntil("the scripted peer ends", timeout: .seconds(30), diagnostics: { env.speaker.diagnostics() }) {
                peer.isAlive
            } until: { !$0 }
            let received = ScriptedPeer.events(from: peer)
            let notification = received.first { $0.type == "notification" }
            #expect(notification?.notification == [6, 2], "\(received)")
            let bytes = Array(message.utf8)
            let expected = String(format: "%02x", bytes.count) + hex(bytes)
            #expect(notification?.fields["data"] == expected, "\(received)")
        }
    }
}
