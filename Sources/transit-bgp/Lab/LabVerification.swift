import CloudRouting
import ConnectionParameters
import Foundation
import LabKit
import Reports
import Simulation
import Topology

/// `transit-bgp verify --lab FILE...`: the `expect` blocks of each topology against its live lab,
/// matched by the simulator's own code (``ExpectationView/keyed(_:)``, ``ExpectationMatcher``).
///
/// Only steady-state blocks are checked live: a block with `at` describes a moment of the virtual
/// clock, and a topology with a timeline describes a sequence of events the lab does not replay,
/// so those blocks print `SKIP … not checked live` and count neither way.
enum LabVerification {
    static func run(files: [String], directory: String?, settle: Duration, quiet: Bool) -> Int32 {
        var passed = 0, failed = 0, skipped = 0, broken = 0
        let tools: LabTools
        do {
            tools = try LabTools.locate()
        } catch {
            printError("transit-bgp verify --lab: \(error)")
            return 1
        }
        for path in files {
            guard let document = loadDocument(path) else {
                broken += 1
                continue
            }
            if document.expectations.isEmpty {
                print("\(path): no expect blocks")
                continue
            }
            // Why the whole file cannot be checked live, if it cannot.
            var notLive: String?
            var plan: LabPlan?
            do {
                plan = try LabPlan(document: document)
                // With IPsec the data center's strongSwan configuration and underlay carry its deviations
                // (psk, ike_version, reachable, up); another AS or no BGP the lab does not reproduce.
                let faults = (plan?.deliberateFaults ?? []).filter { !LabVerb.reproducedWithIPsec($0) }
                if !faults.isEmpty {
                    notLive = "the data center is misconfigured on purpose (" + faults.joined(separator: "; ")
                        + "), which the lab does not reproduce: its configuration is the generated one"
                }
            } catch where error.code == .noBGPConnection {
                notLive = "no connection runs BGP, so the lab has no session"
            } catch {
                printError("transit-bgp verify --lab: \(path): \(error)")
                broken += 1
                continue
            }
            if !document.timeline.isEmpty { notLive = "the topology has a timeline, which the lab does not replay" }
            let steady = notLive == nil ? document.expectations.filter { $0.at == nil } : []
            for expectation in document.expectations where !steady.contains(where: { $0.path == expectation.path }) {
                skipped += 1
                let why = notLive ?? "timed (at \(expectation.at?.simulationSeconds ?? "?") s of the simulation)"
                if !quiet { print("SKIP \(path) \(expectation.path): not checked live: \(why)") }
            }
            guard !steady.isEmpty, plan != nil else { continue }
            let location = LabLocation(topology: path, directory: directory)
            var temporary = false
            do {
                let lab = try LiveLab(location: location, document: document, tools: tools)
                temporary = try lab.up(speakerArguments: []) == .started
                if temporary { print("\(path): lab brought up in \(location.directory) for this check") }
                guard let state = try location.loadState() else { throw LabError("\(location.statePath) vanished") }
                let (observation, settled) = try lab.settle(state: state, within: settle, tables: true, routes: true)
                if !settled {
                    print("\(path): the lab did not settle within \(settle) (sessions not all Established with equal counts, "
                        + "or still changing); checking what it shows now")
                }
                let view = ExpectationView.keyed(LabView.state(plan: lab.plan, observation: observation))
                for expectation in steady {
                    let mismatches = ExpectationMatcher.mismatches(of: expectation, in: view)
                    let label = "\(path) \(expectation.path) live"
                        + (expectation.description.isEmpty ? "" : ": \(expectation.description)")
                    if mismatches.isEmpty {
                        passed += 1
                        if !quiet { print("PASS \(label)") }
                    } else {
                        failed += 1
                        print("FAIL \(label)")
                        for mismatch in mismatches { print("  \(mismatch)") }
                    }
                }
            } catch {
                printError("transit-bgp verify --lab: \(path): \(error)")
                broken += 1
            }
            if temporary {
                _ = LabTeardown(location: location, ip: tools.ip).run()
                print("\(path): lab in \(location.directory) brought down")
            }
        }
        print("\(passed) passed, \(failed) failed, \(skipped) not checked live"
            + (broken > 0 ? ", \(broken) file\(broken == 1 ? "" : "s") not checked (see the errors)" : ""))
        return failed == 0 && broken == 0 ? 0 : 1
    }
}
