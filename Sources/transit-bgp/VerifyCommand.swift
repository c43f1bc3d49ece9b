import Simulation
import Topology

/// `transit-bgp verify FILE...`: runs every `expect` block of each file.
enum VerifyCommand {
    static let help = """
        usage: transit-bgp verify FILE... [--quiet]

        Simulates each topology and checks each of its expect blocks at its time (at the end of the
        run when it has no "at"). Prints one line per block, PASS or FAIL, and for a failure every
        difference: the path in the state, what was expected and what was found. Exits 1 when a
        block fails or a file does not load, 2 on a usage error. --quiet prints failures only.
        Expectations are documented in Topologies/README.md.
        """

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        let quiet = arguments.contains("--quiet")
        let files = arguments.filter { $0 != "--quiet" }
        if let unknown = files.first(where: { $0.hasPrefix("-") }) {
            printError("transit-bgp verify: unknown option '\(unknown)'\n\n\(help)")
            return 2
        }
        guard !files.isEmpty else {
            printError("transit-bgp verify: expected at least one FILE\n\n\(help)")
            return 2
        }
        var passed = 0, failed = 0, broken = 0
        for path in files {
            guard let document = loadDocument(path) else {
                broken += 1
                continue
            }
            if document.expectations.isEmpty {
                print("\(path): no expect blocks")
                continue
            }
            let (results, _) = RouteSimulation.verify(document)
            for result in results {
                let label = "\(path) \(result.expectation.path) at \(result.time.simulationSeconds) s"
                    + (result.expectation.description.isEmpty ? "" : ": \(result.expectation.description)")
                if result.passed {
                    passed += 1
                    if !quiet { print("PASS \(label)") }
                } else {
                    failed += 1
                    print("FAIL \(label)")
                    for mismatch in result.mismatches { print("  \(mismatch)") }
                }
            }
        }
        print("\(passed) passed, \(failed) failed\(broken > 0 ? ", \(broken) file\(broken == 1 ? "" : "s") not loaded" : "")")
        return failed == 0 && broken == 0 ? 0 : 1
    }
}
