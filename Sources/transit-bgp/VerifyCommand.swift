import Reports
import Simulation
import Topology

/// `transit-bgp verify FILE...`: runs every `expect` block of each file.
enum VerifyCommand {
    static let help = """
        usage: transit-bgp verify FILE... [--quiet] [--json] [--strict]
               transit-bgp verify --lab FILE... [--dir DIR] [--settle SECONDS] [--quiet]

        Simulates each topology and checks each of its expect blocks at its time (at the end of the
        run when it has no "at"). Prints one line per block, PASS or FAIL, and for a failure every
        difference: the path in the state, what was expected and what was found. Exits 1 when a
        block fails or a file does not load, 2 on a usage error. --quiet prints failures only.
        A file without expect blocks checks nothing: a warning, and exit 1 with --strict. FILE -
        reads standard input; --json prints the results in the shape of the README's "JSON output".
        Expectations are documented in Topologies/README.md.

        --lab checks the blocks against the live lab instead (as root; README, "Lab"): the lab of
        each FILE is used when it is up (`transit-bgp lab up FILE`), else brought up for the check
        and down after it. Once every session is Established on both sides and two readings agree
        (at most --settle seconds, default 60), the steady-state blocks (no "at", no timeline) are
        matched against our tables (control socket) and what FRR received (vtysh); timed blocks
        print "SKIP ... not checked live". --dir names the lab directory (one FILE only).
        """

    static func run(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(help)
            return 0
        }
        let quiet = arguments.contains("--quiet")
        let json = arguments.contains("--json")
        let strict = arguments.contains("--strict")
        var files: [String] = []
        var live = false
        var directory: String?
        var settle: Duration = .seconds(60)
        var rest = arguments
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            switch argument {
            case "--quiet", "--json", "--strict": break
            case "--lab": live = true
            case "--dir":
                guard let path = rest.first, !path.isEmpty else { return usage("--dir needs a DIR") }
                directory = rest.removeFirst()
            case "--settle":
                guard let text = rest.first, let seconds = Int(text), (1 ... 3600).contains(seconds) else {
                    return usage("--settle needs 1-3600 seconds")
                }
                rest.removeFirst()
                settle = .seconds(seconds)
            default: files.append(argument)
            }
        }
        if !live, directory != nil || arguments.contains("--settle") { return usage("--dir and --settle go with --lab") }
        if directory != nil, files.count != 1 { return usage("--dir names one lab: give one FILE with it") }
        if let unknown = files.first(where: { $0.hasPrefix("-") && $0 != "-" }) {
            return usageFailure("verify", "unknown option '\(unknown)'")
        }
        guard !files.isEmpty else {
            return usageFailure("verify", "expected at least one FILE")
        }
        if live { return LabVerification.run(files: files, directory: directory, settle: settle, quiet: quiet) }
        var passed = 0, failed = 0, broken = 0, empty = 0
        var fileJSON: [JSONOutput] = []
        for path in files {
            let outcome = loadOutcome(path, everyIssue: json)
            if !json { printIssues(outcome) }
            var results: [JSONOutput] = []
            defer {
                if json {
                    fileJSON.append(.object(CommandJSON.file(outcome) + [
                        ("expectations", .int(outcome.document?.expectations.count ?? 0)),
                        ("results", .array(results)),
                    ]))
                }
            }
            guard let document = outcome.document else {
                broken += 1
                continue
            }
            if document.expectations.isEmpty {
                empty += 1
                if !json { printError("\(path): warning: no_expectations: the file has no expect blocks, so nothing was checked") }
                continue
            }
            let (checked, _) = RouteSimulation.verify(document)
            for result in checked {
                let label = "\(path) \(result.expectation.path) at \(result.time.simulationSeconds) s"
                    + (result.expectation.description.isEmpty ? "" : ": \(result.expectation.description)")
                results.append(.object([
                    ("expectation", .string(result.expectation.path)),
                    ("description", .string(result.expectation.description)),
                    ("at_ms", .int(Int(result.time.components.seconds * 1000 + result.time.components.attoseconds / 1_000_000_000_000_000))),
                    ("status", .string(result.passed ? "pass" : "fail")),
                    ("mismatches", .array(result.mismatches.map { .string("\($0)") })),
                ]))
                if result.passed {
                    passed += 1
                    if !quiet && !json { print("PASS \(label)") }
                } else {
                    failed += 1
                    if !json {
                        print("FAIL \(label)")
                        for mismatch in result.mismatches { print("  \(mismatch)") }
                    }
                }
            }
        }
        if json {
            print(CommandJSON.envelope("verify", [
                ("passed", .int(passed)), ("failed", .int(failed)), ("not_loaded", .int(broken)),
                ("without_expectations", .int(empty)), ("files", .array(fileJSON)),
            ]).rendered())
        } else {
            print("\(passed) passed, \(failed) failed\(broken > 0 ? ", \(broken) file\(broken == 1 ? "" : "s") not loaded" : "")"
                + (empty > 0 ? ", \(empty) without expect blocks" : ""))
        }
        return failed == 0 && broken == 0 && !(strict && empty > 0) ? 0 : 1
    }

    static func usage(_ message: String) -> Int32 {
        usageFailure("verify", message)
    }
}
