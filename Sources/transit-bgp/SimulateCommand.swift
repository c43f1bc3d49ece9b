import BGPWire
import CloudRouting
import Foundation
import NetworkPrimitives
import Reports
import Simulation
import Topology

/// `transit-bgp simulate FILE [--at T] [--json]` and `transit-bgp validate FILE`.
enum SimulateCommand {
    static let help = """
        usage: transit-bgp simulate FILE [--at SECONDS] [--json]
               transit-bgp validate FILE

        simulate  runs the topology on a virtual clock: every tunnel negotiates, the data centers and
                  the cloud side exchange real BGP messages, the timeline's events happen at their
                  times. Prints what happened, each tunnel's state and every table in the console's
                  columns, at the end of the run or at --at SECONDS (from the start, fractions allowed);
                  with --json, the state in the JSON shape documented in the README.
        validate  loads the topology and prints every problem (line:column, JSON path, code) and
                  warning; exits 1 when there is an error.

        The format, the timeline and the defaults of the run are documented in Topologies/README.md.
        """

    static func run(_ arguments: [String], validateOnly: Bool) -> Int32 {
        let verb = validateOnly ? "validate" : "simulate"
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        var rest = arguments
        var json = false
        var at: Duration?
        var files: [String] = []
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            switch argument {
            case "--json" where !validateOnly:
                json = true
            case "--at" where !validateOnly:
                guard let text = rest.first else { return usageError(verb, "--at needs a time in seconds") }
                rest.removeFirst()
                guard let seconds = decimalSeconds(text), seconds.isFinite, seconds >= 0, seconds <= 86_400 else {
                    return usageError(verb, "--at '\(text)': expected decimal seconds from the start of the run, 0...86400 (such as 30 or 95.5)")
                }
                at = .milliseconds(Int64((seconds * 1000).rounded()))
            default:
                guard !argument.hasPrefix("-") || argument == "-" else { return usageError(verb, "unknown option '\(argument)'") }
                files.append(argument)
            }
        }
        guard files.count == 1, let path = files.first else {
            return usageError(verb, "expected exactly one FILE, got \(files.isEmpty ? "none" : files.joined(separator: " "))")
        }
        guard let document = loadDocument(path) else { return 1 }
        if validateOnly {
            let events = document.timeline.count, checks = document.expectations.count
            print("\(path): valid (\(document.warnings.count) warning\(document.warnings.count == 1 ? "" : "s"), \(events) timeline event\(events == 1 ? "" : "s"), \(checks) expectation\(checks == 1 ? "" : "s"))")
            return 0
        }
        var simulation = RouteSimulation(document: document)
        simulation.run(until: at ?? simulation.endTime)
        let state = simulation.state()
        if json {
            print(state.json().rendered())
        } else {
            print(TableText.render(document: document, state: state, log: simulation.log))
        }
        return 0
    }

    static func usageError(_ verb: String, _ message: String) -> Int32 {
        usageFailure(verb, message)
    }
}

/// Loads a topology, printing every problem (and warning) to standard error.
func loadDocument(_ path: String) -> TopologyDocument? {
    guard let data = readInput(path) else { return nil }
    do {
        let document = try TopologyLoader.load(data)
        for warning in document.warnings { printError("\(path):\(warning)") }
        return document
    } catch {
        for issue in error.issues { printError("\(path):\(issue)") }
        let errors = error.issues.filter { $0.severity == .error }.count
        printError("\(path): \(errors) error\(errors == 1 ? "" : "s")")
        return nil
    }
}
