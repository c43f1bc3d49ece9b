// Issue 7's live must-shows, run with the built `transit-bgp` as a user runs it: `lab up` (real FRR
// bgpd in namespaces, configured from `transit-bgp config`), `lab fault`, `lab state`, the control
// socket's `tunnel` and `set`, `lab down`.
//
// - preference: prepend-tunnel-2 and active-standby hold the data center's prefixes Active on tunnel 1
//   and Standby on tunnel 2; tunnel 1 down moves them to tunnel 2 (FRR keeps the VPC CIDRs over
//   tunnel 2), tunnel 1 up brings back the original state, equal to `simulate --json`;
// - settings flipped live: for each advanced setting on dual-tunnel-bgp, the live before/after
//   difference of every table equals `diff --set … --json`, FRR's received routes equal what
//   `simulate --json` predicts for the topology with the setting off (VPC CIDRs gone or kept), and
//   flipping back restores the original state;
// - protected data flows with BGP on (dual-tunnel-bgp with local/remote subnets, FRR announcing one
//   remote CIDR): the policy route and the VPN_BGP route both appear, the destination-based table
//   decides the TR route, and every table equals `simulate --json` for the same file.
//
// Every test removes its lab in a `defer`, even when it fails; no test skips.

import Foundation
import LabKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// `transit-bgp lab …` for these tests (the same calls as LabInteropTests' helper).
private enum LiveLab {
    static let dataCenterPrefixes = ["172.16.10.0/24", "192.168.0.0/16"]
    static let vpcCIDRs = ["10.0.0.0/16", "10.1.0.0/16"]

    static func path(_ topology: String) -> String {
        "\(SpeakerBinary.repositoryRoot)/Topologies/\(topology)/topology.json"
    }

    static func run(_ arguments: [String], timeout: Duration = .seconds(180)) throws -> CommandResult {
        try LabCommand.run([try SpeakerBinary.locate()] + arguments, timeout: timeout)
    }

    static func directory(_ name: String) -> String { "/tmp/tbgplab-l\(getpid())-\(name)" }

    static func id(_ directory: String) -> String {
        var hash: UInt32 = 2_166_136_261
        for byte in directory.utf8 { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
        return String(format: "%08x", hash)
    }

    static func leftovers(_ directory: String) -> [String] {
        Lab.namespaceNames().filter { $0.hasPrefix("tbgplab-\(id(directory))-") }.map { "namespace \($0)" }
            + Lab.processes(mentioning: directory + "/").map { "process \($0)" }
            + (FileManager.default.fileExists(atPath: directory) ? ["directory \(directory)"] : [])
    }

    static func down(_ topology: String, _ directory: String) {
        _ = try? run(["lab", "down", topology, "--dir", directory], timeout: .seconds(60))
    }

    static func state(_ topology: String, _ directory: String) throws -> [String: Any] {
        try LooseJSON.object(try run(["lab", "state", topology, "--dir", directory]).check().stdout, what: "lab state")
    }

    static func simulate(_ topology: String) throws -> [String: Any] {
        try LooseJSON.object(try run(["simulate", topology, "--json"]).check().stdout, what: "simulate --json")
    }

    static func logs(_ directory: String) -> String {
        let files = ((try? FileManager.default.subpathsOfDirectory(atPath: directory)) ?? []).filter { $0.hasSuffix(".log") }
        return files.sorted().map { "--- \($0)\n" + LabCommand.tail(ofFile: "\(directory)/\($0)", lines: 20) }.joined(separator: "\n")
    }

    @discardableResult
    static func waitForState(
        _ what: String, _ topology: String, _ directory: String, timeout: Duration = .seconds(30),
        until accept: @escaping ([String: Any]) -> Bool
    ) async throws -> [String: Any] {
        try await waitUntil(what, timeout: timeout, poll: .milliseconds(250),
                            diagnostics: { Self.logs(directory) }, observe: { try Self.state(topology, directory) }, until: accept)
    }

    // MARK: views of a state

    static func tunnel(_ state: [String: Any], _ name: String) -> [String: Any] {
        (state["tunnels"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    static func bgpRows(_ state: [String: Any], _ prefix: String) -> [[String: Any]] {
        (((state["connections"] as? [String: Any])?["vco-dc1"] as? [String: Any])?["bgp"] as? [[String: Any]] ?? [])
            .filter { $0["prefix"] as? String == prefix }
    }

    /// Every tunnel path of a prefix in the BGP table: its row (one per prefix and source) and the
    /// row's `other_paths`, each as a row-like object with `tunnels`, `status` and `reason`.
    static func bgpPaths(_ state: [String: Any], _ prefix: String) -> [[String: Any]] {
        bgpRows(state, prefix).flatMap { row in
            [row] + (row["other_paths"] as? [[String: Any]] ?? []).map { path in
                path.merging(["tunnels": [path["tunnel"] ?? 0]]) { old, _ in old }
            }
        }
    }

    /// `tunnels → status` of the BGP table's paths for a prefix, e.g. `["1 Active", "2 Standby"]`.
    static func bgpStatus(_ state: [String: Any], _ prefix: String) -> [String] {
        bgpPaths(state, prefix).map { row in
            LooseJSON.ints(row["tunnels"]).map(String.init).joined(separator: ",") + " " + (row["status"] as? String ?? "?")
        }.sorted()
    }

    static func trRows(_ state: [String: Any], _ prefix: String) -> [[String: Any]] {
        ((state["transit_router"] as? [String: Any])?["vtb-default"] as? [[String: Any]] ?? [])
            .filter { $0["prefix"] as? String == prefix }
    }

    /// The prefixes FRR (data center `dc1`) holds from tunnel `index`'s neighbor.
    static func frrPrefixes(_ state: [String: Any], tunnel index: Int) -> [String] {
        (((state["data_centers"] as? [String: Any])?["dc1"] as? [String: Any])?["\(index)"] as? [[String: Any]] ?? [])
            .compactMap { $0["prefix"] as? String }.sorted()
    }

    static func bothTunnelsUp(_ state: [String: Any]) -> Bool {
        ["vco-dc1/1", "vco-dc1/2"].allSatisfy { name in
            let tunnel = tunnel(state, name)
            return tunnel["ipsec"] as? String == "up" && tunnel["bgp"] as? String == "established"
                && tunnel["data_center_bgp"] as? String == "established" && LooseJSON.int(tunnel["received"]) == 2
        }
    }

    /// `key` of two states (or a state and a simulation) equal.
    static func same(_ key: String, _ a: [String: Any], _ b: [String: Any]) -> Bool {
        (a[key] as? NSDictionary)?.isEqual(to: b[key] as? [String: Any] ?? [:]) == true
    }

    // MARK: table differences on the key fields

    /// A row reduced to its key fields: TR rows prefix, next hop, status; connection rows prefix,
    /// source, tunnels, status.
    static func key(_ row: [String: Any], transitRouter: Bool) -> String {
        let prefix = row["prefix"] as? String ?? "?"
        let status = row["status"] as? String ?? "?"
        if transitRouter { return "\(prefix) via \((row["next_hop"] as? String) ?? "blackhole") \(status)" }
        return "\(prefix) \(row["source"] as? String ?? "?") tunnels \(LooseJSON.ints(row["tunnels"])) \(status)"
    }

    /// Every table of a state, by the names `diff` uses (`tr/ID`, `CONN/destination`, `CONN/bgp`),
    /// each a map prefix → its reduced rows, sorted.
    static func tables(_ state: [String: Any]) -> [String: [String: [String]]] {
        var result: [String: [String: [String]]] = [:]
        func add(_ table: String, _ rows: [[String: Any]], transitRouter: Bool) {
            var byPrefix: [String: [String]] = [:]
            for row in rows { byPrefix[row["prefix"] as? String ?? "?", default: []].append(key(row, transitRouter: transitRouter)) }
            result[table] = byPrefix.mapValues { $0.sorted() }
        }
        for (id, rows) in state["transit_router"] as? [String: Any] ?? [:] {
            add("tr/\(id)", rows as? [[String: Any]] ?? [], transitRouter: true)
        }
        for (id, value) in state["connections"] as? [String: Any] ?? [:] {
            let connection = value as? [String: Any] ?? [:]
            add("\(id)/destination", connection["destination"] as? [[String: Any]] ?? [], transitRouter: false)
            add("\(id)/bgp", connection["bgp"] as? [[String: Any]] ?? [], transitRouter: false)
        }
        return result
    }

    /// `TABLE PREFIX: [before] -> [after]` for every (table, prefix) whose reduced rows differ.
    static func difference(_ before: [String: Any], _ after: [String: Any]) -> [String] {
        let old = tables(before), new = tables(after)
        var lines: [String] = []
        for table in Set(old.keys).union(new.keys) {
            let a = old[table] ?? [:], b = new[table] ?? [:]
            for prefix in Set(a.keys).union(b.keys) where (a[prefix] ?? []) != (b[prefix] ?? []) {
                lines.append("\(table) \(prefix): \(a[prefix] ?? []) -> \(b[prefix] ?? [])")
            }
        }
        return lines.sorted()
    }

    /// `diff --json`'s changes in the same form (changes only in other fields drop out).
    static func predicted(_ changes: [[String: Any]]) -> [String] {
        changes.compactMap { change in
            let table = change["table"] as? String ?? "?"
            let transitRouter = table.hasPrefix("tr/")
            let before = (change["before"] as? [[String: Any]] ?? []).map { key($0, transitRouter: transitRouter) }.sorted()
            let after = (change["after"] as? [[String: Any]] ?? []).map { key($0, transitRouter: transitRouter) }.sorted()
            return before == after ? nil : "\(table) \(change["prefix"] as? String ?? "?"): \(before) -> \(after)"
        }.sorted()
    }
}

@Suite("Live behaviour (issue 7): preference under faults, settings flipped live, against FRR", .serialized)
struct LiveBehaviourTests {
    @Test("preference: tunnel 1 Active, tunnel 2 Standby; tunnel 1 down moves the prefixes to tunnel 2, up moves them back",
          arguments: ["prepend-tunnel-2", "active-standby"])
    func preferenceUnderLinkFault(_ name: String) async throws {
        let topology = LiveLab.path(name)
        let directory = LiveLab.directory(name)
        LiveLab.down(topology, directory)
        defer {
            LiveLab.down(topology, directory)
            #expect(LiveLab.leftovers(directory).isEmpty, "\(LiveLab.leftovers(directory))")
        }
        try LiveLab.run(["lab", "up", topology, "--dir", directory]).check()
        let control = "\(directory)/speaker.sock"
        let simulated = try LiveLab.simulate(topology)

        // Steady state: tunnel 1 Active, tunnel 2 Standby for each data-center prefix; the TR holds tunnel 1's path.
        let steady = try await LiveLab.waitForState("steady state", topology, directory) { state in
            LiveLab.bothTunnelsUp(state) && LiveLab.same("connections", state, simulated)
        }
        for prefix in LiveLab.dataCenterPrefixes {
            #expect(LiveLab.bgpStatus(steady, prefix) == ["1 Active", "2 Standby"], "\(prefix): \(LiveLab.bgpRows(steady, prefix))")
            #expect(LiveLab.bgpRows(steady, prefix).count == 1, "one row per prefix: \(LiveLab.bgpRows(steady, prefix))")
            let standby = LiveLab.bgpPaths(steady, prefix).first { LooseJSON.ints($0["tunnels"]) == [2] }
            #expect(standby?["reason"] as? String == (name == "prepend-tunnel-2" ? "as_path_length" : "active_standby"), "\(standby ?? [:])")
            let tr = LiveLab.trRows(steady, prefix)
            #expect(tr.map { $0["next_hop"] as? String } == ["tr-attach-vco-dc1"] && tr.first?["status"] as? String == "Active", "\(tr)")
            #expect(tr.first.map { LooseJSON.ints($0["as_path"]) } == [65001], "\(tr)")
        }
        #expect(LiveLab.same("transit_router", steady, simulated))
        for index in [1, 2] {
            #expect(Set(LiveLab.vpcCIDRs).isSubset(of: LiveLab.frrPrefixes(steady, tunnel: index)), "FRR, tunnel \(index): \(steady["data_centers"] ?? "nil")")
        }

        // Tunnel 1's link down, and the speaker told at once: tunnel 2 carries every prefix, Active.
        try LiveLab.run(["lab", "fault", topology, "vco-dc1/1", "link-down", "--dir", directory]).check()
        try LiveLab.run(["tunnel", "vco-dc1/1", "down", "--control", control]).check()
        let failed = try await LiveLab.waitForState("tunnel 2 Active after tunnel 1 went down", topology, directory) { state in
            LiveLab.dataCenterPrefixes.allSatisfy { LiveLab.bgpStatus(state, $0) == ["2 Active"] }
        }
        #expect(LiveLab.tunnel(failed, "vco-dc1/1")["ipsec"] as? String == "down")
        #expect(LiveLab.tunnel(failed, "vco-dc1/1")["reason"] as? String == "administratively_down")
        for prefix in LiveLab.dataCenterPrefixes {
            let tr = LiveLab.trRows(failed, prefix)
            #expect(tr.map { $0["next_hop"] as? String } == ["tr-attach-vco-dc1"] && tr.first?["status"] as? String == "Active", "\(tr)")
            // The TR now holds tunnel 2's path: prepended twice there, the same path under active/standby.
            let expected = name == "prepend-tunnel-2" ? [65001, 65001, 65001] : [65001]
            #expect(tr.first.map { LooseJSON.ints($0["as_path"]) } == expected, "\(tr)")
        }
        // FRR still reaches the VPC CIDRs over tunnel 2 (its tunnel 1 session lingers until its own hold timer: no zebra).
        #expect(Set(LiveLab.vpcCIDRs).isSubset(of: LiveLab.frrPrefixes(failed, tunnel: 2)), "\(failed["data_centers"] ?? "nil")")

        // Link up: back to tunnel 1 Active, tunnel 2 Standby, and everything as the simulator's steady state.
        try LiveLab.run(["lab", "fault", topology, "vco-dc1/1", "link-up", "--dir", directory]).check()
        try LiveLab.run(["tunnel", "vco-dc1/1", "up", "--control", control]).check()
        let back = try await LiveLab.waitForState("tunnel 1 Active again", topology, directory, timeout: .seconds(60)) { state in
            LiveLab.bothTunnelsUp(state)
                && LiveLab.dataCenterPrefixes.allSatisfy { LiveLab.bgpStatus(state, $0) == ["1 Active", "2 Standby"] }
                && LiveLab.vpcCIDRs.allSatisfy { LiveLab.frrPrefixes(state, tunnel: 1).contains($0) }
        }
        for key in ["transit_router", "connections", "data_centers"] {
            #expect(LiveLab.same(key, back, simulated), "\(key): live \(back[key] ?? "nil")\nsimulated \(simulated[key] ?? "nil")")
        }
    }

    @Test("settings flipped live: the tables change as diff --set predicts, FRR's routes as simulate predicts, and flip back")
    func settingsFlippedLive() async throws {
        let topology = LiveLab.path("dual-tunnel-bgp")
        let directory = LiveLab.directory("settings")
        LiveLab.down(topology, directory)
        defer {
            LiveLab.down(topology, directory)
            #expect(LiveLab.leftovers(directory).isEmpty, "\(LiveLab.leftovers(directory))")
        }
        try LiveLab.run(["lab", "up", topology, "--dir", directory]).check()
        let control = "\(directory)/speaker.sock"
        let simulated = try LiveLab.simulate(topology)
        let original = try await LiveLab.waitForState("steady state", topology, directory) { state in
            LiveLab.bothTunnelsUp(state) && ["transit_router", "connections", "data_centers"].allSatisfy { LiveLab.same($0, state, simulated) }
        }

        // setting, the bundled topology with it off, whether FRR loses the VPC CIDRs.
        let settings: [(String, String, Bool)] = [
            ("advertise-routes", "advertise-routes-off", true),
            ("associate-default-table", "association-off", true),
            ("propagate-default-table", "propagation-off", false),
        ]
        for (setting, offTopology, losesVPCs) in settings {
            let diff = try LiveLab.run(["diff", topology, "--set", "vco-dc1.\(setting)=off", "--json"]).check()
            let changes = (try JSONSerialization.jsonObject(with: Data(diff.stdout.utf8)) as? [String: Any])?["changes"] as? [[String: Any]] ?? []
            let prediction = LiveLab.predicted(changes)
            #expect(!prediction.isEmpty, "\(setting): the simulator predicts a change")
            let offSimulated = try LiveLab.simulate(LiveLab.path(offTopology))

            try LiveLab.run(["set", "vco-dc1", setting, "off", "--control", control]).check()
            // Settled: the tables show the predicted difference and FRR holds what the simulator says it receives.
            let settledOff = try await LiveLab.waitForState("\(setting) off settles", topology, directory) { state in
                LiveLab.difference(original, state) == prediction && LiveLab.same("data_centers", state, offSimulated)
            }
            // Stays settled: for a second, no read differs from the settled state.
            try await ensureNever("\(setting) off: the tables keep changing", for: .seconds(1), poll: .milliseconds(250)) {
                try LiveLab.state(topology, directory)
            } violates: { !LiveLab.difference(settledOff, $0).isEmpty }
            let off = try LiveLab.state(topology, directory)
            #expect(LiveLab.difference(original, off) == prediction,
                    "\(setting) off: live \(LiveLab.difference(original, off))\npredicted \(prediction)")
            #expect(LiveLab.difference(settledOff, off).isEmpty, "\(setting) off: still changing")
            #expect(LiveLab.same("data_centers", off, offSimulated), "\(setting) off: FRR \(off["data_centers"] ?? "nil")")
            for index in [1, 2] {
                let held = Set(LiveLab.frrPrefixes(off, tunnel: index))
                if losesVPCs {
                    #expect(held.isDisjoint(with: LiveLab.vpcCIDRs), "\(setting) off: FRR tunnel \(index) still holds \(held)")
                } else {
                    #expect(held == Set(LiveLab.frrPrefixes(original, tunnel: index)), "\(setting) off: FRR tunnel \(index) \(held)")
                }
            }
            #expect(LiveLab.bothTunnelsUp(off), "\(setting) off: the sessions stay up")

            // Back on: the original state returns.
            try LiveLab.run(["set", "vco-dc1", setting, "on", "--control", control]).check()
            try await LiveLab.waitForState("\(setting) back on", topology, directory) { state in
                LiveLab.difference(original, state).isEmpty && LiveLab.same("data_centers", state, original)
            }
            let on = try LiveLab.state(topology, directory)
            for key in ["transit_router", "connections", "data_centers"] {
                #expect(LiveLab.same(key, on, original), "\(setting) on again, \(key): \(on[key] ?? "nil")")
            }
        }
    }
    @Test("protected data flows with BGP on: the policy route and the VPN_BGP route both appear, the destination-based one decides, as simulate predicts")
    func protectedDataFlowsWithBGP() async throws {
        let directory = LiveLab.directory("pdfbgp")
        let scratch = try Lab(sweepStale: false)
        defer { scratch.teardown() }
        // dual-tunnel-bgp with protected data flows: the VPCs local, 192.168.0.0/16 (which FRR also
        // announces) and 172.20.0.0/16 (which it does not) remote; 172.16.10.0/24 comes by BGP only.
        var document = try SpeakerTopology.bundled("dual-tunnel-bgp")
        document.root["expect"] = nil
        var connections = document.root["ipsec_connections"] as? [[String: Any]] ?? []
        connections[0]["local_subnet"] = "10.0.0.0/16,10.1.0.0/16"
        connections[0]["remote_subnet"] = "192.168.0.0/16,172.20.0.0/16"
        document.root["ipsec_connections"] = connections
        let topology = try document.write(to: "\(scratch.directory)/protected-bgp.json")
        LiveLab.down(topology, directory)
        defer {
            LiveLab.down(topology, directory)
            #expect(LiveLab.leftovers(directory).isEmpty, "\(LiveLab.leftovers(directory))")
        }
        // Bare veths: with IPsec the data center's strongSwan answers TS_UNACCEPTABLE to the cloud's
        // narrowed selectors when they list several subnets (open, see the issue 16 notes).
        try LiveLab.run(["lab", "up", topology, "--dir", directory, "--no-ipsec"]).check()
        let simulated = try LiveLab.simulate(topology)
        let live = try await LiveLab.waitForState("settled", topology, directory) { state in
            LiveLab.bothTunnelsUp(state) && LiveLab.same("connections", state, simulated)
        }
        for key in ["transit_router", "connections", "data_centers"] {
            #expect(LiveLab.same(key, live, simulated), "\(key): live \(live[key] ?? "nil")\nsimulated \(simulated[key] ?? "nil")")
        }

        let connection = (live["connections"] as? [String: Any])?["vco-dc1"] as? [String: Any] ?? [:]
        func rows(_ table: String, _ prefix: String) -> [String] {
            (connection[table] as? [[String: Any]] ?? []).filter { $0["prefix"] as? String == prefix }
                .map { LiveLab.key($0, transitRouter: false) }
        }
        // Both sources for the overlapping prefix: the automatic policy route and the data center's BGP route.
        #expect(rows("destination", "192.168.0.0/16") == ["192.168.0.0/16 policy tunnels [1, 2] published"])
        #expect(rows("bgp", "192.168.0.0/16") == ["192.168.0.0/16 VPN_BGP tunnels [1, 2] Active"])
        #expect(rows("destination", "172.20.0.0/16") == ["172.20.0.0/16 policy tunnels [1, 2] published"])
        #expect(rows("bgp", "172.20.0.0/16").isEmpty)
        #expect(rows("bgp", "172.16.10.0/24") == ["172.16.10.0/24 VPN_BGP tunnels [1, 2] Active"])
        // The destination-based table goes first: the TR holds one route for 192.168.0.0/16, the Static one.
        let overlap = LiveLab.trRows(live, "192.168.0.0/16")
        #expect(overlap.map { $0["origin_type"] as? String } == ["Static"], "\(overlap)")
        #expect(overlap.first?["next_hop"] as? String == "tr-attach-vco-dc1" && overlap.first?["status"] as? String == "Active")
        #expect(LiveLab.trRows(live, "172.16.10.0/24").map { $0["origin_type"] as? String } == ["BGP"])
        #expect(LiveLab.trRows(live, "172.20.0.0/16").map { $0["origin_type"] as? String } == ["Static"])
    }
}
