// transit-bgp: the TransitBGP command line. Argument parsing is hand-written (the package takes no
// dependencies); every verb answers --help, and errors name the bad argument.

#if canImport(Glibc)
import Glibc
#endif
import Reports
import Topology

let usage = """
    usage: transit-bgp VERB [arguments]
           transit-bgp help VERB | --version

    verbs:
      simulate FILE [--at SECONDS] [--json]
                      run a topology on a virtual clock (BGP sessions, timeline events) and print
                      what happened, every tunnel and every route table, at the end or at a time
      validate FILE   load a topology and report every problem (path, line:column, code)
      verify FILE... [--lab]
                      run every expect block of the topologies: PASS/FAIL with the differences
                      (--lab: the steady-state blocks against the live lab)
      diff FILE --set CONNECTION.SETTING=on|off | diff A B   [--json]
                      what every table gains and loses after a change
      explain FILE PREFIX [--table TABLE] [--at SECONDS]
                      the candidates for a prefix and the deciding step, or why it is missing
      trace FILE --from SOURCE --to ADDRESS [--at SECONDS] [--return] [--json]
                      the forwarding path of one packet, hop by hop
      reach FILE [--at SECONDS] [--json]
                      every source against every announced or attached prefix
      report FILE -o REPORT.html
                      one self-contained HTML page: picture, tunnel timeline chart, checks, reach, tables
      dot FILE [--prefix PREFIX]
                      a Graphviz picture of the topology and where each prefix flows
      decode FILE [--4-octet-as on|off] [--ibgp] [--extended-message]
                 decode a BGP byte stream (binary, or hex text) and print every message
      config FILE CONNECTION --format frr|strongswan
                      the data center's configuration for one connection (FRR frr.conf or
                      strongSwan swanctl.conf), like the console's "Download Configuration"
      lab up|down|status|fault TOPOLOGY [--dir DIR]
                      the topology live (root): FRR bgpd per data center from the generated frr.conf,
                      our speaker as the cloud, strongSwan IPsec tunnels (or --no-ipsec veth pairs),
                      faults on a tunnel
      gateway TOPOLOGY --underlay IFACE --address IP
                      the cloud side only (strongSwan + our speaker) on a real interface, for your
                      own router to bring up IPsec and BGP against (root)
      speak TOPOLOGY --control PATH
                      run the cloud side of every BGP-enabled tunnel against real peers
      show sessions|routes|tables|counts [--json] --control PATH
      tunnel CONNECTION/N down|up --control PATH
      set CONNECTION SETTING on|off --control PATH
      shutdown CONNECTION/N [--message TEXT] --control PATH
      start CONNECTION/N --control PATH
      refresh CONNECTION/N --control PATH
                      talk to a running speaker through its control socket

    Run `transit-bgp VERB --help` for a verb's options.
    """

/// Every verb and what runs it.
let verbs: [String: ([String]) -> Int32] = [
    "decode": DecodeCommand.run,
    "simulate": { SimulateCommand.run($0, validateOnly: false) },
    "validate": { SimulateCommand.run($0, validateOnly: true) },
    "verify": VerifyCommand.run,
    "diff": WhatIfCommands.diff,
    "explain": WhatIfCommands.explain,
    "trace": TraceCommand.run,
    "reach": ReachCommand.run,
    "report": ReportCommand.run,
    "dot": DotCommand.run,
    "config": ConfigCommand.run,
    "speak": SpeakCommand.run,
    "lab": LabVerb.run,
    "gateway": GatewayVerb.run,
    "show": { SpeakCommand.control("show", $0) },
    "tunnel": { SpeakCommand.control("tunnel", $0) },
    "set": { SpeakCommand.control("set", $0) },
    "shutdown": { SpeakCommand.control("shutdown", $0) },
    "start": { SpeakCommand.control("start", $0) },
    "refresh": { SpeakCommand.control("refresh", $0) },
]

var arguments = Array(CommandLine.arguments.dropFirst())
guard let verb = arguments.first else {
    printError("transit-bgp: no verb given\nsee 'transit-bgp --help'")
    finish(2)
}
arguments.removeFirst()
switch verb {
case "--help", "-h":
    print(usage)
    finish(0)
case "help":
    guard let topic = arguments.first else {
        print(usage)
        finish(0)
    }
    guard let run = verbs[topic] else {
        printError("transit-bgp help: unknown verb '\(topic)' (\(knownNames(topic, among: verbs.keys.sorted())))")
        finish(2)
    }
    finish(run(["--help"]))
case "--version", "version":
    print("transit-bgp \(transitBGPVersion)")
    finish(0)
default:
    guard let run = verbs[verb] else {
        let suggestion = EditDistance.suggestion(for: verb, among: verbs.keys.sorted())
        printError("transit-bgp: unknown verb '\(verb)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
            + "\nsee 'transit-bgp --help'")
        finish(2)
    }
    finish(run(arguments))
}

func printError(_ text: String) {
    var stderr = StandardError()
    Swift.print(text, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
