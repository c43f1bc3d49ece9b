import BGPWire
import CloudRouting
import Foundation
import NetworkPrimitives
import Reports
import Topology

/// `transit-bgp simulate FILE` and `transit-bgp validate FILE`.
enum SimulateCommand {
    static let help = """
        usage: transit-bgp simulate FILE [--json]
               transit-bgp validate FILE

        simulate  loads the topology, negotiates every tunnel, runs the data centers' announcements
                  through the routing model and prints every table in the console's columns;
                  with --json, the tables in the JSON shape documented in Topologies/README.md.
        validate  loads the topology and prints every problem (line:column, JSON path, code) and
                  warning; exits 1 when there is an error.

        The format is documented in Topologies/README.md.
        """

    static func run(_ arguments: [String], validateOnly: Bool) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        var arguments = arguments
        let json = !validateOnly && arguments.contains("--json")
        arguments.removeAll { $0 == "--json" && !validateOnly }
        if let unknown = arguments.first(where: { $0.hasPrefix("-") }) {
            printError("transit-bgp \(validateOnly ? "validate" : "simulate"): unknown option '\(unknown)'\n\n\(help)")
            return 2
        }
        guard arguments.count == 1, let path = arguments.first else {
            printError("transit-bgp \(validateOnly ? "validate" : "simulate"): expected exactly one FILE, got \(arguments)\n\n\(help)")
            return 2
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            printError("transit-bgp: cannot read '\(path)'")
            return 1
        }
        let document: TopologyDocument
        do {
            document = try TopologyLoader.load(Array(data))
        } catch {
            for issue in error.issues { printError("\(path):\(issue)") }
            let errors = error.issues.filter { $0.severity == .error }.count
            printError("\(path): \(errors) error\(errors == 1 ? "" : "s")")
            return 1
        }
        for warning in document.warnings { printError("\(path):\(warning)") }
        if validateOnly {
            print("\(path): valid (\(document.warnings.count) warning\(document.warnings.count == 1 ? "" : "s"))")
            return 0
        }
        let model = document.model()
        if json {
            print(TablesJSON.tables(model.tables).rendered())
        } else {
            print(TableText.render(document: document, model: model))
        }
        return 0
    }
}
