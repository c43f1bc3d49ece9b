import BGPSpeaker
import Dispatch
import Foundation
import Glibc
import Reports
import Topology

/// `transit-bgp speak TOPOLOGY --control PATH …` and the control verbs that talk to it.
enum SpeakCommand {
    static let help = """
        usage: transit-bgp speak TOPOLOGY --control PATH [--port N] [--hold-time S] [--connect-retry S] [--gtsm] [--passive]

        Runs the cloud side of every BGP-enabled tunnel of the topology: each tunnel binds its
        local_bgp_ip, listens and connects to its peer (the other address of the tunnel's /30) with
        the customer gateway's ASN and auth_key (TCP MD5). Learned routes flow into the cloud model;
        with Advertise Routes on, the connection's CLOUD routes are sent to the data center. The
        topology's data_centers announcements are ignored: the real peers announce.
        One log line per session event goes to stderr (lines a peer can repeat at will: at most 20 a
        second per session). SIGTERM or SIGINT shuts every session down (Cease, Administrative
        Shutdown) and exits.

        Retries: a refused or failed connection is retried after the IdleHoldTime (1 s); only a
        session that fails after connecting doubles it, up to 60 s (peer oscillation damping,
        RFC 4271 §8.1.1). While a retry waits, the peer's own connection is accepted at once.

          --control PATH     the control socket (Unix, mode 0600) for show/tunnel/set/shutdown/start/refresh
          --port N           the BGP port (default 179)
          --hold-time S      the hold time we propose (default 90; 0 or at least 3)
          --connect-retry S  the ConnectRetry time (default 5)
          --gtsm             RFC 5082: send with TTL 255, accept only TTL 254 or more
          --passive          only accept the data center's connections, never connect out
        """

    static let controlHelp = """
        usage: transit-bgp show sessions|routes|tables|counts [--json] --control PATH
               transit-bgp tunnel CONNECTION/N down|up --control PATH
               transit-bgp set CONNECTION advertise-routes|associate-default-table|propagate-default-table on|off --control PATH
               transit-bgp shutdown CONNECTION/N [--message TEXT] --control PATH
               transit-bgp start CONNECTION/N --control PATH
               transit-bgp refresh CONNECTION/N --control PATH

        `refresh` sends the peer a ROUTE-REFRESH (RFC 2918): it re-sends its routes. It needs an
        Established session whose peer advertised the Route Refresh capability.

        Talk to a running `transit-bgp speak` through its control socket. The JSON shapes are
        documented in the README ("Control socket").
        """

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        var rest = arguments
        var options = CloudSpeaker.Options(controlPath: "")
        var file: String?
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            func value() -> String? { rest.isEmpty ? nil : rest.removeFirst() }
            switch argument {
            case "--control":
                guard let path = value() else { return fail("--control needs a PATH") }
                options.controlPath = path
            case "--port":
                guard let text = value(), let port = UInt16(text), port > 0 else { return fail("--port needs a number 1-65535") }
                options.port = port
            case "--hold-time":
                guard let text = value(), let seconds = Int(text), seconds == 0 || (3 ... 65535).contains(seconds) else {
                    return fail("--hold-time needs 0 or 3-65535 seconds (RFC 4271 §4.2)")
                }
                options.holdTime = .seconds(seconds)
            case "--connect-retry":
                guard let text = value(), let seconds = Int(text), seconds >= 1 else { return fail("--connect-retry needs at least 1 second") }
                options.connectRetryTime = .seconds(seconds)
            case "--gtsm":
                options.gtsm = true
            case "--passive":
                options.passive = true
            default:
                guard !argument.hasPrefix("-"), file == nil else { return fail("unexpected argument '\(argument)'") }
                file = argument
            }
        }
        guard let file else { return fail("expected a TOPOLOGY file") }
        guard !options.controlPath.isEmpty else { return fail("--control PATH is required") }
        guard let document = loadDocument(file) else { return 1 }
        do {
            let speaker = try CloudSpeaker(document: document, options: options)
            signal(SIGTERM, SIG_IGN)
            signal(SIGINT, SIG_IGN)
            signal(SIGPIPE, SIG_IGN)
            let sources = [SIGTERM, SIGINT].map { DispatchSource.makeSignalSource(signal: $0, queue: .global()) }
            for source in sources {
                source.setEventHandler { speaker.requestStop() }
                source.resume()
            }
            try speaker.run()
            withExtendedLifetime(sources) {}
            return 0
        } catch {
            printError("transit-bgp speak: \(error)")
            return 1
        }

        func fail(_ message: String) -> Int32 {
            _ = usageFailure("speak", message)
            return 2
        }
    }

    /// `show`, `tunnel`, `set`, `shutdown`, `start`, `refresh`: one request to the control socket.
    static func control(_ verb: String, _ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(controlHelp)
            return 0
        }
        var rest = arguments
        var path: String?
        var words = [verb]
        var message: String?
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            switch argument {
            case "--control":
                guard !rest.isEmpty else { return fail("--control needs a PATH") }
                path = rest.removeFirst()
            case "--json":
                words.append("json")
            case "--message" where verb == "shutdown":
                guard !rest.isEmpty else { return fail("--message needs a TEXT") }
                message = rest.removeFirst()
            default:
                guard !argument.hasPrefix("-") else { return fail("unknown option '\(argument)'") }
                words.append(argument)
            }
        }
        guard let path else { return fail("--control PATH is required") }
        if let message { words.append(message) }
        do {
            print(try ControlClient.send(words: words, path: path), terminator: "")
            return 0
        } catch {
            printError("transit-bgp \(verb): \(error)")
            return 1
        }

        func fail(_ text: String) -> Int32 {
            _ = usageFailure(verb, text)
            return 2
        }
    }
}
