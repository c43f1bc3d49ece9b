import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Reports
import Simulation
import Topology

/// `transit-bgp trace FILE --from SOURCE --to ADDRESS [--at T] [--return] [--json]`.
enum TraceCommand {
    static let help = """
        usage: transit-bgp trace FILE --from SOURCE --to ADDRESS [--at SECONDS] [--return] [--json]

        The forwarding path of one packet, hop by hop, in the state of the simulation at --at SECONDS
        (default: the end of the run). SOURCE is a VPC attachment (tr-attach-vpc-app) or its vpc_id,
        a data center (dc1) or a connection (vco-dc1). Each hop shows the node, the table consulted,
        the longest matching prefix, the route's status and the next hops; ECMP next hops are
        branches. The end: delivered, blackhole, no_route (with the reasons explain gives) or loop.
        --return also traces the way back, from where the packet was delivered to the source's
        first address.
        """

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        var rest = arguments
        var files: [String] = []
        var from: String?
        var to: String?
        var at: Duration?
        var json = false
        var withReturn = false
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            switch argument {
            case "--json": json = true
            case "--return": withReturn = true
            case "--from", "--to":
                guard let value = rest.first else { return fail("\(argument) needs a value") }
                rest.removeFirst()
                if argument == "--from" { from = value } else { to = value }
            case "--at":
                switch takeRunTime(&rest) {
                case .success(let time): at = time
                case .failure(let error): return fail(error.message)
                }
            default:
                guard !argument.hasPrefix("-") else { return fail("unknown option '\(argument)'") }
                files.append(argument)
            }
        }
        guard files.count == 1 else { return fail("expected exactly one FILE") }
        guard let from else { return fail("--from SOURCE is required") }
        guard let to else { return fail("--to ADDRESS is required") }
        guard let address = IPv4Address(to) else { return fail("--to '\(to)' is not an IPv4 address like 10.0.0.5") }
        guard let tracer = tracer(files[0], at: at) else { return 1 }
        guard let source = tracer.source(named: from) else {
            let known = tracer.sources.map(\.name).joined(separator: ", ")
            return fail("--from '\(from)': not a VPC attachment, vpc_id, data center or connection of \(files[0]) (known: \(known))")
        }
        let trace = tracer.trace(from: source, to: address, withReturn: withReturn)
        print(json ? trace.json().rendered() : trace.text())
        return 0
    }

    /// The tracer for the state of `path` at `at` (default: the end of the run); `nil` after printing
    /// the problems when the file does not load.
    static func tracer(_ path: String, at: Duration?) -> PacketTracer? {
        guard let document = loadDocument(path) else { return nil }
        var simulation = RouteSimulation(document: document)
        simulation.recordsRouteChanges = false  // only the state is read
        simulation.run(until: at ?? simulation.endTime)
        return PacketTracer(document: document, model: simulation.model, state: simulation.state())
    }

    /// Seconds from the start of the run, as `simulate --at` takes them.
    static func fail(_ message: String) -> Int32 {
        printError("transit-bgp trace: \(message)\n\n\(help)")
        return 2
    }
}
