import BGPSession
import CloudRouting
import ConnectionParameters
import Foundation
import NetworkPrimitives
import Simulation
import Testing
import Topology

/// A scenario for the timeline tests: the text of `Topologies/dual-tunnel-bgp/topology.json`
/// without its `expect` blocks, changed by exact text replacements, with `timeline`, `simulation`
/// and `expect` members added at the end.
///
/// dual-tunnel-bgp: connection `vco-dc1` (tunnels 1 and 2, cloud AS 45104, 169.254.10.1 and
/// 169.254.20.1), data center `dc1` (AS 65001) announcing 192.168.0.0/16 and 172.16.10.0/24 on
/// both tunnels, TR `tr-demo` with table `vtb-default` and the VPCs 10.0.0.0/16 and 10.1.0.0/16,
/// the three advanced settings on.
struct Scenario {
    var text: String

    init() throws {
        let text = try String(contentsOf: BundledTopologies.folder.appendingPathComponent("dual-tunnel-bgp/topology.json"), encoding: .utf8)
        let cut = try #require(text.range(of: ",\n  \"expect\": ["))
        self.text = String(text[..<cut.lowerBound])
    }

    /// Replaces `old`, which must occur exactly once.
    mutating func replace(_ old: String, with new: String) throws {
        let count = text.components(separatedBy: old).count - 1
        try #require(count == 1, "'\(old)' occurs \(count) times")
        text = text.replacingOccurrences(of: old, with: new)
    }

    /// Adds members (JSON text, without braces) to tunnel `index`'s `tunnel_options_specification` entry.
    mutating func tunnelOptions(_ index: Int, _ members: String) throws {
        try replace("\"tunnel_index\": \(index),", with: "\"tunnel_index\": \(index), \(members),")
    }

    /// Adds members (JSON text, without braces) to data center `dc1`.
    mutating func dataCenter(_ members: String) throws {
        try replace("\"name\": \"dc1\",", with: "\"name\": \"dc1\", \(members),")
    }

    /// The file: the text with `members` (JSON text of top-level members, such as `"timeline": [...]`)
    /// added at the end.
    func file(_ members: [String]) -> String {
        ([text] + members).joined(separator: ",\n  ") + "\n}\n"
    }

    func document(timeline: String? = nil, simulation: String? = nil, expect: String? = nil) throws -> TopologyDocument {
        let members = [timeline.map { "\"timeline\": \($0)" }, simulation.map { "\"simulation\": \($0)" },
                       expect.map { "\"expect\": \($0)" }].compactMap { $0 }
        return try TopologyLoader.load(file(members))
    }

    /// A simulation of the scenario with this timeline (JSON array text) and simulation settings (JSON object text).
    func simulation(timeline: String? = nil, simulation: String? = nil) throws -> RouteSimulation {
        RouteSimulation(document: try document(timeline: timeline, simulation: simulation))
    }
}

// MARK: - Reading a run

/// Seconds with millisecond precision, written as a decimal literal: `secs(125.015)`.
func secs(_ seconds: Double) -> Duration {
    .milliseconds(Int64((seconds * 1000).rounded()))
}

extension RouteSimulation {
    /// The times of the log entries of `subject` whose message is `message` (or starts with it,
    /// when `prefix` is set).
    func times(_ subject: String, _ message: String, prefix: Bool = false) -> [Duration] {
        log.filter { $0.subject == subject && (prefix ? $0.message.hasPrefix(message) : $0.message == message) }.map(\.time)
    }

    /// The log entries at `time`, as "subject: message".
    func entries(at time: Duration) -> [String] {
        log.filter { $0.time == time }.map { "\($0.subject): \($0.message)" }
    }

    /// The tunnels of the BGP table row of `prefix` in `vco-dc1` with this source (`nil`: no such row).
    func bgpTunnels(_ prefix: String, source: ConnectionRouteSource = .vpnBGP) -> [Int]? {
        model.tables.connections["vco-dc1"]?.bgp.first { $0.prefix.description == prefix && $0.source == source }?.tunnels
    }

    /// The prefixes of the TR default table.
    var transitRouterPrefixes: [String] {
        (model.tables.transitRouter["vtb-default"] ?? []).map(\.prefix.description)
    }

    /// The prefixes the data center `dc1` received over a tunnel, sorted.
    func dataCenterPrefixes(tunnel: Int) -> [String] {
        (state().dataCenterRoutes["dc1"]?[tunnel] ?? [:]).keys.sorted().map(\.description)
    }

    /// One tunnel's state.
    func tunnel(_ index: Int, connection: String = "vco-dc1") -> SimulationState.TunnelState? {
        state().tunnels.first { $0.connectionID == connection && $0.index == index }
    }
}

/// The data center's own prefixes, and the VPC CIDRs, sorted.
let dcPrefixes = ["172.16.10.0/24", "192.168.0.0/16"]
let vpcCIDRs = ["10.0.0.0/16", "10.1.0.0/16"]
