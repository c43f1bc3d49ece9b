// `transit-bgp trace`, `reach` and `report` as users run them (the built binary): JSON shapes,
// usage errors that name the bad argument, and a report file written.

import Foundation
import LabKit
import Testing

@Suite struct TraceReachReportCommandLineTests {
    static func run(_ arguments: [String]) throws -> CommandResult { try CommandLineTests.run(arguments) }
    static func topology(_ name: String) -> String { CommandLineTests.topology(name) }

    @Test(arguments: ["trace", "reach", "report"])
    func answersHelp(verb: String) throws {
        let result = try Self.run([verb, "--help"]).check()
        #expect(result.stdout.hasPrefix("usage: transit-bgp \(verb)"))
    }

    @Test func traceJSONHasTheDocumentedShape() throws {
        let result = try Self.run(["trace", Self.topology("tunnel-1-failover"), "--from", "vpc-app", "--to", "192.168.1.1",
                                   "--at", "100", "--return", "--json"]).check()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
        #expect(object["from"] as? String == "tr-attach-vpc-app")
        #expect(object["to"] as? String == "192.168.1.1")
        #expect(object["result"] as? String == "delivered")
        let hops = try #require(object["hops"] as? [[String: Any]])
        #expect(hops.allSatisfy { Set($0.keys) == ["node", "table", "matched_prefix", "status", "next_hops", "rule"] })
        #expect(hops.contains { $0["table"] as? String == "vco-dc1/bgp" && $0["next_hops"] as? [String] == ["vco-dc1/2"] })
        let back = try #require(object["return"] as? [String: Any])
        #expect(back["from"] as? String == "dc1")
        #expect(back["result"] as? String == "delivered")
    }

    @Test func traceUsageErrorsNameTheBadArgument() throws {
        let source = try Self.run(["trace", Self.topology("dual-tunnel-bgp"), "--from", "vpc-nowhere", "--to", "10.0.0.1"])
        #expect(source.status == 2)
        #expect(source.stderr.contains("--from 'vpc-nowhere'"))
        #expect(source.stderr.contains("tr-attach-vpc-app"))
        let address = try Self.run(["trace", Self.topology("dual-tunnel-bgp"), "--from", "dc1", "--to", "10.0.0"])
        #expect(address.status == 2)
        #expect(address.stderr.contains("--to '10.0.0'"))
        let time = try Self.run(["reach", Self.topology("dual-tunnel-bgp"), "--at", "later"])
        #expect(time.status == 2)
        #expect(time.stderr.contains("--at 'later'"))
    }

    @Test func reachAndDiffShowTheMatrixCells() throws {
        let reach = try Self.run(["reach", Self.topology("propagation-off"), "--json"]).check()
        let object = try #require(try JSONSerialization.jsonObject(with: Data(reach.stdout.utf8)) as? [String: Any])
        let cells = try #require(object["cells"] as? [String: [String: String]])
        #expect(cells["tr-attach-vpc-app"]?["192.168.0.0/16"] == "no_route")
        #expect(cells["dc1"]?["10.0.0.0/16"] == "delivered")
        let diff = try Self.run(["diff", Self.topology("dual-tunnel-bgp"), "--set", "vco-dc1.propagate-default-table=off"]).check()
        #expect(diff.stdout.contains("reach:"))
        #expect(diff.stdout.contains("tr-attach-vpc-app -> 192.168.0.0/16: delivered => no_route"))
    }

    @Test func reportWritesOneSelfContainedPage() throws {
        let path = "\(NSTemporaryDirectory())tbgp-report-\(getpid()).html"
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.run(["report", Self.topology("tunnel-1-failover"), "-o", path]).check()
        #expect(result.stdout.contains("wrote \(path)"))
        let html = try String(contentsOfFile: path, encoding: .utf8)
        #expect(html.contains("id=\"timeline-chart\""))
        #expect(html.contains("id=\"topology-picture\""))
        #expect(!html.contains("<script"))
        let missing = try Self.run(["report", Self.topology("tunnel-1-failover")])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("-o REPORT.html is required"))
    }
}
