import CloudRouting
import ConnectionParameters
import Simulation
import Testing
import Topology

/// Without a timeline, a simulation converges to the tables the static model computes: the
/// sessions, UPDATEs and timers add time, not a different answer.
struct SteadyStateTests {
    @Test(arguments: BundledTopologies.names)
    func convergedTablesEqualTheStaticModel(name: String) throws {
        var document = try BundledTopologies.load(name)
        document.timeline = []
        document.expectations = []
        var simulation = RouteSimulation(document: document)
        simulation.runToEnd()
        let simulated = simulation.model.tables
        let expected = document.model().tables
        let changes = TableChange.differences(from: expected, to: simulated)
        #expect(changes.isEmpty, "\(name): \(changes.map { "\($0.table) \($0.prefix)" })")
        #expect(simulation.now == .seconds(180))
    }
}
