import BGPSpeaker
import Foundation
import LabKit
import Glibc

/// `transit-bgp-bench failover` (root; README, "Lab"): the dual-tunnel lab of `transit-bgp lab` with
/// FRR announcing N prefixes over both tunnels, then tunnel 1 cut two ways.
///
/// 1. `transit-bgp lab up` (the topology's quota lifted, `dpd_timeout` as asked); FRR gets N
///    `network` statements live (20.0.0.0/24, 20.0.1.0/24, … through 21.255.255.0/24) and its generated outbound route maps
///    one more entry permitting them. Consistent: every prefix in our connection's BGP table Active
///    over tunnels [1, 2] (ECMP) and in the TR default table, and FRR holding, from each tunnel's
///    neighbor, exactly the prefixes we advertise on that tunnel.
/// 2. Link down: tunnel 1's veth pair down and `transit-bgp tunnel vco-dc1/1 down` (the cloud learns
///    at once). Consistent: every prefix over tunnel [2] only and still in the TR default table, FRR
///    holding from tunnel 2 every prefix we advertise there. `failover_link_down_s` is the time from
///    the fault to the first observation of that state (the observation included).
/// 3. Link up and `tunnel … up`: back to 1. (`failover_link_up_s`).
/// 4. Silence (`lab fault … silent`): nothing crosses tunnel 1 any more and dead peer detection
///    must notice; `failover_dpd_s` as in 2. Then `answer`: back to 1 (`failover_dpd_recovery_s`).
///
/// The lab runs with IPsec (`lab up` without `--no-ipsec`): link-down and silent make the data
/// center's gateway drop tunnel 1's IKE and ESP, the cloud's charon declares the peer dead after
/// `dpd_delay` (a third of `--dpd-timeout`) plus its 4 + 6 + 9 s of retransmits, and its updown
/// script tells the speaker; on `answer` the cloud's charon re-establishes the SA (retrying on the
/// same schedule) and the speaker reconnects.
///
/// Every observation during the faults also counts the prefixes in the TR default table:
/// `failover_tr_prefixes_min` is the smallest count seen (N + 2 when nothing was ever missing).
/// Waits are polls with deadlines: cheap `show sessions` first, then the full tables (about 6 MB of
/// JSON for 10,000 prefixes).
enum FailoverBenchmark {
    static let connection = "vco-dc1"
    static let attachment = "tr-attach-vco-dc1"

    static func run(arguments: [String]) throws {
        let count = intOption(arguments, "--prefixes") ?? 10_000
        let dpdTimeout = intOption(arguments, "--dpd-timeout") ?? 30
        let source = stringOption(arguments, "--topology") ?? "Topologies/dual-tunnel-bgp/topology.json"
        // The speaker's hold time (its KEEPALIVEs every third of it; 0: none): passed to `lab up`.
        let holdTime = intOption(arguments, "--hold-time")
        if let holdTime, holdTime != 0 && !(3 ... 65535).contains(holdTime) {
            throw BenchmarkError("--hold-time must be 0 or 3-65535 seconds")
        }
        guard (1 ... 131_072).contains(count) else { throw BenchmarkError("--prefixes must be 1-131072 (20.0.0.0/7 in /24s)") }
        guard (1 ... 3600).contains(dpdTimeout) else { throw BenchmarkError("--dpd-timeout must be 1-3600 seconds") }
        guard geteuid() == 0 else { throw BenchmarkError("failover runs a lab (network namespaces, bgpd): run it as root") }
        let transitBGP = try stringOption(arguments, "--transit-bgp") ?? sibling("transit-bgp")
        guard FileManager.default.isExecutableFile(atPath: transitBGP) else {
            throw BenchmarkError("\(transitBGP) is not an executable: build it (`swift build -c release --product transit-bgp`) or pass --transit-bgp PATH")
        }
        let bench = Bench(transitBGP: transitBGP, count: count)
        defer { bench.down() }
        try bench.up(source: source, dpdTimeout: dpdTimeout, holdTime: holdTime)
        print("failover: lab up in \(bench.directory); \(count) prefixes, dpd_timeout \(dpdTimeout) s, "
            + "hold time \(holdTime.map { "\($0) s" } ?? "90 s (default)"), transit-bgp \(transitBGP)")

        let loaded = try bench.load()
        print("failover: FRR's \(count) prefixes held over both tunnels, TR default table complete (\(bench.lastPoll))")
        try bench.phase("link-down", wantTunnels: [2], deadline: .seconds(60)) {
            try bench.lab(["fault", bench.topology, "\(connection)/1", "link-down"])
            _ = try bench.control("tunnel \(connection)/1 down")
        }
        let linkDown = bench.elapsed
        try bench.phase("link-up", wantTunnels: [1, 2], deadline: .seconds(120)) {
            try bench.lab(["fault", bench.topology, "\(connection)/1", "link-up"])
            _ = try bench.control("tunnel \(connection)/1 up")
        }
        let linkUp = bench.elapsed
        try bench.phase("silent", wantTunnels: [2], deadline: .seconds(2 * dpdTimeout + 60)) {
            try bench.lab(["fault", bench.topology, "\(connection)/1", "silent"])
        }
        let dpd = bench.elapsed
        try bench.phase("answer", wantTunnels: [1, 2], deadline: .seconds(180)) {
            try bench.lab(["fault", bench.topology, "\(connection)/1", "answer"])
            if holdTime == 0 {
                // Without KEEPALIVEs FRR (which has no DPD) never learns that its side of tunnel 1's
                // session died, and refuses our new connection while it lasts: clear it, as its
                // IPsec DPD would.
                print("failover: hold time 0: clearing FRR's stale session on tunnel 1 (FRR has no DPD)")
                _ = try bench.vtysh("clear bgp 169.254.10.1")
            }
        }
        let dpdRecovery = bench.elapsed
        figure("failover_load_s", loaded, "s")
        figure("failover_link_down_s", linkDown, "s")
        figure("failover_link_up_s", linkUp, "s")
        figure("failover_dpd_s", dpd, "s")
        figure("failover_dpd_recovery_s", dpdRecovery, "s")
        figure("failover_tr_prefixes_min", Double(bench.trMinimum), "prefixes")
        figure("failover_poll_s", median(bench.pollSeconds), "s")
        guard bench.trMinimum == count + 2 else {
            throw BenchmarkError("the TR default table lost prefixes during a failover: \(bench.trMinimum) of \(count + 2) at worst")
        }
    }

    /// An executable next to this one (`.build/release/`).
    static func sibling(_ name: String) throws -> String {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        guard length > 0 else { throw BenchmarkError("cannot find this executable (/proc/self/exe)") }
        let path = String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        return URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent(name).path
    }
}

/// One run of the benchmark: its lab, its observations.
private final class Bench {
    let transitBGP: String
    let count: Int
    let directory = "/tmp/tbgplab-bench-\(getpid())"
    let topology = "/tmp/tbgplab-bench-\(getpid()).json"
    var control = ""
    var vtyDirectory = ""
    /// FRR's vtysh: the first of the usual places, else `vtysh` on `$PATH`.
    let vtyshPath: String = {
        let candidates = ["/usr/bin/vtysh", "/usr/sbin/vtysh"] + (ProcessInfo.processInfo.environment["PATH"] ?? "")
            .split(separator: ":").map { "\($0)/vtysh" }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) } ?? "vtysh"
    }()
    /// The bench prefixes plus the topology's two (192.168.0.0/16, 172.16.10.0/24).
    let prefixes: Set<String>
    /// Seconds of the last phase, fault to consistent.
    var elapsed = 0.0
    var trMinimum = Int.max
    var pollSeconds: [Double] = []
    var lastPoll = ""

    init(transitBGP: String, count: Int) {
        self.transitBGP = transitBGP
        self.count = count
        prefixes = Set((0 ..< count).map(Self.benchPrefix) + ["192.168.0.0/16", "172.16.10.0/24"])
    }

    // MARK: Processes

    /// Runs a command, returns stdout; throws with its output unless it exits 0.
    @discardableResult
    func run(_ arguments: [String]) throws -> String {
        let result = try LabCommand.run(arguments, timeout: .seconds(600))
        guard result.succeeded else { throw BenchmarkError("`\(arguments.joined(separator: " "))` \(result)") }
        return result.stdout
    }

    func lab(_ arguments: [String]) throws {
        try run([transitBGP, "lab"] + arguments + ["--dir", directory])
    }

    func control(_ request: String) throws -> String {
        do {
            return try ControlClient.send(request, path: control, timeout: .seconds(30))
        } catch {
            throw BenchmarkError("control socket: \(error)")
        }
    }

    func vtysh(_ command: String) throws -> String {
        try run([vtyshPath, "--vty_socket", vtyDirectory, "-d", "bgpd", "-c", command])
    }

    static func object(_ text: String, _ what: String) throws -> [String: Any] {
        guard let object = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] else {
            throw BenchmarkError("\(what): not a JSON object")
        }
        return object
    }

    // MARK: Set-up

    func up(source: String, dpdTimeout: Int, holdTime: Int?) throws {
        guard let data = FileManager.default.contents(atPath: source),
            var root = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        else { throw BenchmarkError("cannot read \(source)") }
        var connections = root["ipsec_connections"] as? [[String: Any]] ?? []
        for index in connections.indices {
            connections[index]["learned_route_quota"] = NSNull()
            var tunnels = connections[index]["tunnel_options_specification"] as? [[String: Any]] ?? []
            for tunnel in tunnels.indices { tunnels[tunnel]["dpd_timeout"] = dpdTimeout }
            connections[index]["tunnel_options_specification"] = tunnels
        }
        root["ipsec_connections"] = connections
        try JSONSerialization.data(withJSONObject: root, options: [.prettyPrinted, .sortedKeys]).write(to: URL(fileURLWithPath: topology))
        _ = try? run([transitBGP, "lab", "down", topology, "--dir", directory])
        try lab(["up", topology] + (holdTime.map { ["--hold-time", String($0)] } ?? []))
        let status = try Self.object(try run([transitBGP, "lab", "status", topology, "--dir", directory, "--json"]), "lab status --json")
        control = status["control"] as? String ?? ""
        vtyDirectory = ((status["data_centers"] as? [[String: Any]])?.first?["vty_socket_dir"] as? String) ?? ""
        guard !control.isEmpty, !vtyDirectory.isEmpty else { throw BenchmarkError("lab status --json: no control socket or vty directory") }
    }

    /// Adds the prefixes to FRR live; returns the seconds until the ECMP state is complete.
    func load() throws -> Double {
        var lines = ["ip prefix-list TBGP-BENCH seq 5 permit 20.0.0.0/7 ge 24 le 24"]
        for tunnel in [1, 2] {
            lines += ["route-map VCO-DC1-T\(tunnel)-OUT permit 30", " match ip address prefix-list TBGP-BENCH", "exit"]
        }
        lines += ["router bgp 65001", " address-family ipv4 unicast"]
        lines += (0 ..< count).map { "  network \(Self.benchPrefix($0))" }
        lines += [" exit-address-family", "exit"]
        let file = "\(directory)/bench-networks.conf"
        try (lines.joined(separator: "\n") + "\n").write(toFile: file, atomically: true, encoding: .utf8)
        try phase("load", wantTunnels: [1, 2], deadline: .seconds(300), countTR: false) {
            try run([vtyshPath, "--vty_socket", vtyDirectory, "-d", "bgpd", "-f", file])
        }
        return elapsed
    }

    func down() {
        _ = try? run([transitBGP, "lab", "down", topology, "--dir", directory])
        unlink(topology)
    }

    // MARK: Phases

    /// Runs `fault`, then polls until ``consistent(wantTunnels:countTR:)``; sets ``elapsed`` to the
    /// seconds from just before the fault to the end of the first consistent observation.
    func phase(_ name: String, wantTunnels: [Int], deadline period: Duration, countTR: Bool = true, fault: () throws -> Void) throws {
        let clock = ContinuousClock()
        let start = clock.now
        let deadline = start + period
        try fault()
        var last = ""
        while true {
            // Cheap first: the sessions must show the tunnels we want (and tunnel 1 down when we want only 2).
            let sessions = try sessionsReady(wantTunnels: wantTunnels)
            if sessions.ready {
                let pollStart = clock.now
                let (ok, detail) = try consistent(wantTunnels: wantTunnels, countTR: countTR)
                pollSeconds.append(seconds(clock.now - pollStart))
                last = detail
                if ok { break }
            } else {
                last = sessions.detail
            }
            guard clock.now < deadline else { throw BenchmarkError("\(name): not consistent within \(period): \(last)") }
            usleep(sessions.ready ? 0 : 100_000)  // 0.1 s between cheap polls; bounded by `deadline`
        }
        elapsed = seconds(clock.now - start)
        lastPoll = last
        print("failover: \(name): consistent after \(String(format: "%.3f", elapsed)) s (\(last))")
    }

    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    /// Tunnel 1 is down (and tunnel 2 Established with every prefix) when only [2] is wanted; both
    /// Established with every prefix when [1, 2] is.
    func sessionsReady(wantTunnels: [Int]) throws -> (ready: Bool, detail: String) {
        let sessions = try Self.object(try control("show sessions json"), "show sessions")["sessions"] as? [[String: Any]] ?? []
        var detail: [String] = []
        var ready = true
        for tunnel in [1, 2] {
            guard let session = sessions.first(where: { ($0["tunnel"] as? Int) == tunnel }) else { return (false, "no session \(tunnel)") }
            let state = session["state"] as? String ?? "?"
            let received = session["received_prefixes"] as? Int ?? -1
            detail.append("tunnel \(tunnel) \(state) \(received)")
            if wantTunnels.contains(tunnel) {
                ready = ready && state == "established" && received == prefixes.count
            } else {
                ready = ready && session["tunnel_up"] as? Bool == false
            }
        }
        return (ready, detail.joined(separator: ", "))
    }

    /// Our tables and FRR's: every prefix Active over exactly `wantTunnels` and in the TR default
    /// table; FRR holds, from each wanted tunnel's neighbor, exactly what we advertise on it.
    func consistent(wantTunnels: [Int], countTR: Bool) throws -> (Bool, String) {
        let tables = try Self.object(try control("show tables json"), "show tables")
        let bgpRows = (((tables["connections"] as? [String: Any])?[FailoverBenchmark.connection] as? [String: Any])?["bgp"] as? [[String: Any]]) ?? []
        var wrongTunnels = 0
        var learned = Set<String>()
        var advertised: [Int: Set<String>] = [1: [], 2: []]
        for row in bgpRows {
            guard let prefix = row["prefix"] as? String else { continue }
            let tunnels = row["tunnels"] as? [Int] ?? []
            if row["source"] as? String == "CLOUD" {
                for tunnel in tunnels { advertised[tunnel, default: []].insert(prefix) }
            } else if prefixes.contains(prefix), row["status"] as? String == "Active" {
                learned.insert(prefix)
                if tunnels != wantTunnels { wrongTunnels += 1 }
            }
        }
        let trRows = ((tables["transit_router"] as? [String: Any])?["vtb-default"] as? [[String: Any]]) ?? []
        let inTR = Set(trRows.compactMap { row -> String? in
            guard let prefix = row["prefix"] as? String, prefixes.contains(prefix), row["status"] as? String == "Active",
                row["next_hop"] as? String == FailoverBenchmark.attachment
            else { return nil }
            return prefix
        })
        if countTR { trMinimum = min(trMinimum, inTR.count) }
        var frrMismatch: [String] = []
        for tunnel in wantTunnels {
            let neighbor = tunnel == 1 ? "169.254.10.1" : "169.254.20.1"
            let routes = try Self.object(try vtysh("show bgp ipv4 unicast neighbors \(neighbor) routes json"), "FRR routes")
            let held = Set((routes["routes"] as? [String: Any] ?? [:]).keys)
            if held != advertised[tunnel] ?? [] {
                frrMismatch.append("tunnel \(tunnel): FRR holds \(held.sorted()) but we advertise \((advertised[tunnel] ?? []).sorted())")
            }
        }
        let detail = "\(learned.count)/\(prefixes.count) learned, \(wrongTunnels) not over \(wantTunnels), \(inTR.count) in the TR default table"
            + (frrMismatch.isEmpty ? ", FRR holds all we advertise on \(wantTunnels)" : "; " + frrMismatch.joined(separator: "; "))
        let ok = learned.count == prefixes.count && wrongTunnels == 0 && inTR.count == prefixes.count && frrMismatch.isEmpty
            && !(advertised[2] ?? []).isEmpty
        return (ok, detail)
    }

    /// The `i`th announced prefix: the /24s of 20.0.0.0/7 in order.
    static func benchPrefix(_ i: Int) -> String { "\(20 + i / 65_536).\((i / 256) % 256).\(i % 256).0/24" }
}
