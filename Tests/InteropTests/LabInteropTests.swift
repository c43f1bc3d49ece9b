// `transit-bgp lab` and `transit-bgp verify --lab`, run as a user runs them: the built executable,
// real namespaces, FRR's bgpd configured from the generated frr.conf, our speaker.
//
// - up / up again / status / verify --lab / down / down again on the six topologies whose steady
//   state the issue names, each in a lab directory of the test's own; after down nothing is left:
//   no namespace `tbgplab-<id>-*`, no process naming the directory, no directory;
// - verify --lab brings up (and removes) a lab of its own when none is up (two data centers);
// - verify --lab on the topologies of issue 14's rules (VPC CIDR, Express Connect, strict table
//   order, the data center's own AS in a path): every block passes live and the lab settles;
// - faults: silent (dead peer detection after dpd_timeout 3 s, `peer_silent` before it),
//   answer, link-down with `transit-bgp tunnel … down` (at once), link-up;
// - a failed up (bgpd replaced by /bin/false) removes what it created; a killed up is cleaned by down;
// - bad input: specific messages and exit statuses.
//
// Every test removes its labs in a `defer`, even when it fails. No test skips: a missing tool fails
// with a pointer to `bash Tests/lab/install-deps.sh`.

import Foundation
import LabKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Runs `transit-bgp lab …` and friends for the tests, and checks what a lab leaves behind.
private enum LabCLI {
    /// The six topologies of issue 7's must-show 5.
    static let topologies = ["dual-tunnel-bgp", "prepend-tunnel-2", "active-standby", "advertise-routes-off",
                             "association-off", "propagation-off"]

    static func path(_ topology: String) -> String {
        "\(SpeakerBinary.repositoryRoot)/Topologies/\(topology)/topology.json"
    }

    /// `transit-bgp ARGUMENTS…`, optionally with environment assignments in front (through env).
    static func run(_ arguments: [String], environment: [String] = [], timeout: Duration = .seconds(180)) throws -> CommandResult {
        let binary = try SpeakerBinary.locate()
        let prefix = environment.isEmpty ? [] : ["/usr/bin/env"] + environment
        return try LabCommand.run(prefix + [binary] + arguments, timeout: timeout)
    }

    /// A lab directory of this test run: `/tmp/tbgplab-t<pid>-<name>` (short: FRR's vty socket lives in it).
    static func directory(_ name: String) -> String {
        "/tmp/tbgplab-t\(getpid())-\(name)"
    }

    /// The lab's ID as `transit-bgp lab` derives it: FNV-1a (32 bits) of the directory's path.
    static func id(_ directory: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in directory.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return String(format: "%08x", hash)
    }

    static func namespaces(_ directory: String) -> [String] {
        Lab.namespaceNames().filter { $0.hasPrefix("tbgplab-\(id(directory))-") }
    }

    /// What a lab in `directory` left: namespaces, processes naming the directory, the directory.
    static func leftovers(_ directory: String) -> [String] {
        namespaces(directory).map { "namespace \($0)" }
            + Lab.processes(mentioning: directory + "/").map { "process \($0): \(Lab.commandLine(of: $0) ?? "?")" }
            + (FileManager.default.fileExists(atPath: directory) ? ["directory \(directory)"] : [])
    }

    /// `lab down` (twice is harmless); for `defer`.
    static func down(_ topology: String, _ directory: String) {
        _ = try? run(["lab", "down", topology, "--dir", directory], timeout: .seconds(60))
    }

    static func status(_ topology: String, _ directory: String) throws -> [String: Any] {
        let result = try run(["lab", "status", topology, "--dir", directory, "--json"], timeout: .seconds(30))
        return try LooseJSON.object(result.stdout, what: "lab status --json (exit \(result.status), \(result.stderr))")
    }

    /// `lab state`: the live state in the shape of `simulate --json`.
    static func state(_ topology: String, _ directory: String) throws -> [String: Any] {
        try LooseJSON.object(try run(["lab", "state", topology, "--dir", directory]).check().stdout, what: "lab state")
    }

    /// `tunnels[name]` of `lab state`.
    static func tunnel(_ state: [String: Any], _ name: String) -> [String: Any] {
        (state["tunnels"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    /// The `lab status --json` row of one tunnel.
    static func statusRow(_ status: [String: Any], _ name: String) -> [String: Any] {
        (status["tunnels"] as? [[String: Any]] ?? []).first { $0["tunnel"] as? String == name } ?? [:]
    }

    /// Polls `lab state` until `accept` holds (bounded).
    @discardableResult
    static func waitForState(
        _ what: String, _ topology: String, _ directory: String, timeout: Duration,
        until accept: @escaping ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        try await waitUntil(what, timeout: timeout, poll: .milliseconds(250),
                            diagnostics: { Self.logs(directory) }, observe: { try Self.state(topology, directory) }, until: accept)
    }

    /// The speaker's and bgpd's logs, for a failure message.
    static func logs(_ directory: String) -> String {
        let files = ((try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".log") }
        return files.sorted().map { "--- \($0)\n" + LabCommand.tail(ofFile: "\(directory)/\($0)", lines: 20) }.joined(separator: "\n")
    }
}

@Suite("Lab (transit-bgp lab up/down/status/fault, verify --lab) against FRR", .serialized)
struct LabInteropTests {
    @Test("up, up again, status, verify --lab, down, down again: the steady state of six topologies passes live and nothing is left",
          arguments: LabCLI.topologies)
    func upVerifyDown(_ name: String) throws {
        let topology = LabCLI.path(name)
        let directory = LabCLI.directory(name)
        LabCLI.down(topology, directory)
        defer { LabCLI.down(topology, directory) }

        let up = try LabCLI.run(["lab", "up", topology, "--dir", directory])
        #expect(up.succeeded, "\(up)")
        #expect(up.stdout.contains("up in \(directory)"), "\(up)")
        #expect(LabCLI.namespaces(directory).sorted() == ["tbgplab-\(LabCLI.id(directory))-cloud", "tbgplab-\(LabCLI.id(directory))-dc1"])
        let first = try LabCLI.status(topology, directory)
        #expect(first["up"] as? Bool == true, "\(first)")
        for name in ["vco-dc1/1", "vco-dc1/2"] {
            let row = LabCLI.statusRow(first, name)
            #expect((row["cloud"] as? [String: Any])?["state"] as? String == "established", "\(row)")
            #expect((row["data_center"] as? [String: Any])?["state"] as? String == "established", "\(row)")
        }
        let processes = Lab.processes(mentioning: directory + "/").sorted()
        #expect(processes.count == 2, "the speaker and one bgpd: \(processes.map { Lab.commandLine(of: $0) ?? "?" })")

        // Up again: nothing new.
        let again = try LabCLI.run(["lab", "up", topology, "--dir", directory])
        #expect(again.succeeded && again.stdout.contains("already up"), "\(again)")
        #expect(Lab.processes(mentioning: directory + "/").sorted() == processes)
        #expect(LabCLI.namespaces(directory).count == 2)
        let second = try LabCLI.status(topology, directory)
        #expect(LooseJSON.int(second["speaker_pid"]) == LooseJSON.int(first["speaker_pid"]))

        // The steady-state blocks pass live, timed ones are named and skipped.
        let verify = try LabCLI.run(["verify", "--lab", topology, "--dir", directory])
        #expect(verify.succeeded, "\(verify)\n\(LabCLI.logs(directory))")
        let document = try SpeakerTopology.bundled(name)
        let blocks = document.root["expect"] as? [[String: Any]] ?? []
        let steady = blocks.filter { $0["at"] == nil }.count
        #expect(steady > 0)
        #expect(verify.stdout.split(separator: "\n").filter { $0.hasPrefix("PASS ") }.count == steady, "\(verify)")
        #expect(verify.stdout.contains("\(steady) passed, 0 failed, \(blocks.count - steady) not checked live"), "\(verify)")
        if blocks.count > steady { #expect(verify.stdout.contains("not checked live: timed (at ")) }
        // The lab it found stays up.
        #expect(!verify.stdout.contains("brought up"))
        #expect(LabCLI.namespaces(directory).count == 2)

        // The simulator's steady state, table for table, equals the lab's (tunnels, both tables, FRR's routes).
        let live = try LabCLI.state(topology, directory)
        let simulated = try LooseJSON.object(try LabCLI.run(["simulate", topology, "--json"]).check().stdout, what: "simulate --json")
        for key in ["tunnels", "transit_router", "connections", "data_centers"] {
            #expect((live[key] as? NSDictionary)?.isEqual(to: simulated[key] as? [String: Any] ?? [:]) == true,
                    "\(key): live \(live[key] ?? "nil")\nsimulated \(simulated[key] ?? "nil")")
        }

        let down = try LabCLI.run(["lab", "down", topology, "--dir", directory])
        #expect(down.succeeded && down.stdout.contains("down: removed"), "\(down)")
        #expect(LabCLI.leftovers(directory).isEmpty, "\(LabCLI.leftovers(directory))")
        let downAgain = try LabCLI.run(["lab", "down", topology, "--dir", directory])
        #expect(downAgain.succeeded && downAgain.stdout.contains("nothing to do"), "\(downAgain)")
        let status = try LabCLI.run(["lab", "status", topology, "--dir", directory])
        #expect(status.status == 1 && status.stdout.contains("no lab of"), "\(status)")
    }

    @Test("verify --lab without a lab up brings one up for the check and removes it (two data centers, four tunnels)")
    func verifyBringsItsOwnLab() throws {
        let topology = LabCLI.path("two-data-centers")
        let directory = LabCLI.directory("two-dcs")
        LabCLI.down(topology, directory)
        defer { LabCLI.down(topology, directory) }
        let verify = try LabCLI.run(["verify", "--lab", topology, "--dir", directory])
        #expect(verify.succeeded, "\(verify)")
        #expect(verify.stdout.contains("lab brought up in \(directory)") && verify.stdout.contains("brought down"), "\(verify)")
        #expect(verify.stdout.contains("2 passed, 0 failed, 0 not checked live"), "\(verify)")
        #expect(LabCLI.leftovers(directory).isEmpty, "\(LabCLI.leftovers(directory))")
    }

    /// Issue 14's rules (reference §10 items 1, 2 and 11) live: the simulator's expectations hold
    /// against FRR, and the lab settles (bgpd dropping a path with its own AS is expected, not a
    /// lab that never converges).
    @Test("verify --lab passes the rules' topologies and the lab settles",
          arguments: ["vpc-cidr-announced-by-dc", "vbr-and-vpn-same-prefix", "strict-table-order", "data-center-own-as-in-path"])
    func rulesTopologiesPassLive(_ name: String) throws {
        let topology = LabCLI.path(name)
        let directory = LabCLI.directory(String(name.prefix(12)))
        LabCLI.down(topology, directory)
        defer { LabCLI.down(topology, directory) }
        let verify = try LabCLI.run(["verify", "--lab", topology, "--dir", directory])
        #expect(verify.succeeded, "\(verify)")
        #expect(verify.stdout.contains(" 0 failed, 0 not checked live"), "\(verify)")
        #expect(!verify.stdout.contains("did not settle"), "\(verify)")
        #expect(LabCLI.leftovers(directory).isEmpty, "\(LabCLI.leftovers(directory))")
    }

    @Test("faults: silent until DPD (dpd_timeout 3 s) and answer; link-down with tunnel down at once, link-up")
    func faults() async throws {
        let directory = LabCLI.directory("faults")
        let scratch = try Lab(sweepStale: false)
        defer { scratch.teardown() }
        var document = try SpeakerTopology.bundled("dual-tunnel-bgp")
        document.editTunnels { tunnel in
            if LooseJSON.int(tunnel["tunnel_index"]) == 1 { tunnel["dpd_timeout"] = 3 }
        }
        let topology = try document.write(to: "\(scratch.directory)/dpd3.json")
        LabCLI.down(topology, directory)
        defer { LabCLI.down(topology, directory) }
        try LabCLI.run(["lab", "up", topology, "--dir", directory]).check()
        let control = "\(directory)/speaker.sock"

        // Silent: the cloud still counts the tunnel up until DPD declares it dead, then tunnel 2 carries everything.
        let silent = try LabCLI.run(["lab", "fault", topology, "vco-dc1/1", "silent", "--dir", directory])
        #expect(silent.succeeded && silent.stdout.contains("vco-dc1/1: silent"), "\(silent)")
        let silentAt = ContinuousClock().now
        let early = try LabCLI.state(topology, directory)
        #expect(LabCLI.tunnel(early, "vco-dc1/1")["ipsec"] as? String == "up", "\(early)")
        #expect(LabCLI.tunnel(early, "vco-dc1/1")["peer_silent"] as? Bool == true, "\(early)")
        let dead = try await LabCLI.waitForState("DPD declares tunnel 1 dead", topology, directory, timeout: .seconds(20)) { state in
            LabCLI.tunnel(state, "vco-dc1/1")["reason"] as? String == "dpd_timeout"
        }
        // dpd_timeout runs from the last answered probe, at most a second (the probe interval) before the silence.
        #expect(ContinuousClock().now - silentAt >= .milliseconds(1500))
        #expect(LabCLI.tunnel(dead, "vco-dc1/1")["ipsec"] as? String == "down")
        let bgp = ((dead["connections"] as? [String: Any])?["vco-dc1"] as? [String: Any])?["bgp"] as? [[String: Any]] ?? []
        #expect(bgp.filter { $0["prefix"] as? String == "192.168.0.0/16" }.map { LooseJSON.ints($0["tunnels"]) } == [[2]], "\(bgp)")
        let status = try LabCLI.status(topology, directory)
        #expect((LabCLI.statusRow(status, "vco-dc1/1")["fault"] as? [String: Any])?["silent"] as? Bool == true)

        try LabCLI.run(["lab", "fault", topology, "vco-dc1/1", "answer", "--dir", directory]).check()
        try await LabCLI.waitForState("tunnel 1 back after the silence", topology, directory, timeout: .seconds(40)) { state in
            let tunnel = LabCLI.tunnel(state, "vco-dc1/1")
            return tunnel["ipsec"] as? String == "up" && tunnel["bgp"] as? String == "established"
                && tunnel["data_center_bgp"] as? String == "established" && LooseJSON.int(tunnel["received"]) == 2
        }

        // Link down plus `tunnel … down`: the cloud knows at once.
        try LabCLI.run(["lab", "fault", topology, "vco-dc1/2", "link-down", "--dir", directory]).check()
        try LabCLI.run(["tunnel", "vco-dc1/2", "down", "--control", control]).check()
        let cut = try LabCLI.state(topology, directory)
        #expect(LabCLI.tunnel(cut, "vco-dc1/2")["ipsec"] as? String == "down")
        #expect(LabCLI.tunnel(cut, "vco-dc1/2")["reason"] as? String == "administratively_down")
        let trRows = ((cut["transit_router"] as? [String: Any])?["vtb-default"] as? [[String: Any]] ?? [])
            .filter { $0["prefix"] as? String == "192.168.0.0/16" }
        #expect(trRows.map { $0["next_hop"] as? String } == ["tr-attach-vco-dc1"], "\(trRows)")
        try LabCLI.run(["lab", "fault", topology, "vco-dc1/2", "link-up", "--dir", directory]).check()
        try LabCLI.run(["tunnel", "vco-dc1/2", "up", "--control", control]).check()
        try await LabCLI.waitForState("tunnel 2 back", topology, directory, timeout: .seconds(40)) { state in
            ["vco-dc1/1", "vco-dc1/2"].allSatisfy { name in
                let tunnel = LabCLI.tunnel(state, name)
                return tunnel["ipsec"] as? String == "up" && tunnel["data_center_bgp"] as? String == "established"
                    && LooseJSON.int(tunnel["received"]) == 2 && LooseJSON.int(tunnel["advertised"]) == 2
            }
        }
        let verify = try LabCLI.run(["verify", "--lab", topology, "--dir", directory])
        #expect(verify.succeeded, "\(verify)")

        try LabCLI.run(["lab", "down", topology, "--dir", directory]).check()
        #expect(LabCLI.leftovers(directory).isEmpty, "\(LabCLI.leftovers(directory))")
    }

    @Test("a failed up removes what it created; down after a killed up leaves nothing")
    func failedAndKilledUp() async throws {
        let topology = LabCLI.path("prepend-tunnel-2")
        let directory = LabCLI.directory("broken")
        LabCLI.down(topology, directory)
        defer { LabCLI.down(topology, directory) }

        let failed = try LabCLI.run(["lab", "up", topology, "--dir", directory], environment: ["TBGP_FRR_BGPD=/bin/false"])
        #expect(failed.status == 1, "\(failed)")
        #expect(failed.stderr.contains("bgpd refuses the configuration of dc1") && failed.stderr.contains("the lab was removed again"),
                "\(failed)")
        #expect(LabCLI.leftovers(directory).isEmpty, "\(LabCLI.leftovers(directory))")

        // Killed while starting: the namespaces exist, maybe bgpd too; down finds them by name.
        let binary = try SpeakerBinary.locate()
        let log = "\(Lab.tempRoot)/tbgplab-t\(getpid())-killed.log"
        defer { unlink(log) }
        let pid = try LabCommand.spawn([binary, "lab", "up", topology, "--dir", directory, "--no-wait"], stdoutPath: log, stderrPath: log)
        try await waitUntil("lab up created its namespaces", timeout: .seconds(20), poll: .milliseconds(10)) {
            LabCLI.namespaces(directory).count >= 1
        }
        kill(pid, SIGKILL)
        _ = LabCommand.waitForExit(pid, deadline: ContinuousClock().now + .seconds(5))
        #expect(!LabCLI.leftovers(directory).isEmpty, "the kill left something to clean")
        let up = try LabCLI.run(["lab", "up", topology, "--dir", directory])
        #expect(up.status == 1 && up.stderr.contains("lab down"), "an up over the remains says what to do: \(up)")
        let down = try LabCLI.run(["lab", "down", topology, "--dir", directory])
        #expect(down.succeeded, "\(down)")
        #expect(LabCLI.leftovers(directory).isEmpty, "\(LabCLI.leftovers(directory))")
        // Nor the output files of the command the killed up was running.
        let scratch = ((try? FileManager.default.contentsOfDirectory(atPath: "/tmp")) ?? []).filter { $0.hasPrefix("tbgplab-cmd-\(pid)-") }
        #expect(scratch.isEmpty, "\(scratch)")
    }

    @Test("bad input gets a specific message and exit status")
    func badInput() throws {
        let topology = LabCLI.path("dual-tunnel-bgp")
        let directory = LabCLI.directory("bad")
        defer { LabCLI.down(topology, directory) }
        let cases: [([String], Int32, String)] = [
            (["lab", "boot", topology], 2, "unknown lab action 'boot'"),
            (["lab", "up"], 2, "`lab up` expects one TOPOLOGY"),
            (["lab", "up", topology, "--wait", "0"], 2, "--wait needs 1-3600 seconds"),
            (["lab", "fault", topology, "vco-dc1/3", "silent", "--dir", directory], 2, "no tunnel 'vco-dc1/3' in the lab"),
            (["lab", "fault", topology, "vco-dc1/1", "melt", "--dir", directory], 2, "unknown fault 'melt'"),
            (["lab", "fault", topology, "vco-dc1/1", "silent", "--dir", directory], 1, "no lab of"),
            (["lab", "up", LabCLI.path("protected-data-flows"), "--dir", directory], 1, "no_bgp_connection"),
            (["lab", "status", topology, "--dir", directory], 1, "no lab of"),
            (["verify", topology, "--dir", directory], 2, "--dir and --settle go with --lab"),
            (["verify", "--lab", topology, LabCLI.path("active-standby"), "--dir", directory], 2, "give one FILE with it"),
            (["lab", "up", topology, "--dir", "/tmp/" + String(repeating: "d", count: 100)], 1, "longer than 107 bytes"),
        ]
        for (arguments, status, message) in cases {
            let result = try LabCLI.run(arguments)
            #expect(result.status == status, "\(arguments): \(result)")
            #expect((result.stdout + result.stderr).contains(message), "\(arguments): \(result)")
        }
        #expect(LabCLI.leftovers(directory).isEmpty, "\(LabCLI.leftovers(directory))")
    }
}
