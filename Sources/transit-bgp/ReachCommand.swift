import CloudRouting
import ConnectionParameters
import Reports
import Simulation
import Topology

/// `transit-bgp reach FILE [--at T] [--json]`.
enum ReachCommand {
    static let help = """
        usage: transit-bgp reach FILE [--at SECONDS] [--json]

        Every source (VPC attachments, data centers, connections) against every prefix a data center
        announces or an attachment offers: each cell is the result of `trace` to the prefix's first
        address (delivered, blackhole, no_route, loop; ECMP branches that differ are joined by +).
        """

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        var rest = arguments
        var files: [String] = []
        var at: Duration?
        var json = false
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            switch argument {
            case "--json": json = true
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
        guard let tracer = TraceCommand.tracer(files[0], at: at) else { return 1 }
        let matrix = ReachMatrix(tracer)
        print(json ? matrix.json().rendered() : matrix.text())
        return 0
    }

    static func fail(_ message: String) -> Int32 {
        printError("transit-bgp reach: \(message)\n\n\(help)")
        return 2
    }
}

extension ReachCommand {
    /// `diff --set`: the reach cells the settings change, after the table changes.
    static func printChanges(_ document: TopologyDocument, _ sets: [(connection: String, setting: AdvancedSetting, on: Bool)]) {
        let changes = ReachMatrix.changes(document, settings: sets)
        print(changes.isEmpty ? "reach: no cell changes" : "reach:")
        for change in changes {
            print("  \(change.source) -> \(change.prefix): \(change.before ?? "-") => \(change.after ?? "-")")
        }
    }
}
