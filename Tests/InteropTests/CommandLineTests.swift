// The `transit-bgp` command line as users run it: the README's first command, `verify` (pass and
// fail), `--help` on every verb, and usage errors that name the bad argument. Runs the built binary.

import Foundation
import LabKit
import Testing

@Suite struct CommandLineTests {
    static func run(_ arguments: [String]) throws -> CommandResult {
        try LabCommand.run([try SpeakerBinary.locate()] + arguments, timeout: .seconds(60))
    }

    static func topology(_ name: String) -> String { "\(SpeakerBinary.repositoryRoot)/Topologies/\(name)/topology.json" }

    @Test func theReadmeFirstCommandPrintsTheTables() throws {
        let result = try Self.run(["simulate", Self.topology("dual-tunnel-bgp")]).check()
        for line in ["Transit router tr-demo route table vtb-default", "IPsec connection vco-dc1 BGP route table",
                     "Data center dc1: routes received from the cloud", "BGP Established"] {
            #expect(result.stdout.contains(line), "missing '\(line)'")
        }
        #expect(result.stdout.contains("192.168.0.0/16  vco-dc1   tunnel 1, tunnel 2  VPN_BGP  65001"))
    }

    /// `explain --at` explains the simulation's state then: before DPD fires both tunnels carry the
    /// prefix, after it only tunnel 2; `simulate` prints the move under the event that caused it.
    @Test func explainAtATimeAndTheRouteChangesOfEachEvent() throws {
        let topology = Self.topology("tunnel-1-failover")
        let before = try Self.run(["explain", topology, "192.168.0.0/16", "--table", "vco-dc1/bgp", "--at", "80"]).check()
        #expect(before.stdout.contains("192.168.0.0/16 VPN_BGP tunnels 1,2 [65001] Active"), "\(before.stdout)")
        let after = try Self.run(["explain", topology, "192.168.0.0/16", "--table", "vco-dc1/bgp", "--at", "95"]).check()
        #expect(after.stdout.contains("192.168.0.0/16 VPN_BGP tunnels 2 [65001] Active"), "\(after.stdout)")
        let simulate = try Self.run(["simulate", topology]).check()
        #expect(simulate.stdout.contains("""
            Route changes after each timeline event (until the next one)
            60 s  dpd_timeout vco-dc1/1 (timeline[0])
              90 s  vco-dc1/bgp         4 prefixes moved from tunnels 1,2 to tunnel 2
              90 s  data_centers/dc1/1  10.0.0.0/16, 10.1.0.0/16 removed (was next hop 169.254.10.1)
            """), "\(simulate.stdout)")
    }

    @Test func simulateAtATimeShowsTheStateThen() throws {
        let during = try Self.run(["simulate", Self.topology("tunnel-1-failover"), "--at", "95", "--json"]).check()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(during.stdout.utf8)) as? [String: Any])
        #expect(object["time_ms"] as? Int == 95_000)
        let tunnels = try #require(object["tunnels"] as? [String: [String: Any]])
        #expect(tunnels["vco-dc1/1"]?["reason"] as? String == "dpd_timeout")
        #expect(tunnels["vco-dc1/2"]?["bgp"] as? String == "established")
    }

    @Test func verifyPassesOnEveryBundledTopology() throws {
        let names = try FileManager.default.contentsOfDirectory(atPath: "\(SpeakerBinary.repositoryRoot)/Topologies")
            .filter { FileManager.default.fileExists(atPath: Self.topology($0)) }.sorted()
        let result = try Self.run(["verify"] + names.map(Self.topology)).check()
        #expect(result.stdout.contains(" 0 failed"))
        #expect(!result.stdout.contains("FAIL"))
    }

    @Test func verifyFailsWithTheDifferenceAndExitStatusOne() throws {
        var text = try String(contentsOfFile: Self.topology("dual-tunnel-bgp"), encoding: .utf8)
        text = text.replacingOccurrences(of: #""tunnels": [1, 2], "as_path": [65001], "status": "Active"}]"#,
                                         with: #""tunnels": [1], "as_path": [65001], "status": "Active"}]"#)
        let path = "\(NSTemporaryDirectory())tbgp-verify-\(getpid()).json"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.run(["verify", path])
        #expect(result.status == 1)
        #expect(result.stdout.contains("FAIL \(path) expect[3]"))
        #expect(result.stdout.contains(#"connections.vco-dc1.bgp["192.168.0.0/16"][0].tunnels: expected [1], found [1,2]"#))
        #expect(result.stdout.contains("1 failed"))
    }

    @Test(arguments: ["simulate", "validate", "verify", "diff", "explain", "dot", "decode", "speak", "show"])
    func everyVerbAnswersHelp(verb: String) throws {
        let result = try Self.run([verb, "--help"]).check()
        #expect(result.stdout.hasPrefix("usage: transit-bgp "))
        #expect(result.stdout.contains("transit-bgp \(verb)"))
    }

    @Test func usageErrorsNameTheBadArgument() throws {
        let badOption = try Self.run(["simulate", Self.topology("dual-tunnel-bgp"), "--frobnicate"])
        #expect(badOption.status == 2)
        #expect(badOption.stderr.contains("unknown option '--frobnicate'"))
        let badTime = try Self.run(["simulate", Self.topology("dual-tunnel-bgp"), "--at", "soon"])
        #expect(badTime.status == 2)
        #expect(badTime.stderr.contains("--at 'soon'"))
        let noFile = try Self.run(["verify"])
        #expect(noFile.status == 2)
        let unknownVerb = try Self.run(["simulat"])
        #expect(unknownVerb.status == 2)
        #expect(unknownVerb.stderr.contains("unknown verb 'simulat'"))
    }

    @Test func aBadTopologyGivesLineColumnPathAndCode() throws {
        let path = "\(NSTemporaryDirectory())tbgp-bad-\(getpid()).json"
        try #"{"customer_gateways": [], "ipsec_connections": [], "transit_router": {"transit_router_id": "tr"}, "timeline": [{"at": 5, "event": "tunnel_dwon", "connection": "x", "tunnel": 1}]}"#
            .write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.run(["validate", path])
        #expect(result.status == 1)
        #expect(result.stderr.contains("timeline[0].event: invalid_value"))
        #expect(result.stderr.contains("did you mean 'tunnel_down'?"))
    }
}
