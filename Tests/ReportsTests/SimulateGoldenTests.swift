import Foundation
import Reports
import Simulation
import Testing
import Topology

/// Every bundled topology's `simulate` output (text and JSON) against the checked-in goldens in
/// `Tests/Goldens/simulate/`. `UPDATE_GOLDENS=1 swift test --filter SimulateGoldenTests` rewrites them.
struct SimulateGoldenTests {
    static let topologies = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Topologies")
    static let goldens = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Goldens/simulate")

    static var names: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: topologies.path)) ?? [])
            .filter { FileManager.default.fileExists(atPath: topologies.appendingPathComponent("\($0)/topology.json").path) }
            .sorted()
    }

    /// What `transit-bgp simulate FILE` and `simulate FILE --json` print (standard output).
    static func outputs(_ name: String) throws -> (text: String, json: String) {
        let document = try TopologyLoader.load([UInt8](Data(contentsOf: topologies.appendingPathComponent("\(name)/topology.json"))))
        var simulation = RouteSimulation(document: document)
        simulation.runToEnd()
        let state = simulation.state()
        return (TableText.render(document: document, state: state, log: simulation.log) + "\n", state.json().rendered() + "\n")
    }

    @Test func everyBundledTopologyHasGoldens() {
        #expect(Self.names.count >= 13)
        for name in Self.names {
            for ext in ["txt", "json"] {
                #expect(FileManager.default.fileExists(atPath: Self.goldens.appendingPathComponent("\(name).\(ext)").path),
                        "no golden \(name).\(ext): run UPDATE_GOLDENS=1 swift test --filter SimulateGoldenTests")
            }
        }
    }

    @Test(arguments: names)
    func simulateOutputMatchesTheGolden(name: String) throws {
        let (text, json) = try Self.outputs(name)
        for (ext, actual) in [("txt", text), ("json", json)] {
            let url = Self.goldens.appendingPathComponent("\(name).\(ext)")
            if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
                try Data(actual.utf8).write(to: url)
                continue
            }
            let golden = (try? String(contentsOf: url, encoding: .utf8)) ?? ""
            if golden != actual {
                let expected = golden.split(separator: "\n", omittingEmptySubsequences: false)
                let found = actual.split(separator: "\n", omittingEmptySubsequences: false)
                let line = zip(expected, found).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(expected.count, found.count)
                Issue.record("""
                    \(name).\(ext) differs from the golden at line \(line + 1):
                      golden: \(line < expected.count ? String(expected[line]) : "(end)")
                      now:    \(line < found.count ? String(found[line]) : "(end)")
                    Regenerate with UPDATE_GOLDENS=1 swift test --filter SimulateGoldenTests if the change is intended.
                    """)
            }
        }
    }

    @Test(arguments: names)
    func theSameFileGivesTheSameOutputByteForByte(name: String) throws {
        let first = try Self.outputs(name)
        let second = try Self.outputs(name)
        #expect(first.text == second.text)
        #expect(first.json == second.json)
    }

    @Test(arguments: names)
    func simulateJSONParsesBack(name: String) throws {
        let json = try Self.outputs(name).json
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        #expect(Set(object.keys) == ["time_ms", "tunnels", "transit_router", "connections", "data_centers", "events"])
        let tunnels = try #require(object["tunnels"] as? [String: [String: Any]])
        #expect(!tunnels.isEmpty)
        for state in tunnels.values { #expect(Set(state.keys) == Set(Expectation.tunnelKeys)) }
    }

    @Test(arguments: names)
    func everyExpectBlockPasses(name: String) throws {
        let document = try TopologyLoader.load([UInt8](Data(contentsOf: Self.topologies.appendingPathComponent("\(name)/topology.json"))))
        #expect(!document.expectations.isEmpty, "\(name) has no expect blocks")
        let (results, _) = RouteSimulation.verify(document)
        for result in results where !result.passed {
            Issue.record("\(name) \(result.expectation.path): \(result.mismatches.map(\.description).joined(separator: "; "))")
        }
    }
}
