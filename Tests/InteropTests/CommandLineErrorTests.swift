// Issue 17, "errors that lie or vanish": every output checked, unknown names refused with the known
// ones and a suggestion, decode numbering and hex typos, decimal --at, and the command line's own
// polish (--version, help VERB, "did you mean" for verbs, short usage errors, - for stdin).

import Foundation
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
