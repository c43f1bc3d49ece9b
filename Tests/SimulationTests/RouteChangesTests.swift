// The route changes after each timeline event (`RouteChanges.swift`): which prefixes each table
// gained, lost or moved, by virtual time, grouped when they changed the same way.

import CloudRouting
import Foundation
import NetworkPrimitives
import Reports
import Simulation
import Testing
import Topology

/// `{"at": AT, "event": EVENT, "connection": "vco-dc1", "tunnel": N}`.
private func event(_ at: Double, _ name: String, tunnel: Int = 1) -> String {
    #"{"at": \#(at), "event": "\#(name)", "connection": "vco-dc1", "tunnel": \#(tunnel)}"#
}

/// One group in one line: `90 vco-dc1/bgp moved [1, 2]->[2] 10.0.0.0/16 …`.
private func line(_ group: RouteChangeGroup) -> String {
    func hops(_ forwarding: RouteForwarding?) -> String {
        guard let forwarding else { return "-" }
        return RouteChangeGroup.forwardsByNextHop(group.table) ? "\(forwarding.nextHops.map { $0 ?? "blackhole" })" : "\(forwarding.tunnels)"
    }
    return "\(group.time.simulationSeconds) \(group.table) \(group.kind.rawValue) \(hops(group.before))->\(hops(group.after)) "
        + group.prefixes.map(\.description).joined(separator: " ")
}

@Suite("Route changes on the timeline")
struct RouteChangesTests {
    /// dpd_timeout at 60 s: nothing moves while DPD waits; at 90 s every row of vco-dc1's BGP table
    /// (the data center's prefixes and the CLOUD rows) moves from tunnels 1,2 to tunnel 2, the data
    /// center loses what it received over tunnel 1, and the TR table does not change (its next hop
    /// is the attachment either way).
    @Test func timelineEventsListRouteChanges() throws {
        var simulation = try Scenario().simulation(timeline: "[\(event(60, "dpd_timeout"))]")
        simulation.runToEnd()
        let windows = simulation.routeChanges
        #expect(windows.count == 1)
        #expect(windows.first?.time == .seconds(60) && windows.first?.event.path == "timeline[0]")
        #expect(windows.first?.groups.map(line) == [
            "90 vco-dc1/bgp moved [1, 2]->[2] 10.0.0.0/16 10.1.0.0/16 172.16.10.0/24 192.168.0.0/16",
            "90 data_centers/dc1/1 removed [\"169.254.10.1\"]->- 10.0.0.0/16 10.1.0.0/16",
        ])
        // The same in `simulate --json`: `events`, with the cause and the groups.
        let json = simulation.state().json().rendered(pretty: false)
        #expect(json.contains(#""events":[{"time_ms":60000,"cause":{"event":"dpd_timeout","path":"timeline[0]","connection":"vco-dc1","tunnel":1},"changes":[{"time_ms":90000,"table":"vco-dc1/bgp","change":"moved","count":4,"prefixes":["10.0.0.0/16","10.1.0.0/16","172.16.10.0/24","192.168.0.0/16"],"before":{"tunnels":[1,2],"next_hops":[],"statuses":[]},"after":{"tunnels":[2],"next_hops":[],"statuses":[]}},{"time_ms":90000,"table":"data_centers/dc1/1","change":"removed","count":2,"prefixes":["10.0.0.0/16","10.1.0.0/16"],"before":{"tunnels":[],"next_hops":["169.254.10.1"],"statuses":[]},"after":{"tunnels":[],"next_hops":[],"statuses":[]}}]}]"#), "\(json)")
    }

    /// Each event's window ends at the next event: tunnel_down at 20 s moves the rows at once;
    /// tunnel_up at 40 s brings the CLOUD rows back when IPsec is up (41 s), the data center
    /// receives them again when BGP is (45.02 s) and its own routes return at 45.025 s.
    @Test func changesBelongToTheEventBeforeThem() throws {
        var simulation = try Scenario().simulation(timeline: "[\(event(20, "tunnel_down")), \(event(40, "tunnel_up"))]")
        simulation.run(until: .seconds(30))
        #expect(simulation.routeChanges.count == 1)
        let first = [
            "20 vco-dc1/bgp moved [1, 2]->[2] 10.0.0.0/16 10.1.0.0/16 172.16.10.0/24 192.168.0.0/16",
            "20 data_centers/dc1/1 removed [\"169.254.10.1\"]->- 10.0.0.0/16 10.1.0.0/16",
        ]
        #expect(simulation.routeChanges[0].groups.map(line) == first)
        simulation.runToEnd()
        #expect(simulation.routeChanges.map(\.time) == [.seconds(20), .seconds(40)])
        #expect(simulation.routeChanges[0].groups.map(line) == first, "nothing after 40 s is the first event's")
        #expect(simulation.routeChanges[1].groups.map(line) == [
            "41 vco-dc1/bgp moved [2]->[1, 2] 10.0.0.0/16 10.1.0.0/16",
            "45.02 data_centers/dc1/1 added -->[\"169.254.10.1\"] 10.0.0.0/16 10.1.0.0/16",
            "45.025 vco-dc1/bgp moved [2]->[1, 2] 172.16.10.0/24 192.168.0.0/16",
        ])
    }

    /// A withdrawal removes the prefix from the TR table and the connection's BGP table, 10 ms
    /// after the event (the UPDATE crosses the link); a new announcement adds it back.
    @Test func withdrawAndAnnounceRemoveAndAddRows() throws {
        let timeline = """
            [{"at": 30, "event": "withdraw", "connection": "vco-dc1", "prefixes": ["192.168.0.0/16"]},
             {"at": 50, "event": "announce", "connection": "vco-dc1", "routes": [{"prefix": "192.168.0.0/16"}]}]
            """
        var simulation = try Scenario().simulation(timeline: timeline)
        simulation.runToEnd()
        #expect(simulation.routeChanges.map { $0.groups.map(line) } == [
            ["30.005 tr/vtb-default removed [\"tr-attach-vco-dc1\"]->- 192.168.0.0/16",
             "30.005 vco-dc1/bgp removed [1, 2]->- 192.168.0.0/16"],
            ["50.005 tr/vtb-default added -->[\"tr-attach-vco-dc1\"] 192.168.0.0/16",
             "50.005 vco-dc1/bgp added -->[1, 2] 192.168.0.0/16"],
        ])
        let added = try #require(simulation.routeChanges.last?.groups.first)
        #expect(added.after?.statuses == [RouteForwarding.RowStatus(status: "Active", reason: nil)])
    }

    /// Prepending on tunnel 2 makes its path Standby: the prefix moves to tunnel 1 (the TR table
    /// keeps tunnel 1's path, already the best). Under active/standby tunnel 2 was Standby already:
    /// only the deciding step changes, a status change.
    @Test func prependMovesThePrefixOrChangesTheStandbyReason() throws {
        let timeline = #"[{"at": 30, "event": "announce", "connection": "vco-dc1", "tunnel": 2, "routes": [{"prefix": "192.168.0.0/16", "as_path_prepend": 2}]}]"#
        var simulation = try Scenario().simulation(timeline: timeline)
        simulation.runToEnd()
        #expect(simulation.routeChanges.first?.groups.map(line) == ["30.005 vco-dc1/bgp moved [1, 2]->[1] 192.168.0.0/16"])

        var scenario = try Scenario()
        try scenario.replace(#""cen_attachment": {"cen_id": "cen-demo"},"#, with: #""cen_attachment": {"cen_id": "cen-demo"}, "active_standby": true,"#)
        var standby = try scenario.simulation(timeline: timeline)
        standby.runToEnd()
        let groups = try #require(standby.routeChanges.first?.groups)
        #expect(groups.map(line) == ["30.005 vco-dc1/bgp status [1]->[1] 192.168.0.0/16"])
        #expect(groups.first?.before?.statuses.map(\.reason) == [nil, "active_standby"])
        #expect(groups.first?.after?.statuses.map(\.reason) == [nil, "as_path_length"])
    }

    /// A run without events records nothing, and recording can be turned off.
    @Test func noEventNoChanges() throws {
        var quiet = try Scenario().simulation()
        quiet.runToEnd()
        #expect(quiet.routeChanges.isEmpty)
        #expect(quiet.state().json().rendered(pretty: false).hasSuffix(#""events":[]}"#))
        var off = try Scenario().simulation(timeline: "[\(event(20, "tunnel_down"))]")
        off.recordsRouteChanges = false
        off.runToEnd()
        #expect(off.routeChanges.isEmpty)
    }
}
