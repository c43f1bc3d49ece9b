import Foundation
import Reports
import Topology

/// `transit-bgp config FILE CONNECTION --format frr|strongswan`: the on-premises configuration of one
/// connection (the console's "Download Configuration").
enum ConfigCommand {
    static let help = """
        usage: transit-bgp config FILE CONNECTION --format frr|strongswan [-o OUTPUT] [--json]

        The configuration of the data center's end of IPsec connection CONNECTION (both tunnels), as
        the console's "Download Configuration" gives it, for a Linux router:
          frr         FRR 8.4 frr.conf: the tunnel interfaces (XFRM, xfrm1/xfrm2) with the data
                      center's /30 addresses, BGP to the cloud on both tunnels with what the
                      topology's data_centers entry announces (per-tunnel prepend, MED and
                      communities as route maps), or static routes when the connection has no BGP
          strongswan  strongSwan 5.9 swanctl.conf: one IKE connection per tunnel with the cloud's
                      proposals, lifetimes, identities, DPD and pre-shared key, route-based
                      (if_id 1 and 2), traffic selectors per routing mode

        The configuration goes to stdout, or to OUTPUT with -o (written whole or not at all); --json
        wraps it in the shape of the README's "JSON output". A value that cannot be written safely
        (a line break, a quote, a '.' in an ID...) is refused, naming the field. Exit status: 0
        written, 1 the file cannot be read or loaded, the connection cannot be configured or the
        output cannot be written; 2 a usage error (also an unknown CONNECTION).
        Choices where the vendor's docs are silent: README.md, "On-premises configuration".
        """

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        var rest = arguments
        var positional: [String] = []
        var format: OnPremisesConfigFormat?
        var output: String?
        var json = false
        let formats = OnPremisesConfigFormat.allCases.map(\.rawValue).joined(separator: ", ")
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            if argument == "-o" || argument == "--output" {
                guard !rest.isEmpty else { return usageError("\(argument) needs a FILE") }
                output = rest.removeFirst()
            } else if argument == "--json" {
                json = true
            } else if argument == "--format" {
                guard !rest.isEmpty else { return usageError("--format needs a value (\(formats))") }
                let value = rest.removeFirst()
                guard let parsed = OnPremisesConfigFormat(rawValue: value.lowercased()) else {
                    return usageError("--format '\(value)': expected one of \(formats)")
                }
                format = parsed
            } else if argument.hasPrefix("--format=") {
                let value = String(argument.dropFirst("--format=".count))
                guard let parsed = OnPremisesConfigFormat(rawValue: value.lowercased()) else {
                    return usageError("--format '\(value)': expected one of \(formats)")
                }
                format = parsed
            } else if argument.hasPrefix("-") && argument != "-" {
                return usageError("unknown option '\(argument)'")
            } else {
                positional.append(argument)
            }
        }
        guard positional.count == 2 else {
            return usageError("expected FILE and CONNECTION, got \(positional.count) argument\(positional.count == 1 ? "" : "s")"
                + (positional.isEmpty ? "" : " (\(positional.joined(separator: " ")))"))
        }
        guard let format else { return usageError("--format is required (\(formats))") }
        let path = positional[0]
        let connectionID = positional[1]
        guard let document = loadDocument(path) else { return 1 }
        do {
            let config = try OnPremisesConfig(document: document, connectionID: connectionID)
            let text = try config.rendered(as: format)
            let rendered = json
                ? CommandJSON.envelope("config", [
                    ("connection", .string(connectionID)), ("format", .string(format.rawValue)), ("text", .string(text)),
                ]).rendered() + "\n"
                : text
            guard let output else {
                print(rendered, terminator: "")
                return 0
            }
            do {
                try rendered.write(toFile: output, atomically: true, encoding: .utf8)
            } catch {
                printError("transit-bgp config: cannot write '\(output)': \(error.localizedDescription)")
                return 1
            }
            return 0
        } catch {
            printError("transit-bgp config: \(error)")
            return error.code == .unknownConnection ? 2 : 1
        }
    }

    private static func usageError(_ message: String) -> Int32 {
        usageFailure("config", message)
    }
}
