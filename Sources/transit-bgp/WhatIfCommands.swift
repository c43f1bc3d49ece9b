import CloudRouting
import ConnectionParameters
import Foundation
import NetworkPrimitives
import Reports
import Simulation
import Topology

/// `transit-bgp diff` and `transit-bgp explain`: what a change would do, and why a route is (not) there.
enum WhatIfCommands {
    static let diffHelp = """
        usage: transit-bgp diff FILE --set CONNECTION.SETTING=on|off [--set ...] [--json]
               transit-bgp diff A B [--json]

        What every table gains (+) and loses (-): after flipping advanced settings on the topology
        (SETTING: advertise-routes, associate-default-table, propagate-default-table), or between two
        topologies. Only prefixes whose rows change are listed.
        """

    static let explainHelp = """
        usage: transit-bgp explain FILE PREFIX [--table TABLE] [--at SECONDS] [--json]

        The rows for PREFIX in TABLE with their status and deciding step, and for every source that
        could have offered it but did not, why. TABLE is tr/<route table> (default: the TR's default
        table), <connection>/bgp or <connection>/destination. An unknown TABLE is a usage error
        (exit 2) that lists the known tables. Without --at: the topology as configured (every
        tunnel that negotiates up, every announcement learned); with --at SECONDS: the state of
        the simulation at that time (decimal seconds from the start, as simulate --at), timeline
        events included.
        """

    static func diff(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(diffHelp)
            return 0
        }
        var rest = arguments
        var files: [String] = []
        var sets: [(connection: String, setting: AdvancedSetting, on: Bool)] = []
        var json = false
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            switch argument {
            case "--json":
                json = true
            case "--set":
                guard !rest.isEmpty else { return fail("diff", "--set needs CONNECTION.SETTING=on|off", diffHelp) }
                let spec = rest.removeFirst()
                switch parseSet(spec) {
                case .success(let parsed): sets.append(parsed)
                case .failure(let problem): return fail("diff", "--set '\(spec)': \(problem.message)", diffHelp)
                }
            default:
                guard !argument.hasPrefix("-") || argument == "-" else { return fail("diff", "unknown option '\(argument)'", diffHelp) }
                files.append(argument)
            }
        }
        guard (files.count == 1 && !sets.isEmpty) || (files.count == 2 && sets.isEmpty) else {
            return fail("diff", "expected FILE with --set, or two files A B", diffHelp)
        }
        var models: [CloudModel] = []
        for file in files {
            guard let model = load(file) else { return 1 }
            models.append(model)
        }
        let changes: [TableChange]
        if var model = models.first, files.count == 1 {
            for set in sets where model.connections[set.connection] == nil {
                return fail("diff", "--set: no connection '\(set.connection)' in \(files[0]) (\(knownNames(set.connection, among: model.connections.keys.sorted())))", diffHelp)
            }
            let before = model
            let delta = model.batch { model in
                for set in sets { model.set(set.setting, set.on, connection: set.connection) }
            }
            changes = model.tableChanges(delta, since: before)
        } else {
            changes = TableChange.differences(from: models[0].tables, to: models[1].tables)
        }
        if json {
            var members: [(key: String, value: JSONOutput)] = [("changes", TablesJSON.changes(changes))]
            // With --set, the reach matrix's changed cells too (one file: before and after the settings).
            if files.count == 1, let document = loadDocument(files[0]) {
                members.append(("reach_changes", ReachMatrix.json(ReachMatrix.changes(document, settings: sets))))
            }
            print(CommandJSON.envelope("diff", members).rendered())
            return 0
        }
        if changes.isEmpty { print("no table changes") }
        var table = ""
        for change in changes {
            if change.table != table {
                table = change.table
                print("\(table):")
            }
            let before = Set(change.before)
            let after = Set(change.after)
            for row in change.before where !after.contains(row) { print("  - \(text(row))") }
            for row in change.after where !before.contains(row) { print("  + \(text(row))") }
        }
        if files.count == 1, let document = loadDocument(files[0]) { ReachCommand.printChanges(document, sets) }
        return 0
    }

    static func explain(_ arguments: [String]) -> Int32 {
        if arguments.contains("--help") || arguments.contains("-h") {
            print(explainHelp)
            return 0
        }
        var rest = arguments
        var positional: [String] = []
        var table: String?
        var at: Duration?
        var json = false
        while !rest.isEmpty {
            let argument = rest.removeFirst()
            if argument == "--json" {
                json = true
            } else if argument == "--table" {
                guard !rest.isEmpty else { return fail("explain", "--table needs a TABLE", explainHelp) }
                table = rest.removeFirst()
            } else if argument == "--at" {
                switch takeRunTime(&rest) {
                case .success(let time): at = time
                case .failure(let error): return fail("explain", error.message, explainHelp)
                }
            } else if argument.hasPrefix("-") && argument != "-" {
                return fail("explain", "unknown option '\(argument)'", explainHelp)
            } else {
                positional.append(argument)
            }
        }
        guard positional.count == 2 else { return fail("explain", "expected FILE PREFIX", explainHelp) }
        guard let prefix = try? IPv4Prefix(parsing: positional[1]) else {
            return fail("explain", "PREFIX '\(positional[1])' is not an IPv4 prefix like 192.168.0.0/16", explainHelp)
        }
        guard let document = loadDocument(positional[0]) else { return 1 }
        let model: CloudModel
        if let at {
            var simulation = RouteSimulation(document: document)
            simulation.recordsRouteChanges = false  // only the state is read
            simulation.run(until: at)
            model = simulation.model
        } else {
            model = document.model()
        }
        let name = table ?? TableChange.transitRouterTable(model.defaultTableID)
        let tables = tableNames(model)
        guard tables.contains(name) else {
            return fail("explain", "--table: no table '\(name)' in \(positional[0]) (\(knownNames(name, among: tables)))", explainHelp)
        }
        let explanation = model.explain(prefix, table: name)
        if json {
            print(CommandJSON.explanation(explanation).rendered())
            return 0
        }
        print("\(prefix) in \(name):")
        if explanation.rows.isEmpty { print("  no route") }
        for row in explanation.rows { print("  \(text(row))") }
        for reason in explanation.reasons { print("  because: \(reason)") }
        return 0
    }

    /// Why a `--set` argument cannot be read.
    struct SetProblem: Error {
        var message: String
    }

    static func parseSet(_ spec: String) -> Result<(connection: String, setting: AdvancedSetting, on: Bool), SetProblem> {
        let settings = AdvancedSetting.allCases.map(\.rawValue)
        let shape = "expected CONNECTION.SETTING=on|off with SETTING one of \(settings.joined(separator: ", "))"
        let sides = spec.split(separator: "=", maxSplits: 1).map(String.init)
        guard sides.count == 2, let dot = sides[0].lastIndex(of: ".") else { return .failure(SetProblem(message: shape)) }
        guard ["on", "off"].contains(sides[1]) else {
            return .failure(SetProblem(message: "'\(sides[1])' is not on or off"))
        }
        let name = String(sides[0][sides[0].index(after: dot)...])
        guard let setting = AdvancedSetting(rawValue: name) else {
            return .failure(SetProblem(message: "no setting '\(name)' (\(knownNames(name, among: settings)))"))
        }
        return .success((String(sides[0][..<dot]), setting, sides[1] == "on"))
    }

    /// Every table name `explain --table` takes: `tr/<table>`, `<connection>/bgp`, `<connection>/destination`.
    static func tableNames(_ model: CloudModel) -> [String] {
        model.routeTables.keys.sorted().map(TableChange.transitRouterTable)
            + model.connections.keys.sorted().flatMap { [TableChange.bgpTable($0), TableChange.destinationTable($0)] }
    }

    static func load(_ path: String) -> CloudModel? {
        loadDocument(path)?.model()
    }

    /// One row on one line: the console's columns.
    static func text(_ row: TableRow) -> String {
        switch row {
        case .transitRouter(let e):
            return "\(e.prefix) \(e.type.rawValue) \(e.nextHopAttachment ?? "blackhole") \(e.originType.rawValue) [\(e.asPath)] pref \(e.preference) \(e.statusText)"
        case .connection(let e):
            let tunnels = e.tunnels.isEmpty ? "no tunnel" : "tunnels " + e.tunnels.map(String.init).joined(separator: ",")
            let others = e.otherPaths.map { "; tunnel \($0.tunnel) [\($0.asPath)] \($0.statusText)" }.joined()
            return "\(e.prefix) \(e.source.rawValue) \(tunnels) [\(e.asPath)] \(e.statusText)\(others)"
        }
    }

    static func fail(_ verb: String, _ message: String, _ help: String) -> Int32 {
        usageFailure(verb, message)
    }
}
