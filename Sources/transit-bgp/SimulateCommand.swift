import BGPWire
import CloudRouting
import ConnectionParameters
import Foundation
import NetworkPrimitives
import Reports
import Simulation
import Topology

/// `transit-bgp simulate FILE [--at T] [--json]` and `transit-bgp validate FILE`.
enum SimulateCommand {
    static let help = """
        usage: transit-bgp simulate FILE [--at SECONDS] [--json] [--strict]
               transit-bgp validate FILE... [--json] [--strict]

        simulate  runs the topology on a virtual clock: every tunnel negotiates, the data centers and
                  the cloud side exchange real BGP messages, the timeline's events happen at their
                  times. Prints what happened, each tunnel's state and every table in the console's
                  columns, at the end of the run or at --at SECONDS (decimal seconds from the start,
                  fractions allowed); with --json, the state in the JSON shape documented in the README.
        validate  loads each topology and prints every problem (line:column, JSON path, code) and
                  warning (at most 100 lines per file; --json lists them all).

        FILE - reads standard input. Warnings (prefix "warning:") do not change the exit status
        unless --strict. Exit status: 0 valid (or simulated), 1 an error (or a warning with
        --strict), 2 a usage error.
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
        var strict = false
        var at: Duration?
        var files: [String] = []
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            switch argument {
            case "--json":
                json = true
            case "--strict":
                strict = true
            case "--at" where !validateOnly:
                switch takeRunTime(&rest) {
                case .success(let time): at = time
                case .failure(let error): return usageError(verb, error.message)
                }
            default:
                guard !argument.hasPrefix("-") || argument == "-" else { return usageError(verb, "unknown option '\(argument)'") }
                files.append(argument)
            }
        }
        if validateOnly { return validate(files, json: json, strict: strict) }
        guard files.count == 1, let path = files.first else {
            return usageError(verb, "expected exactly one FILE, got \(files.isEmpty ? "none" : files.joined(separator: " "))")
        }
        guard let document = loadDocument(path) else { return 1 }
        var simulation = RouteSimulation(document: document)
        simulation.run(until: at ?? simulation.endTime)
        let state = simulation.state()
        let warnings = RunWarnings.quota(simulation.model, document)
        for warning in warnings { printError(issueLine(path, warning)) }
        if json {
            print(CommandJSON.envelope("simulate", wrapping: state.json()).rendered())
        } else {
            print(TableText.render(document: document, state: state, log: simulation.log))
        }
        return strict && !(warnings.isEmpty && document.warnings.isEmpty) ? 1 : 0
    }

    /// `validate FILE...`: every file's problems; 1 when one has an error (or, with `strict`, a warning).
    static func validate(_ files: [String], json: Bool, strict: Bool) -> Int32 {
        guard !files.isEmpty else { return usageError("validate", "expected at least one FILE") }
        if json { return CommandJSON.writeValidation(files, strict: strict) }
        var outcomes: [LoadOutcome] = []
        for path in files {
            let outcome = loadOutcome(path)
            outcomes.append(outcome)
            printIssues(outcome)
            if let document = outcome.document {
                let events = document.timeline.count, checks = document.expectations.count
                print("\(path): valid (\(outcome.warnings) warning\(outcome.warnings == 1 ? "" : "s"), \(events) timeline event\(events == 1 ? "" : "s"), \(checks) expectation\(checks == 1 ? "" : "s"))")
            }
        }
        let failed = outcomes.contains { $0.document == nil || (strict && $0.warnings > 0) }
        return failed ? 1 : 0
    }

    static func usageError(_ verb: String, _ message: String) -> Int32 {
        usageFailure(verb, message)
    }
}

