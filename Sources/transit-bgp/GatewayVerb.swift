// `transit-bgp gateway`: the cloud side only (strongSwan + our speaker) on a real interface, for a
// user's own router to bring up IPsec and BGP against before the real connection exists.

import Dispatch
import BGPSpeaker
import Foundation
import Glibc
import LabKit
import NetworkPrimitives
import Reports
import Topology

/// `transit-bgp gateway TOPOLOGY --underlay IFACE --address IP [--address IP2] [--dir DIR]` (root).
enum GatewayVerb {
    static let help = """
        usage: transit-bgp gateway TOPOLOGY --underlay IFACE --address IP [--address IP2] [--dir DIR] [--hold-time S]

        Runs the cloud side of every BGP connection of TOPOLOGY on this machine (as root), for your own
        router to connect to: a strongSwan charon (kernel-libipsec: ESP in user space, UDP 4500) with
        one connection per tunnel, configured from the topology's IKE/IPsec settings, and
        `transit-bgp speak` as the cloud's BGP end of each tunnel. Tunnel 1 uses the first --address,
        tunnel 2 the second (or the first again); they are added to IFACE (/32) unless it has them.
        The tunnels' cloud BGP addresses (local_bgp_ip) go on lo. Runs until SIGINT or SIGTERM, then
        removes what it added. DIR (default /tmp/tbgp-gateway-NAME) holds the configurations, the
        logs, the updown script and the speaker's control socket (speaker.sock).

        On your router: give it the customer gateway's IP address of the topology (ip_address) and a
        route to --address; load `transit-bgp config TOPOLOGY CONNECTION --format strongswan` (it
        only answers when the topology has no gateway_ip; this side then initiates) and the BGP part
        of `--format frr` (put the tunnel's local address on a loopback: the SA carries only the
        tunnel's /30 endpoints). `transit-bgp show sessions --control DIR/speaker.sock` shows ours.

        Exit status: 0 after a signal, 1 a failure (the message says why), 2 a usage error.
        """

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") || arguments.isEmpty {
            print(help)
            return arguments.isEmpty ? 2 : 0
        }
        var rest = arguments
        var positional: [String] = []
        var underlay: String?
        var addresses: [IPv4Address] = []
        var directory: String?
        var speakerArguments: [String] = []
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            func value() -> String? { rest.isEmpty ? nil : rest.removeFirst() }
            switch argument {
            case "--underlay":
                guard let name = value(), !name.isEmpty, name.utf8.count <= 15,
                    name.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "-_.@".contains($0)) })
                else { return usage("--underlay needs an interface name (up to 15 ASCII letters, digits, '-', '_', '.', '@')") }
                underlay = name
            case "--address":
                guard let text = value(), let address = IPv4Address(text) else { return usage("--address needs an IPv4 address") }
                addresses.append(address)
            case "--dir":
                guard let path = value(), !path.isEmpty else { return usage("--dir needs a DIR") }
                directory = path
            case "--hold-time":
                guard let text = value(), Int(text) != nil else { return usage("--hold-time needs a number of seconds") }
                speakerArguments += [argument, text]
            default:
                guard !argument.hasPrefix("-") else { return usage("unknown option '\(argument)'") }
                positional.append(argument)
            }
        }
        guard positional.count == 1 else { return usage("expects one TOPOLOGY, got \(positional.count) arguments") }
        guard let underlay else { return usage("--underlay IFACE is required") }
        guard !addresses.isEmpty, addresses.count <= 2 else { return usage("--address IP is required (once or twice)") }
        guard geteuid() == 0 else {
            printError("transit-bgp gateway: needs root (addresses, charon's TUN device, port 179)")
            return 1
        }
        guard let document = loadDocument(positional[0]) else { return 1 }
        do {
            let gateway = try Gateway(topology: positional[0], document: document, underlay: underlay, addresses: addresses,
                                      directory: directory ?? LabLocation.defaultDirectory(for: positional[0]).replacingOccurrences(of: "tbgplab-", with: "tbgp-gateway-"))
            return try gateway.run(speakerArguments: speakerArguments)
        } catch {
            printError("transit-bgp gateway: \(error)")
            return 1
        }

        func usage(_ message: String) -> Int32 {
            printError("transit-bgp gateway: \(message)\n\n\(help)")
            return 2
        }
    }
}

/// One running emulated gateway: what it added, what it started.
private final class Gateway: @unchecked Sendable {
    let topologyPath: String
    /// The real interface the gateway addresses go on.
    let underlay: String
    /// Configurations, logs, the updown script and the control socket.
    let directory: String
    /// The BGP tunnels (the cloud's BGP addresses) and their IPsec (addresses, configurations).
    let plan: LabPlan
    /// `ip` arguments that undo what the gateway added, oldest first.
    var added: [[String]] = []
    let ipsec: LabIPsecPlan
    let ip: String
    /// This executable: the speaker and the updown script run it.
    let transitBGP: String
    /// The speaker and charon.
    var children: [pid_t] = []
    /// Guards `added`, `children` and `stopped` (the signal handler runs on another thread).
    let lock = NSLock()
    var stopped = false

    var controlPath: String { "\(directory)/speaker.sock" }
    var updownPath: String { "\(directory)/updown.sh" }

    init(topology: String, document: TopologyDocument, underlay: String, addresses: [IPv4Address], directory: String) throws {
        topologyPath = topology
        self.underlay = underlay
        self.directory = URL(fileURLWithPath: directory).standardizedFileURL.path
        do {
            plan = try LabPlan(document: document)
            ipsec = try LabIPsecPlan(document: document, plan: plan, updown: "\(self.directory)/updown.sh", gatewayAddresses: addresses)
        } catch {
            throw LabError("\(topology): \(error)")
        }
        ip = try LabCommand.locate("ip", candidates: ["/usr/sbin/ip", "/sbin/ip", "/usr/bin/ip", "/bin/ip"])
        transitBGP = try LabTools.locate().transitBGP
    }

    func run(speakerArguments: [String]) throws -> Int32 {
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let sources = [SIGINT, SIGTERM].map { number -> any DispatchSourceSignal in
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler { [self] in
                say("transit-bgp gateway: signal \(number): stopping")
                cleanUp()
                exit(0)
            }
            source.resume()
            return source
        }
        defer { sources.forEach { $0.cancel() } }
        do {
            try start(speakerArguments: speakerArguments)
        } catch {
            cleanUp()
            throw error
        }
        say("transit-bgp gateway: up on \(underlay); control socket \(controlPath); configurations in \(directory)")
        for tunnel in ipsec.tunnels {
            say("  \(tunnel.name): gateway \(tunnel.cloudEnd.gatewayAddress), your router \(tunnel.customerGatewayAddress), "
                + (tunnel.cloudEnd.cloudInitiates ? "this side initiates" : "your router initiates"))
        }
        for dataCenter in plan.dataCenters {
            say("  on your router: transit-bgp config \(topologyPath) \(dataCenter.connectionID) --format strongswan / --format frr")
        }
        // Until a signal (handled above) or a child's death.
        while true {
            // While a signal's clean-up runs, the children it stops are not deaths to report.
            let dead = lock.withLock { stopped ? nil : children.first { LabCommand.waitForExit($0, deadline: ContinuousClock().now) != nil } }
            if let dead {
                printError("transit-bgp gateway: process \(dead) ended; see the logs in \(directory)")
                cleanUp()
                return 1
            }
            usleep(200_000)  // watch the children every 200 ms; ends with them or with a signal
        }
    }

    /// One line on stdout at once (unbuffered: a long-running verb's output often goes to a log file).
    private func say(_ line: String) {
        FileHandle.standardOutput.write(Data((line + "\n").utf8))
    }

    private func start(speakerArguments: [String]) throws {
        let existing = try LabCommand.run([ip, "-o", "-4", "addr", "show", "dev", underlay]).check().stdout
        for address in Set(ipsec.tunnels.map(\.cloudEnd.gatewayAddress)) where !existing.contains(" \(address)/") {
            try add(["addr", "add", "\(address)/32", "dev", underlay], undo: ["addr", "del", "\(address)/32", "dev", underlay])
        }
        let loopback = try LabCommand.run([ip, "-o", "-4", "addr", "show", "dev", "lo"]).check().stdout
        for tunnel in plan.tunnels where !loopback.contains(" \(tunnel.cloudAddress)/") {
            try add(["addr", "add", "\(tunnel.cloudAddress)/32", "dev", "lo"], undo: ["addr", "del", "\(tunnel.cloudAddress)/32", "dev", "lo"])
        }
        let speakerLog = "\(directory)/speaker.log"
        let speaker = try LabCommand.spawn([transitBGP, "speak", topologyPath, "--control", controlPath] + speakerArguments,
                                           stdoutPath: speakerLog, stderrPath: speakerLog)
        lock.withLock { children.append(speaker) }
        let deadline = ContinuousClock().now + .seconds(15)
        while (try? ControlClient.send("show sessions", path: controlPath, timeout: .seconds(2))) == nil {
            guard ContinuousClock().now < deadline, LabCommand.waitForExit(speaker, deadline: ContinuousClock().now) == nil else {
                throw LabError("the speaker did not answer on \(controlPath): \(LabCommand.tail(ofFile: speakerLog, lines: 10))")
            }
            usleep(50_000)  // poll every 50 ms; bounded by `deadline`
        }
        for tunnel in plan.tunnels { _ = try ControlClient.send("tunnel \(tunnel.name) down", path: controlPath, timeout: .seconds(5)) }
        try UpdownScript.write(to: updownPath, tunnels: ipsec.tunnels, transitBGP: transitBGP, controlPath: controlPath, logDirectory: directory)
        let charon = try Charon(directory: "\(directory)/ipsec", backend: .libipsec, retransmission: .lab, updown: true)
        try charon.writeConfiguration()
        let swanctl = "\(directory)/ipsec/swanctl.conf"
        try ipsec.cloudConfig.write(toFile: swanctl, atomically: true, encoding: .utf8)
        // In the caller's network namespace (`ip netns exec` the gateway for a test).
        let pid = try LabCommand.spawn(charon.command, stdoutPath: "\(directory)/ipsec/charon.stdout.log", stderrPath: "\(directory)/ipsec/charon.stdout.log")
        lock.withLock { children.append(pid) }
        let charonDeadline = ContinuousClock().now + .seconds(15)
        while !((try? charon.swanctl(["--version", "--daemon"]))?.succeeded ?? false) {
            guard ContinuousClock().now < charonDeadline, LabCommand.waitForExit(pid, deadline: ContinuousClock().now) == nil else {
                throw LabError("charon did not answer: \(LabCommand.tail(ofFile: charon.logPath, lines: 10))")
            }
            usleep(50_000)  // poll every 50 ms; bounded by `charonDeadline`
        }
        let load = SwanctlLoad(result: try charon.swanctl(["--load-all", "--file", swanctl]))
        if let refusal = load.refusal { throw LabError("swanctl refuses \(swanctl): \(refusal)\n\(load)") }
    }

    private func add(_ arguments: [String], undo: [String]) throws {
        try LabCommand.run([ip] + arguments).check()
        lock.withLock { added.append(undo) }
    }

    /// Stops charon (it sends its DELETEs) and the speaker, removes the addresses it added. Once.
    func cleanUp() {
        let (pids, undo): ([pid_t], [[String]]) = lock.withLock {
            guard !stopped else { return ([], []) }
            stopped = true
            return (children, added)
        }
        for pid in pids.reversed() { LabCommand.stop(pid) }
        for arguments in undo.reversed() { _ = try? LabCommand.run([ip] + arguments) }
    }
}
