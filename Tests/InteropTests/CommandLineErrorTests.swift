// Issue 17, "errors that lie or vanish": every output checked, unknown names refused with the known
// ones and a suggestion, decode numbering and hex typos, decimal --at, and the command line's own
// polish (--version, help VERB, "did you mean" for verbs, short usage errors, - for stdin).

import Foundation
import LabKit
import Testing

@Suite struct CommandLineErrorTests {
    static func run(_ arguments: [String]) throws -> CommandResult {
        try CommandLineTests.run(arguments)
    }

    /// Runs `transit-bgp ARGS` through the shell with `redirect` appended (`> /dev/full`, `< FILE`).
    static func shell(_ arguments: [String], _ redirect: String) throws -> CommandResult {
        let command = ([try SpeakerBinary.locate()] + arguments).map { "'\($0)'" }.joined(separator: " ") + " " + redirect
        return try LabCommand.run(["/bin/bash", "-c", command], timeout: .seconds(60))
    }

    static let topology = CommandLineTests.topology("dual-tunnel-bgp")

    static func temporary(_ name: String, _ text: String) throws -> String {
        let path = "\(NSTemporaryDirectory())tbgp-\(name)-\(getpid()).txt"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test(arguments: [
        ["config", topology, "vco-dc1", "--format", "frr"],
        ["simulate", topology],
        ["simulate", topology, "--json"],
        ["explain", topology, "192.168.0.0/16"],
    ])
    func aWriteErrorExitsOneWithAMessage(arguments: [String]) throws {
        let result = try Self.shell(arguments, "> /dev/full")
        #expect(result.status == 1, "\(result)")
        #expect(result.stderr.contains("cannot write the output: No space left on device"), "\(result)")
    }

    @Test func aClosedPipeIsNotAnError() throws {
        let result = try LabCommand.run(["/bin/bash", "-c", "set -o pipefail; '\(try SpeakerBinary.locate())' simulate '\(Self.topology)' | head -c 10 >/dev/null"])
        #expect(!result.stderr.contains("cannot write"), "\(result)")
    }

    @Test func explainWithAnUnknownTableExitsTwoWithASuggestion() throws {
        let result = try Self.run(["explain", Self.topology, "10.0.0.0/16", "--table", "tr/vtb-defualt"])
        #expect(result.status == 2)
        #expect(result.stdout.isEmpty, "no false explanation: \(result)")
        #expect(result.stderr.contains("no table 'tr/vtb-defualt'"))
        #expect(result.stderr.contains("known: tr/vtb-default, vco-dc1/bgp, vco-dc1/destination"))
        #expect(result.stderr.contains("did you mean 'tr/vtb-default'?"))
        let nope = try Self.run(["explain", Self.topology, "10.0.0.0/16", "--table", "tr/nope"])
        #expect(nope.status == 2)
        #expect(!nope.stdout.contains("no route"))
    }

    @Test func diffWithAnUnknownConnectionOrSettingExitsTwoWithASuggestion() throws {
        let setting = try Self.run(["diff", Self.topology, "--set", "vco-dc1.advertise-route=off"])
        #expect(setting.status == 2)
        #expect(setting.stderr.contains("no setting 'advertise-route'"))
        #expect(setting.stderr.contains("did you mean 'advertise-routes'?"))
        let connection = try Self.run(["diff", Self.topology, "--set", "vco-dc2.advertise-routes=off"])
        #expect(connection.status == 2)
        #expect(connection.stderr.contains("no connection 'vco-dc2'"))
        #expect(connection.stderr.contains("known: vco-dc1; did you mean 'vco-dc1'?"))
    }

    @Test func decodeNumbersTheMessageWithABadBody() throws {
        let marker = String(repeating: "ff", count: 16)
        let path = try Self.temporary("decode", "\(marker) 0013 04\n\(marker) 0013 04\n\(marker) 001d 01 05 fde8 00b4 0a000001 00\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.run(["decode", path])
        #expect(result.status == 1)
        let lines = result.stdout.split(separator: "\n")
        #expect(lines.first == "1: KEEPALIVE")
        #expect(lines.dropFirst().first == "2: KEEPALIVE")
        #expect(lines.dropFirst(2).first?.hasPrefix("3: error unsupported_version") == true, "\(result)")
    }

    @Test func hexWithATypoIsAnErrorNotBinary() throws {
        let marker = String(repeating: "ff", count: 16)
        let path = try Self.temporary("hex", "# two keepalives\n\(marker) 0013 04\n\(marker) 0013 0g\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.run(["decode", path])
        #expect(result.status == 1)
        #expect(result.stdout.isEmpty)
        #expect(result.stderr.contains("\(path):3:40: 'g' is not a hex digit"), "\(result)")
    }

    @Test(arguments: ["0x10", "1e1", "inf", "-5", "10.", ".5", "nan"])
    func atTakesDecimalSecondsOnly(value: String) throws {
        let result = try Self.run(["simulate", Self.topology, "--at", value])
        #expect(result.status == 2)
        #expect(result.stderr.contains("--at '\(value)': expected decimal seconds"))
        // Every verb that takes --at reads it the same way.
        for arguments in [["dot", Self.topology], ["trace", Self.topology, "--from", "dc1", "--to", "10.0.0.5"], ["reach", Self.topology],
                          ["explain", Self.topology, "192.168.0.0/16"]] {
            let other = try Self.run(arguments + ["--at", value])
            #expect(other.status == 2, "\(arguments[0]) --at \(value): \(other.stderr)")
            #expect(other.stderr.contains("--at '\(value)'"), "\(arguments[0]): \(other.stderr)")
        }
    }

    @Test func versionHelpVerbAndSuggestions() throws {
        let version = try Self.run(["--version"]).check()
        #expect(version.stdout.hasPrefix("transit-bgp "))
        let help = try Self.run(["help", "config"]).check()
        #expect(help.stdout.hasPrefix("usage: transit-bgp config"))
        let unknownHelp = try Self.run(["help", "confg"])
        #expect(unknownHelp.status == 2)
        #expect(unknownHelp.stderr.contains("did you mean 'config'?"))
        let verb = try Self.run(["simulat"])
        #expect(verb.status == 2)
        #expect(verb.stderr == "transit-bgp: unknown verb 'simulat'; did you mean 'simulate'?\nsee 'transit-bgp --help'\n")
    }

    @Test func usageErrorsAreShort() throws {
        let result = try Self.run(["config", Self.topology, "vco-dc1", "--format", "juniper"])
        #expect(result.status == 2)
        #expect(result.stderr.split(separator: "\n").count == 2, "\(result)")
        #expect(result.stderr.hasSuffix("see 'transit-bgp config --help'\n"))
    }

    @Test func aDashReadsStandardInput() throws {
        let validate = try Self.shell(["validate", "-"], "< '\(Self.topology)'")
        #expect(validate.status == 0, "\(validate)")
        let simulate = try Self.shell(["simulate", "-", "--json"], "< '\(Self.topology)'")
        #expect(simulate.status == 0)
        #expect(simulate.stdout.contains("\"tunnels\""))
    }
}

/// Warnings: a separate severity, exit 0 unless --strict.
extension CommandLineErrorTests {
    static func edited(_ edits: [(String, String)]) throws -> String {
        var text = try String(contentsOfFile: topology, encoding: .utf8)
        for (old, new) in edits {
            #expect(text.contains(old), "anchor missing: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return try temporary("warn-\(UUID().uuidString.prefix(6))", text)
    }

    @Test func routesOverTheQuotaGiveOneWarningLinePerConnection() throws {
        let path = try Self.edited([(#""enable_tunnels_bgp": true,"#, #""enable_tunnels_bgp": true, "learned_route_quota": 1,"#)])
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.run(["simulate", path])
        #expect(result.status == 0, "\(result)")
        let warnings = result.stderr.split(separator: "\n").filter { $0.contains("quota_exceeded") }
        #expect(warnings == ["\(path): warning: vco-dc1: quota_exceeded: 1 learned prefix was rejected over the learned-route quota of 1 (rows Rejected, reason quota_exceeded)"],
                "\(result.stderr)")
        let strict = try Self.run(["simulate", path, "--strict"])
        #expect(strict.status == 1)
    }

    @Test func verifyWithoutExpectationsWarnsAndFailsWhenStrict() throws {
        let text = try String(contentsOfFile: Self.topology, encoding: .utf8)
        let cut = try #require(text.range(of: ",\n  \"expect\": ["))
        let path = try Self.temporary("noexpect", String(text[..<cut.lowerBound]) + "\n}\n")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let plain = try Self.run(["verify", path])
        #expect(plain.status == 0, "\(plain)")
        #expect(plain.stderr.contains("\(path): warning: no_expectations"))
        #expect(plain.stdout.contains("1 without expect blocks"))
        let strict = try Self.run(["verify", path, "--strict"])
        #expect(strict.status == 1)
    }

    @Test func validateTakesSeveralFilesAndWarningsExitZeroUnlessStrict() throws {
        let warned = try Self.edited([(#""local_subnet": "0.0.0.0/0""#, #""local_subnet": "10.0.0.0/16""#)])
        defer { try? FileManager.default.removeItem(atPath: warned) }
        let both = try Self.run(["validate", Self.topology, warned])
        #expect(both.status == 0, "\(both)")
        #expect(both.stdout.contains("\(Self.topology): valid"))
        #expect(both.stdout.contains("\(warned): valid (1 warning"))
        #expect(both.stderr.contains(": warning: ipsec_connections[0].remote_subnet: mixed_routing_mode_default_route"))
        #expect(try Self.run(["validate", Self.topology, warned, "--strict"]).status == 1)
        let json = try Self.run(["validate", Self.topology, warned, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        #expect((object["files"] as? [Any])?.count == 2)
    }

    @Test func aLongValidationReportIsCutAtOneHundredLines() throws {
        let count = 1_000
        let tunnels = Array(repeating: "{}", count: count).joined(separator: ",")
        let path = try Self.temporary("many", #"{"customer_gateways": [], "transit_router": {"transit_router_id": "tr-x"}, "ipsec_connections": [{"vpn_connection_id": "vco-x", "tunnel_options_specification": ["# + tunnels + "]}]}")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let result = try Self.run(["validate", path])
        #expect(result.status == 1)
        let lines = result.stderr.split(separator: "\n")
        #expect(lines.filter { $0.contains(": error: ") }.count == 100)
        #expect(lines.contains("… and 1900 more (`transit-bgp validate --json` lists them all)"), "\(lines.suffix(3))")
        #expect(lines.last == "\(path): 2000 errors")
        let json = try Self.run(["validate", path, "--json"])
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let file = try #require((object["files"] as? [[String: Any]])?.first)
        #expect((file["issues"] as? [Any])?.count == 2_000)
        // Streamed past 1,000 issues: the counts follow them; the model rules were not run.
        #expect(file["errors"] as? Int == 2_000 && file["valid"] as? Bool == false && object["valid"] as? Bool == false)
        #expect(file["model_checked"] as? Bool == false)
        let paths = (file["issues"] as? [[String: Any]] ?? []).compactMap { $0["path"] as? String }
        #expect(paths.last == "ipsec_connections[0].tunnel_options_specification[999].customer_gateway_id")
    }
}
