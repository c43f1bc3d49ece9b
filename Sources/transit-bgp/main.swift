// transit-bgp: the TransitBGP command line. Argument parsing is hand-written (the package takes no
// dependencies); every verb answers --help, and errors name the bad argument.

#if canImport(Glibc)
import Glibc
#endif

let usage = """
    usage: transit-bgp VERB [arguments]

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
      explain FILE PREFIX [--table TABLE]
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
                      talk to a running speaker through its control socket

    Run `transit-bgp VERB --help` for a verb's options.
    """

var arguments = Array(CommandLine.arguments.dropFirst())
guard let verb = arguments.first else {
    print(usage)
    exit(2)
}
arguments.removeFirst()
switch verb {
case "decode":
    exit(DecodeCommand.run(arguments))
case "simulate":
    exit(SimulateCommand.run(arguments, validateOnly: false))
case "validate":
    exit(SimulateCommand.run(arguments, validateOnly: true))
case "verify":
    exit(VerifyCommand.run(arguments))
case "diff":
    exit(WhatIfCommands.diff(arguments))
case "explain":
    exit(WhatIfCommands.explain(arguments))
case "trace":
    exit(TraceCommand.run(arguments))
case "reach":
    exit(ReachCommand.run(arguments))
case "report":
    exit(ReportCommand.run(arguments))
case "dot":
    exit(DotCommand.run(arguments))
case "config":
    exit(ConfigCommand.run(arguments))
case "speak":
    exit(SpeakCommand.run(arguments))
case "lab":
    exit(LabVerb.run(arguments))
case "gateway":
    exit(GatewayVerb.run(arguments))
case "show", "tunnel", "set", "shutdown", "start":
    exit(SpeakCommand.control(verb, arguments))
case "--help", "-h", "help":
    print(usage)
default:
    printError("transit-bgp: unknown verb '\(verb)'\n\n\(usage)")
    exit(2)
}

func printError(_ text: String) {
    var stderr = StandardError()
    print(text, to: &stderr)
}

struct StandardError: TextOutputStream {
    mutating func write(_ string: String) {
        var bytes = Array(string.utf8)
        _ = bytes.withUnsafeMutableBytes { Glibc.write(2, $0.baseAddress, $0.count) }
    }
}
