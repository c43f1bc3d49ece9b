// Self-tests of the interop lab harness against real FRR bgpd daemons in network namespaces.
// They need root and the lab packages (`bash Tests/lab/install-deps.sh`); they fail, never skip,
// when either is missing. Timings go to stdout as `[lab timing] …` lines, to size the real
// interop tests.
//
// Names are unique per lab (`tbgp-<pid>-<hex4>-<role>`), so these tests could run in parallel with
// other suites; the suite is serialized so that its own timings are not skewed by each other.

import Foundation
import LabKit
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Collects step timings and prints them in one block.
private struct Timings {
    let test: String
    private(set) var steps: [(String, Duration)] = []
    private let clock = ContinuousClock()
    private var mark: ContinuousClock.Instant

    init(_ test: String) {
        self.test = test
        mark = clock.now
    }

    /// Records the time since the previous record (or since creation).
    mutating func lap(_ step: String) {
        let now = clock.now
        steps.append((step, now - mark))
        mark = now
    }

    mutating func record(_ step: String, _ duration: Duration) {
        steps.append((step, duration))
        mark = clock.now
    }

    func report() {
        for (step, duration) in steps {
            print("[lab timing] \(test): \(step): \(duration.milliseconds) ms")
        }
    }
}

@Suite("Lab harness (FRR in network namespaces)", .serialized)
struct LabHarnessTests {
    static let cloudAS: UInt32 = 45104
    static let dcAS: UInt32 = 65001

    @Test("two tunnels, two bgpd: both sessions Established, two paths each way, live config, clean teardown")
    func dualTunnel() async throws {
        var timings = Timings("dual tunnel")
        let lab = try Lab()
        defer { lab.teardown() }
        timings.lap("lab init + stale sweep")

        let cloud = try lab.namespace("cloud")
        let dc = try lab.namespace("dc")
        timings.lap("create 2 namespaces (lo up)")
        let tunnel1 = try lab.link(cloud, "169.254.10.1/30", dc, "169.254.10.2/30")
        let tunnel2 = try lab.link(cloud, "169.254.20.1/30", dc, "169.254.20.2/30")
        timings.lap("create 2 veth pairs with addresses")
        #expect(Set(try cloud.ipv4Addresses()) == ["127.0.0.1/8", "169.254.10.1/30", "169.254.20.1/30"])
        #expect(Set(try dc.ipv4Addresses()) == ["127.0.0.1/8", "169.254.10.2/30", "169.254.20.2/30"])

        let cloudFRR = try FRRInstance(
            lab: lab, namespace: cloud, name: "cloud",
            config: FRRConfig(
                hostname: "cloud", routerID: "10.255.0.1", localAS: Self.cloudAS,
                neighbors: [
                    FRRNeighborConfig(address: tunnel1.bIP, remoteAS: Self.dcAS),
                    FRRNeighborConfig(address: tunnel2.bIP, remoteAS: Self.dcAS),
                ],
                networks: ["10.0.0.0/16"]
            )
        )
        let dcFRR = try FRRInstance(
            lab: lab, namespace: dc, name: "dc",
            config: FRRConfig(
                hostname: "dc", routerID: "10.255.0.2", localAS: Self.dcAS,
                neighbors: [
                    FRRNeighborConfig(address: tunnel1.aIP, remoteAS: Self.cloudAS),
                    FRRNeighborConfig(address: tunnel2.aIP, remoteAS: Self.cloudAS),
                ],
                networks: ["192.168.0.0/24"]
            )
        )
        timings.record("bgpd start cloud (dry run + -d + vtysh answers)", try await cloudFRR.start())
        timings.record("bgpd start dc", try await dcFRR.start())

        let clock = ContinuousClock()
        let vtyshStart = clock.now
        _ = try dcFRR.summary()
        timings.record("one vtysh query (show bgp summary json)", clock.now - vtyshStart)

        for (frr, peer) in [(dcFRR, tunnel1.aIP), (dcFRR, tunnel2.aIP), (cloudFRR, tunnel1.bIP), (cloudFRR, tunnel2.bIP)] {
            try await frr.waitForState(neighbor: peer, timeout: .seconds(30))
        }
        timings.lap("both sessions Established after second bgpd up (connect 1 s)")

        let fromCloud = try await dcFRR.waitForPaths("10.0.0.0/16", count: 2)
        let fromDC = try await cloudFRR.waitForPaths("192.168.0.0/24", count: 2)
        timings.lap("prefixes with 2 paths on both sides after Established")
        #expect(Set(fromCloud.map(\.nextHop)) == [tunnel1.aIP, tunnel2.aIP])
        #expect(fromCloud.allSatisfy { $0.asPath == "\(Self.cloudAS)" && $0.isValid })
        #expect(fromCloud.filter(\.isBest).count == 1)
        #expect(Set(fromDC.map(\.nextHop)) == [tunnel1.bIP, tunnel2.bIP])
        #expect(fromDC.allSatisfy { $0.asPath == "\(Self.dcAS)" })
        // EXPORT is local-only: what the dc learned from the cloud does not go back to the cloud.
        #expect(try cloudFRR.rib().paths(for: "10.0.0.0/16").count == 1)

        let neighbor = try dcFRR.neighbor(tunnel1.aIP)
        #expect(neighbor.state == "Established")
        #expect(neighbor.holdTimeMilliseconds == 9000)
        #expect(neighbor.keepaliveMilliseconds == 3000)
        #expect(neighbor.remoteAS == Int(Self.cloudAS))
        #expect(neighbor.acceptedPrefixes == 1)
        let summary = try dcFRR.summary()
        #expect(summary.localAS == Int(Self.dcAS))
        #expect(summary.peers[tunnel2.aIP]?.prefixesReceived == 1)

        // Live configuration through vtysh: announce, withdraw, shut a tunnel's session, re-enable it.
        try cloudFRR.announce("10.1.0.0/16")
        try await dcFRR.waitForPaths("10.1.0.0/16", count: 2)
        timings.lap("live `network` add until 2 paths at the peer")
        try cloudFRR.withdraw("10.1.0.0/16")
        try await dcFRR.waitForPaths("10.1.0.0/16", count: 0)
        timings.lap("live `no network` until withdrawn at the peer")
        try dcFRR.shutdown(neighbor: tunnel1.aIP)
        let remaining = try await cloudFRR.waitForPaths("192.168.0.0/24", count: 1)
        #expect(remaining.map(\.nextHop) == [tunnel2.bIP])
        #expect(try cloudFRR.state(of: tunnel1.bIP) != "Established")
        timings.lap("neighbor shutdown until the peer has 1 path")
        try dcFRR.enable(neighbor: tunnel1.aIP)
        try await cloudFRR.waitForState(neighbor: tunnel1.bIP, timeout: .seconds(30))
        try await cloudFRR.waitForPaths("192.168.0.0/24", count: 2)
        timings.lap("no neighbor shutdown until Established with 2 paths")

        // A bad command is an error, not silence.
        #expect(throws: LabError.self) { try dcFRR.configure(["neighbor 169.254.10.1 no-such-knob"]) }
        // A wait that cannot succeed times out with the last observation and the bgpd log tail
        // (this prints one expected "[lab] timed out" block to stderr).
        let timeout = await #expect(throws: WaitTimeout.self) {
            try await dcFRR.waitForPaths("192.0.2.0/24", count: 1, timeout: .milliseconds(300))
        }
        #expect(timeout?.lastObserved == "[]")
        #expect(timeout?.description.contains("dc bgpd.log (tail)") ?? false)

        let directory = lab.directory
        lab.teardown()
        timings.lap("teardown")
        lab.teardown()  // idempotent
        #expect(lab.remainingNamespaces().isEmpty)
        #expect(Lab.namespaceNames().allSatisfy { !$0.hasPrefix("\(Lab.prefix)\(lab.runID)-") })
        #expect(!cloudFRR.isRunning)
        #expect(!dcFRR.isRunning)
        #expect(Lab.processes(mentioning: directory + "/").isEmpty)
        #expect(!FileManager.default.fileExists(atPath: directory))
        timings.report()
    }

    @Test("frozen peer (SIGSTOP) drops the session at hold expiry; SIGCONT brings it back")
    func frozenPeer() async throws {
        var timings = Timings("frozen peer, keepalive 1 s / hold 3 s")
        let lab = try Lab()
        defer { lab.teardown() }
        let cloud = try lab.namespace("cloud")
        let dc = try lab.namespace("dc")
        let tunnel = try lab.link(cloud, "169.254.10.1/30", dc, "169.254.10.2/30")
        var toDC = FRRNeighborConfig(address: tunnel.bIP, remoteAS: Self.dcAS)
        var toCloud = FRRNeighborConfig(address: tunnel.aIP, remoteAS: Self.cloudAS)
        (toDC.keepaliveSeconds, toDC.holdSeconds) = (1, 3)
        (toCloud.keepaliveSeconds, toCloud.holdSeconds) = (1, 3)
        let cloudFRR = try FRRInstance(
            lab: lab, namespace: cloud, name: "cloud",
            config: FRRConfig(hostname: "cloud", routerID: "10.255.0.1", localAS: Self.cloudAS, neighbors: [toDC], networks: ["10.0.0.0/16"])
        )
        let dcFRR = try FRRInstance(
            lab: lab, namespace: dc, name: "dc",
            config: FRRConfig(hostname: "dc", routerID: "10.255.0.2", localAS: Self.dcAS, neighbors: [toCloud])
        )
        try await cloudFRR.start()
        try await dcFRR.start()
        timings.lap("setup: 2 namespaces, 1 link, 2 bgpd")
        try await dcFRR.waitForState(neighbor: tunnel.aIP, timeout: .seconds(30))
        try await dcFRR.waitForPaths("10.0.0.0/16", count: 1)
        timings.lap("Established with the route")
        #expect(try dcFRR.neighbor(tunnel.aIP).holdTimeMilliseconds == 3000)

        try cloudFRR.freeze()
        let frozen = ContinuousClock().now
        let down = try await dcFRR.waitUntil("session leaves Established", timeout: .seconds(15)) {
            try dcFRR.neighbor(tunnel.aIP)
        } until: { $0.state != "Established" }
        timings.lap("freeze until the peer drops the session (hold 3 s)")
        #expect(ContinuousClock().now - frozen >= .seconds(2))
        #expect(down.lastNotificationReason == "Hold Timer Expired", "\(down)")
        #expect(down.lastErrorCodeSubcode == "0400", "\(down)")
        try await dcFRR.waitForPaths("10.0.0.0/16", count: 0)

        try cloudFRR.unfreeze()
        try await dcFRR.waitForState(neighbor: tunnel.aIP, timeout: .seconds(30))
        try await dcFRR.waitForPaths("10.0.0.0/16", count: 1)
        timings.lap("unfreeze until Established with the route again")

        cloudFRR.stop()
        #expect(!cloudFRR.isRunning)
        try await dcFRR.waitUntil("session down after the peer stopped", timeout: .seconds(10)) {
            try dcFRR.state(of: tunnel.aIP)
        } until: { $0 != "Established" }
        timings.lap("SIGTERM until the peer sees the session down (Cease)")
        timings.report()
    }

    @Test("TCP MD5 (RFC 2385): same password Established; mismatched or one-sided password never")
    func tcpMD5() async throws {
        let probe = Lab.kernelSupportsTCPMD5()
        let kernel = (try? String(contentsOfFile: "/proc/sys/kernel/osrelease", encoding: .utf8))?
            .trimmingCharacters(in: .whitespacesAndNewlines) ?? "?"
        print("[lab] kernel \(kernel): TCP_MD5SIG supported: \(probe.supported) (\(probe.detail))")
        #expect(probe.supported, "\(probe.detail)")

        var timings = Timings("tcp md5")
        let lab = try Lab()
        defer { lab.teardown() }
        // Three independent pairs: matching keys, mismatched keys, a key on one side only.
        var pairs: [(cloud: FRRInstance, dc: FRRInstance, link: VethPair)] = []
        let passwords: [(String?, String?)] = [("tbgp-secret", "tbgp-secret"), ("tbgp-secret", "other-secret"), ("tbgp-secret", nil)]
        for (index, (cloudPassword, dcPassword)) in passwords.enumerated() {
            let cloud = try lab.namespace("cloud\(index)")
            let dc = try lab.namespace("dc\(index)")
            let link = try lab.link(cloud, "169.254.10.1/30", dc, "169.254.10.2/30")
            let cloudFRR = try FRRInstance(
                lab: lab, namespace: cloud, name: "cloud\(index)",
                config: FRRConfig(
                    hostname: "cloud\(index)", routerID: "10.255.0.1", localAS: Self.cloudAS,
                    neighbors: [FRRNeighborConfig(address: link.bIP, remoteAS: Self.dcAS, password: cloudPassword)],
                    networks: ["10.0.0.0/16"]
                )
            )
            let dcFRR = try FRRInstance(
                lab: lab, namespace: dc, name: "dc\(index)",
                config: FRRConfig(
                    hostname: "dc\(index)", routerID: "10.255.0.2", localAS: Self.dcAS,
                    neighbors: [FRRNeighborConfig(address: link.aIP, remoteAS: Self.cloudAS, password: dcPassword)]
                )
            )
            try await cloudFRR.start()
            try await dcFRR.start()
            pairs.append((cloudFRR, dcFRR, link))
        }
        timings.lap("setup: 6 namespaces, 3 links, 6 bgpd")

        let matching = pairs[0]
        try await matching.dc.waitForState(neighbor: matching.link.aIP, timeout: .seconds(30))
        try await matching.dc.waitForPaths("10.0.0.0/16", count: 1)
        timings.lap("same password: Established with the route")

        let mismatched = pairs[1]
        let oneSided = pairs[2]
        let period = Duration.seconds(5)
        try await ensureNever("a session with a bad TCP MD5 key reaches Established", for: period) {
            (try mismatched.dc.state(of: mismatched.link.aIP), try oneSided.dc.state(of: oneSided.link.aIP))
        } violates: { $0.0 == "Established" || $0.1 == "Established" }
        timings.lap("mismatched and one-sided: not Established during \(period)")

        // The kernel, not bgpd, dropped the segments: its MD5 counters moved in those namespaces.
        let mismatchCounters = try mismatched.cloud.namespace.tcpExtCounters()
        let mismatchDCCounters = try mismatched.dc.namespace.tcpExtCounters()
        let oneSidedCounters = try oneSided.cloud.namespace.tcpExtCounters()
        let oneSidedDCCounters = try oneSided.dc.namespace.tcpExtCounters()
        let failures = (mismatchCounters["TCPMD5Failure"] ?? 0) + (mismatchDCCounters["TCPMD5Failure"] ?? 0)
        let oneSidedDrops = ["TCPMD5NotFound", "TCPMD5Unexpected"].reduce(0) {
            $0 + (oneSidedCounters[$1] ?? 0) + (oneSidedDCCounters[$1] ?? 0)
        }
        print("[lab] MD5 counters: mismatched TCPMD5Failure=\(failures); one-sided TCPMD5NotFound+Unexpected=\(oneSidedDrops)")
        #expect(failures > 0)
        #expect(oneSidedDrops > 0)

        // Fixing the key live brings the mismatched session up.
        try mismatched.dc.setPassword("tbgp-secret", neighbor: mismatched.link.aIP)
        try await mismatched.dc.waitForState(neighbor: mismatched.link.aIP, timeout: .seconds(30))
        timings.lap("live password fix until Established")
        timings.report()
    }

    @Test("the sweep removes namespaces and processes of dead labs, and leaves live labs alone")
    func staleSweep() async throws {
        let ip = try LabCommand.ipPath()
        let sleepPath = try LabCommand.locate("sleep", candidates: ["/usr/bin/sleep", "/bin/sleep"])
        let live = try Lab()
        defer { live.teardown() }
        let liveNamespace = try live.namespace("live")

        // A lab that "crashed": its namespace exists, its dir and lock do not, a process runs in it.
        let staleName = "tbgp-\(Int32.max)-beef-stale"
        try LabCommand.run([ip, "netns", "add", staleName]).check()
        defer { _ = try? LabCommand.run([ip, "netns", "del", staleName]) }
        let orphan = try LabCommand.spawn([ip, "netns", "exec", staleName, sleepPath, "600"], stdoutPath: nil, stderrPath: nil)
        defer {
            kill(orphan, SIGKILL)
            _ = LabCommand.waitForExit(orphan, deadline: ContinuousClock().now + .seconds(2))
        }
        #expect(Lab.isAlive(orphan))
        #expect(Lab.isStale(staleName))
        #expect(!Lab.isStale(liveNamespace.name))
        #expect(!Lab.isStale("tbgp-proto-a"))  // not this harness's shape: never touched

        let removed = Lab.sweepStale()
        #expect(removed.contains(staleName))
        #expect(!Lab.namespaceNames().contains(staleName))
        #expect(Lab.namespaceNames().contains(liveNamespace.name))
        let status = try await waitUntil("the orphan sleep is killed", timeout: .seconds(5)) {
            LabCommand.waitForExit(orphan, deadline: ContinuousClock().now)
        } until: { $0 != nil }
        #expect(status == 128 + SIGKILL)
    }

    @Test("deinit tears down: namespaces, spawned processes and the temp dir go away")
    func deinitTeardown() throws {
        let sleepPath = try LabCommand.locate("sleep", candidates: ["/usr/bin/sleep", "/bin/sleep"])
        var names: [String] = []
        var pid: Int32 = 0
        var directory = ""
        do {
            let lab = try Lab()
            let a = try lab.namespace("a")
            let b = try lab.namespace("b")
            try lab.link(a, "169.254.10.1/30", b, "169.254.10.2/30")
            // The peer address is reached over the veth end.
            let routes = try a.runChecked([lab.ipPath, "-4", "route", "get", "169.254.10.2"]).stdout
            #expect(routes.contains("dev tun1"))
            let sleeper = try lab.spawn(in: a, [sleepPath, "600"], name: "sleeper")
            #expect(sleeper.isAlive)
            pid = sleeper.pid
            names = [a.name, b.name]
            directory = lab.directory
            #expect(FileManager.default.fileExists(atPath: directory))
        }
        let present = Set(Lab.namespaceNames())
        #expect(names.allSatisfy { !present.contains($0) })
        #expect(!Lab.isAlive(pid))
        #expect(!FileManager.default.fileExists(atPath: directory))
    }
}
