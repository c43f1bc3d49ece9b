import Foundation
import NetworkPrimitives
import Reports
import Simulation
import Topology

/// `transit-bgp dot FILE [--prefix P]`: the topology and its route flows as a Graphviz picture.
enum DotCommand {
    static let help = """
        usage: transit-bgp dot FILE [--at SECONDS] [--prefix PREFIX] [--max-prefixes N] [--no-legend]

        Loads the topology, runs it as `simulate` does (to the end, or to --at SECONDS) and prints a Graphviz (DOT)
        picture of it: the transit router's route tables and attachments with their association
        and propagation, each IPsec connection's tables and two tunnels (down ones dashed red, with
        the reason), the data centers, and where each prefix goes (Active solid, Standby dashed,
        ECMP marked; CLOUD rows advertised to the data center in purple). Render it with e.g.
          transit-bgp dot FILE | dot -Tsvg > topology.svg

        options:
          --at SECONDS        the picture at this time of the run (default: its end)
          --prefix PREFIX     draw only the flows of this prefix (e.g. 192.168.0.0/16)
          --max-prefixes N    list at most N prefixes on an edge, then "+k more" (default \(GraphvizDOTOptions.defaultPrefixesPerEdge))
          --no-legend         leave out the legend of edge styles
        """

    static func run(_ arguments: [String]) -> Int32 {
        var path: String?
        var at: Duration?
        var options = GraphvizDOTOptions()
        var rest = arguments[...]
        while let argument = rest.popFirst() {
            switch argument {
            case "--help", "-h":
                print(help)
                return 0
            case "--prefix":
                guard let value = rest.popFirst() else { return fail("--prefix needs a PREFIX") }
                do {
                    options.prefix = try IPv4Prefix(parsing: value)
                } catch {
                    return fail("--prefix '\(value)' is not an IPv4 prefix like 192.168.0.0/16: \(error.reason)")
                }
            case "--max-prefixes":
                guard let value = rest.popFirst() else { return fail("--max-prefixes needs a number") }
                guard let count = Int(value), count >= 1 else { return fail("--max-prefixes '\(value)' is not a whole number of at least 1") }
                options.prefixesPerEdge = count
            case "--at":
                switch takeRunTime(&rest) {
                case .success(let time): at = time
                case .failure(let error): return fail(error.message)
                }
            case "--no-legend":
                options.legend = false
            default:
                guard !argument.hasPrefix("-") || argument == "-" else { return fail("unknown option '\(argument)'") }
                guard path == nil else { return fail("unexpected argument '\(argument)' (FILE is '\(path ?? "")')") }
                path = argument
            }
        }
        guard let path else { return fail("missing FILE") }
        guard let document = loadDocument(path) else { return 1 }
        var simulation = RouteSimulation(document: document)
        simulation.recordsRouteChanges = false  // only the state is read
        simulation.run(until: at ?? simulation.endTime)
        print(GraphvizDOT.render(document: document, model: simulation.model, options: options), terminator: "")
        return 0
    }

    static func fail(_ message: String) -> Int32 {
        _ = usageFailure("dot", message)
        return 2
    }
}
