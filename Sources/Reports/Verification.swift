import Simulation
import Topology

/// The outcome of one `expect` block (`transit-bgp verify`).
public struct ExpectationResult: Sendable {
    public var expectation: Expectation
    /// When it was checked.
    public var time: Duration
    public var mismatches: [ExpectationMatcher.Mismatch]

    public var passed: Bool { mismatches.isEmpty }
}

extension RouteSimulation {
    /// Runs the document to its end, checking every `expect` block at its time (blocks without
    /// `at` at the end). Results are in time order (file order for equal times).
    public static func verify(_ document: TopologyDocument) -> (results: [ExpectationResult], simulation: RouteSimulation) {
        var simulation = RouteSimulation(document: document)
        simulation.recordsRouteChanges = false  // only the state is read
        let ordered = document.expectations.enumerated().sorted {
            ($0.element.at ?? simulation.endTime, $0.offset) < ($1.element.at ?? simulation.endTime, $1.offset)
        }
        var results: [ExpectationResult] = []
        for (_, expectation) in ordered {
            simulation.run(until: expectation.at ?? simulation.endTime)
            let mismatches = ExpectationMatcher.mismatches(of: expectation, in: simulation.state().expectationView())
            results.append(ExpectationResult(expectation: expectation, time: simulation.now, mismatches: mismatches))
        }
        simulation.runToEnd()
        return (results, simulation)
    }
}
