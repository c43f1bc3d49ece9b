// `transit-bgp reach`: every source against every announced or attached prefix, each cell a trace.

import CloudRouting
import ConnectionParameters
import NetworkPrimitives
import Topology

/// The reach matrix: for each source (VPC attachments, data centers, connections) and each prefix
/// announced by a data center or offered by an attachment, the result of tracing a packet from the
/// source to the prefix's first address.
public struct ReachMatrix: Sendable, Hashable {
    public var sources: [String]
    public var prefixes: [IPv4Prefix]
    /// `cells[row][column]`: the trace result of `sources[row]` to `prefixes[column]` (``TracePath/result``).
    public var cells: [[String]]

    /// Traces every cell with `tracer`.
    public init(_ tracer: PacketTracer) {
        let sources = tracer.sources
        let prefixes = tracer.announcedPrefixes
        self.sources = sources.map(\.name)
        self.prefixes = prefixes
        self.cells = sources.map { source in
            prefixes.map { tracer.trace(from: source, to: $0.address).path.result }
        }
    }

    /// One changed cell between two matrices.
    public struct Change: Sendable, Hashable {
        public var source: String
        public var prefix: IPv4Prefix
        /// `nil` when the cell is absent on that side (a source or prefix only one side has).
        public var before: String?
        public var after: String?

        public init(source: String, prefix: IPv4Prefix, before: String?, after: String?) {
            self.source = source
            self.prefix = prefix
            self.before = before
            self.after = after
        }
    }

    /// The cells that differ from `old` to `new`, by source then prefix.
    public static func changes(from old: ReachMatrix, to new: ReachMatrix) -> [Change] {
        let sources = Array(Set(old.sources).union(new.sources)).sorted()
        let prefixes = Array(Set(old.prefixes).union(new.prefixes)).sorted()
        var changes: [Change] = []
        for source in sources {
            for prefix in prefixes {
                let before = old.cell(source, prefix), after = new.cell(source, prefix)
                if before != after { changes.append(Change(source: source, prefix: prefix, before: before, after: after)) }
            }
        }
        return changes
    }

    /// The cell of `source` and `prefix`, if both are in the matrix.
    public func cell(_ source: String, _ prefix: IPv4Prefix) -> String? {
        guard let row = sources.firstIndex(of: source), let column = prefixes.firstIndex(of: prefix) else { return nil }
        return cells[row][column]
    }

    /// The matrix as aligned text: one row per source, one column per prefix.
    public func text() -> String {
        let head = ["from \\ to"] + prefixes.map(\.description)
        let rows = zip(sources, cells).map { [$0.0] + $0.1 }
        let widths = head.indices.map { column in ([head] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ fields: [String]) -> String {
            zip(fields, widths).map { $0.0 + String(repeating: " ", count: $0.1 - $0.0.count) }
                .joined(separator: "  ").trimmingTrailingSpaces()
        }
        return ([line(head)] + rows.map(line)).joined(separator: "\n")
    }

    /// `reach --json`: `{"sources": [...], "prefixes": [...], "cells": {source: {prefix: result}}}`.
    public func json() -> JSONOutput {
        .object([
            ("sources", .array(sources.map(JSONOutput.string))),
            ("prefixes", .array(prefixes.map { .string($0.description) })),
            ("cells", .object(zip(sources, cells).map { source, row in
                (source, .object(zip(prefixes, row).map { ($0.description, .string($1)) }))
            })),
        ])
    }

    /// Changed cells as JSON rows `{"from", "to", "before", "after"}`.
    public static func json(_ changes: [Change]) -> JSONOutput {
        .array(changes.map { change in
            .object([("from", .string(change.source)), ("to", .string(change.prefix.description)),
                     ("before", .optional(change.before)), ("after", .optional(change.after))])
        })
    }
}

extension String {
    func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}

extension PacketTrace {
    /// `trace --json`: `{"from", "to", "result", "hops": [...], "return": {...}}`; an ECMP hop
    /// carries `branches` (`{"via", "result", "hops", ...}`), an ending `at` and `reasons`.
    public func json() -> JSONOutput {
        var members: [(key: String, value: JSONOutput)] = [("from", .string(source.name)), ("to", .string(destination.description))]
        members += PacketTrace.pathMembers(path)
        members.append(("return", returnPath.map { back in
            .object([("from", .string(back.source.name)), ("to", .string(back.destination.description))]
                + PacketTrace.pathMembers(back.path))
        } ?? .null))
        return .object(members)
    }

    static func pathMembers(_ path: TracePath) -> [(key: String, value: JSONOutput)] {
        var members: [(key: String, value: JSONOutput)] = [("result", .string(path.result))]
        members.append(("hops", .array(path.hops.map { hop in
            .object([
                ("node", .string(hop.node)), ("table", .string(hop.table)),
                ("matched_prefix", .optional(hop.matchedPrefix?.description)), ("status", .optional(hop.status)),
                ("next_hops", .array(hop.nextHops.map(JSONOutput.string))),
                ("rule", .optional(hop.rule?.rawValue)),
            ])
        })))
        switch path.ending {
        case .end(_, let at, let reasons):
            members.append(("at", .string(at)))
            members.append(("reasons", .array(reasons.map(JSONOutput.string))))
        case .branches(let branches):
            members.append(("branches", .array(branches.map { branch in
                .object([("via", .string(branch.via))] + pathMembers(branch.path))
            })))
        }
        return members
    }

    /// The trace as indented text: one line per hop, branches indented under their hop.
    public func text() -> String {
        var lines = ["trace from \(source.name) to \(destination): \(path.result)"]
        PacketTrace.appendText(path, indent: "  ", to: &lines)
        if let back = returnPath {
            lines.append("return from \(back.source.name) to \(back.destination): \(back.path.result)")
            PacketTrace.appendText(back.path, indent: "  ", to: &lines)
        }
        return lines.joined(separator: "\n")
    }

    static func appendText(_ path: TracePath, indent: String, to lines: inout [String]) {
        for hop in path.hops {
            let match = hop.matchedPrefix.map { "\($0) " } ?? (hop.status == nil ? "no match" : "")
            let status = hop.status ?? ""
            let next = hop.nextHops.isEmpty ? "" : " -> " + hop.nextHops.joined(separator: ", ")
            let rule = hop.rule.map { " (rule: \($0.rawValue))" } ?? ""
            lines.append("\(indent)\(hop.node) [\(hop.table)] \(match)\(status)\(rule)\(next)")
        }
        switch path.ending {
        case .end(let result, let at, let reasons):
            lines.append("\(indent)= \(result.rawValue) at \(at)")
            for reason in reasons { lines.append("\(indent)  because: \(reason)") }
        case .branches(let branches):
            for branch in branches {
                lines.append("\(indent)branch via \(branch.via): \(branch.path.result)")
                appendText(branch.path, indent: indent + "  ", to: &lines)
            }
        }
    }
}

extension ReachMatrix {
    /// The matrix of `document` run to `time` (default: the end of the run).
    public static func of(_ document: TopologyDocument, at time: Duration? = nil) -> ReachMatrix {
        var simulation = RouteSimulation(document: document)
        simulation.recordsRouteChanges = false  // only the state is read
        simulation.run(until: time ?? simulation.endTime)
        return ReachMatrix(PacketTracer(document: document, model: simulation.model, state: simulation.state()))
    }

    /// The cells that change at the end of the run when the advanced `settings` are set from the
    /// start (as `set` timeline events at 0 s, so the simulation applies them the way it applies any
    /// other change).
    public static func changes(
        _ document: TopologyDocument, settings: [(connection: String, setting: AdvancedSetting, on: Bool)]
    ) -> [Change] {
        var changed = document
        let events = settings.map { TimelineEvent(at: .zero, action: .setting(connection: $0.connection, setting: $0.setting, on: $0.on), path: "--set") }
        changed.timeline.insert(contentsOf: events, at: 0)
        return changes(from: of(document), to: of(changed))
    }
}
