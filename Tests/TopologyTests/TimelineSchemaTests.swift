// The simulation parts of a topology file: `simulation`, `timeline[]` and `expect[]`. Bad files
// are refused with the exact (code, JSON path, line:column) list, in file order, as in
// `BadTopologyTests`; a good timeline loads sorted by time, file order kept for ties.
//
// Every file is `base` (25 lines: BGP connection `vco-1` attached to `tr-1`, whose default table
// is `vtb-1`; connection `vco-2` without BGP, attachment or data center; data center `dc1` on
// `vco-1`), with top-level members added from line 26 on. Columns count from the first character
// of the line, the two spaces of indentation included. A name that an `expect` block uses as a
// key (a tunnel, a table, a connection, a data center, a prefix, a row field) is reported at the
// key; a bad value at the value; a missing field at the `{` of its object.

import NetworkPrimitives
import Testing
import Topology

private func at(_ line: Int, _ column: Int, _ path: String, _ code: String) -> BadTopologyTests.ExpectedIssue {
    BadTopologyTests.ExpectedIssue(line, column, path, code)
}

@Suite("Timeline, simulation and expect in a topology file")
struct TimelineSchemaTests {
    static let base = """
        {
          "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 65001}],
          "ipsec_connections": [{
            "vpn_connection_id": "vco-1",
            "enable_tunnels_bgp": true,
            "tunnel_options_specification": [{
              "tunnel_index": 1, "customer_gateway_id": "cgw-a",
              "tunnel_bgp_config": {"tunnel_cidr": "169.254.10.0/30", "local_bgp_ip": "169.254.10.1"}
            }, {
              "tunnel_index": 2, "customer_gateway_id": "cgw-a",
              "tunnel_bgp_config": {"tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.1"}
            }]
          }, {
            "vpn_connection_id": "vco-2",
            "tunnel_options_specification": [
              {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
              {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
            ]
          }],
          "transit_router": {
            "transit_router_id": "tr-1",
            "route_tables": [{"transit_router_route_table_id": "vtb-1", "default": true}],
            "vpn_attachments": [{"transit_router_attachment_id": "tr-attach-1", "vpn_id": "vco-1"}]
          },
          "data_centers": [{"name": "dc1", "asn": 65001, "vpn_connection_id": "vco-1", "announce": [{"prefix": "192.168.0.0/16"}]}]
        """

    /// `base` with `members` (top-level members, the first on line 26) and the closing brace.
    static func file(_ members: String) -> String {
        base + ",\n" + members + "\n}"
    }

    @Test("the base file loads without issues")
    func baseLoads() throws {
        let document = try TopologyLoader.load(Self.base + "\n}")
        // vco-2 is attached to no TR (reference §10 item 14): loaded, with a warning.
        #expect(document.warnings.map(BadTopologyTests.ExpectedIssue.init) == [
            at(14, 26, "ipsec_connections[1].vpn_connection_id", "connection_not_attached_to_tr"),
        ])
        #expect(document.timeline.isEmpty && document.expectations.isEmpty)
        #expect(document.simulation == SimulationSettings())
    }

    // MARK: Bad files

    static let timeline: [BadTopologyTests.BadFile] = [
        .init("timeline: unknown event name, with a suggestion", file("""
              "timeline": [{"at": 10, "event": "tunnel_dwn", "connection": "vco-1", "tunnel": 1}]
            """), [at(26, 36, "timeline[0].event", "invalid_value")], message: "did you mean 'tunnel_down'?"),

        .init("timeline: event without at", file("""
              "timeline": [{"event": "tunnel_down", "connection": "vco-1", "tunnel": 1}]
            """), [at(26, 16, "timeline[0].at", "missing_field")], message: "required field 'at' is missing"),

        .init("timeline: negative at", file("""
              "timeline": [{"at": -5, "event": "tunnel_down", "connection": "vco-1", "tunnel": 1}]
            """), [at(26, 23, "timeline[0].at", "out_of_range")]),

        .init("timeline: tunnel 3", file("""
              "timeline": [{"at": 10, "event": "tunnel_down", "connection": "vco-1", "tunnel": 3}]
            """), [at(26, 84, "timeline[0].tunnel", "out_of_range")]),

        .init("timeline: announce on tunnel 3", file("""
              "timeline": [{"at": 10, "event": "announce", "connection": "vco-1", "tunnel": 3, "routes": [{"prefix": "10.9.0.0/16"}]}]
            """), [at(26, 81, "timeline[0].tunnel", "out_of_range")]),

        .init("timeline: unknown connection", file("""
              "timeline": [{"at": 10, "event": "session_reset", "connection": "vco-9", "tunnel": 1}]
            """), [at(26, 67, "timeline[0].connection", "unknown_connection")], message: "no IPsec connection 'vco-9'"),

        .init("timeline: announce on a connection without a data_centers entry", file("""
              "timeline": [{"at": 10, "event": "announce", "connection": "vco-2", "routes": [{"prefix": "10.9.0.0/16"}]}]
            """), [at(26, 62, "timeline[0].connection", "no_data_center")]),

        .init("timeline: set on a connection without a VPN attachment", file("""
              "timeline": [{"at": 10, "event": "set", "connection": "vco-2", "setting": "route_table_propagation_enabled", "value": false}]
            """), [at(26, 57, "timeline[0].connection", "connection_not_attached")]),

        .init("timeline: unknown setting name, with a suggestion", file("""
              "timeline": [{"at": 10, "event": "set", "connection": "vco-1", "setting": "auto_publish_routes_enabled", "value": false}]
            """), [at(26, 77, "timeline[0].setting", "invalid_value")], message: "did you mean 'auto_publish_route_enabled'?"),

        .init("timeline: route_map_remove without priority", file("""
              "timeline": [{"at": 10, "event": "route_map_remove", "transmit_direction": "RegionIn"}]
            """), [at(26, 16, "timeline[0].priority", "missing_field")]),

        .init("timeline: route_map_add naming an unknown route table", file("""
              "timeline": [{"at": 10, "event": "route_map_add", "route_map": {"priority": 10, "transmit_direction": "RegionIn", "map_result": "Deny", "route_table_ids": ["vtb-9"]}}]
            """), [at(26, 158, "timeline[0].route_map.route_table_ids", "unknown_route_table")]),
    ]

    static let simulation: [BadTopologyTests.BadFile] = [
        .init("simulation: unknown key", file("""
              "simulation": {"hold_time": 90, "keepalive": 30}
            """), [at(26, 35, "simulation.keepalive", "unknown_field")], message: "unknown field 'keepalive'"),

        .init("simulation: misspelt key, with a suggestion", file("""
              "simulation": {"link_dealy": 0.01}
            """), [at(26, 18, "simulation.link_dealy", "unknown_field")], message: "did you mean 'link_delay'?"),

        .init("simulation: hold_time 2", file("""
              "simulation": {"hold_time": 2}
            """), [at(26, 31, "simulation.hold_time", "invalid_value")], message: "0 or at least 3 seconds"),
    ]

    /// Reference §10 item 14 choice: an event after `simulation.duration` would never happen, so the
    /// file is refused with its own code, at the event's `at`; an event at the end itself is fine.
    @Test func eventPastDurationIsAnError() throws {
        let late = Self.file("""
              "simulation": {"duration": 60},
              "timeline": [{"at": 90, "event": "tunnel_down", "connection": "vco-1", "tunnel": 1}]
            """)
        let error = try #require(throws: TopologyLoadError.self) { try TopologyLoader.load(late) }
        let issues = BadTopologyTests.relevant(error.issues)
        #expect(issues.map(BadTopologyTests.ExpectedIssue.init) == [at(27, 23, "timeline[0].at", "event_after_duration")])
        #expect(issues.first?.message.contains("90 s is after the end of the run (simulation.duration 60 s)") == true)
        #expect(issues.allSatisfy { $0.severity == .error })
        let atTheEnd = late.replacing(#""at": 90"#, with: #""at": 60"#)
        #expect(try TopologyLoader.load(atTheEnd).timeline.count == 1)
    }

    static let expect: [BadTopologyTests.BadFile] = [
        .init("expect: unknown top-level key", file("""
              "expect": [{"at": 10, "tunnels": {"vco-1/1": {"ipsec": "up"}}, "tables": {}}]
            """), [at(26, 66, "expect[0].tables", "unknown_field")]),

        .init("expect: unknown TR route table", file("""
              "expect": [{"transit_router": {"vtb-9": {"10.0.0.0/16": null}}}]
            """), [at(26, 34, "expect[0].transit_router.vtb-9", "unknown_route_table")], message: "no route table 'vtb-9' (known: vtb-1)"),

        .init("expect: unknown connection", file("""
              "expect": [{"connections": {"vco-9": {"bgp": {"10.0.0.0/16": null}}}}]
            """), [at(26, 31, "expect[0].connections.vco-9", "unknown_connection")]),

        .init("expect: unknown connection table", file("""
              "expect": [{"connections": {"vco-1": {"bgp": {"192.168.0.0/16": "*"}, "routes": {}}}}]
            """), [at(26, 73, "expect[0].connections.vco-1.routes", "unknown_field")], message: "a connection has destination and bgp"),

        .init("expect: unknown tunnel", file("""
              "expect": [{"tunnels": {"vco-1/3": {"ipsec": "up"}}}]
            """), [at(26, 27, #"expect[0].tunnels["vco-1/3"]"#, "unknown_tunnel")], message: "tunnels are named CONNECTION/INDEX"),

        .init("expect: unknown key of a tunnel", file("""
              "expect": [{"tunnels": {"vco-1/1": {"ipsec": "up", "reasons": null}}}]
            """), [at(26, 54, #"expect[0].tunnels["vco-1/1"].reasons"#, "unknown_field")], message: "did you mean 'reason'?"),

        .init("expect: unknown data center", file("""
              "expect": [{"data_centers": {"dc9": {"1": {"10.0.0.0/16": "*"}}}}]
            """), [at(26, 32, "expect[0].data_centers.dc9", "unknown_data_center")]),

        .init("expect: a data center's tunnel 3", file("""
              "expect": [{"data_centers": {"dc1": {"3": {"10.0.0.0/16": "*"}}}}]
            """), [at(26, 40, "expect[0].data_centers.dc1.3", "unknown_field")]),

        .init("expect: a prefix key that is not a CIDR", file("""
              "expect": [{"transit_router": {"vtb-1": {"10.0.0.0": "*"}}}]
            """), [at(26, 44, #"expect[0].transit_router.vtb-1["10.0.0.0"]"#, "invalid_value")], message: "'10.0.0.0' is not a prefix"),

        .init("expect: a row key typo nexthop, with a suggestion", file("""
              "expect": [{"transit_router": {"vtb-1": {"192.168.0.0/16": {"nexthop": "tr-attach-1"}}}}]
            """), [at(26, 63, #"expect[0].transit_router.vtb-1["192.168.0.0/16"].nexthop"#, "unknown_field")],
            message: "did you mean 'next_hop'?"),

        .init("expect: a row key typo in an array of rows", file("""
              "expect": [{"connections": {"vco-1": {"bgp": {"192.168.0.0/16": [{"tunnel": [1, 2]}]}}}}]
            """), [at(26, 69, #"expect[0].connections.vco-1.bgp["192.168.0.0/16"][0].tunnel"#, "unknown_field")],
            message: "did you mean 'tunnels'?"),

        .init("expect: a row that is a boolean", file("""
              "expect": [{"transit_router": {"vtb-1": {"192.168.0.0/16": true}}}]
            """), [at(26, 62, #"expect[0].transit_router.vtb-1["192.168.0.0/16"]"#, "wrong_type")]),

        .init("expect: neither tunnels nor tables", file("""
              "expect": [{"at": 10, "description": "nothing to match"}]
            """), [at(26, 14, "expect[0]", "missing_field")], message: "needs at least one of tunnels, transit_router, connections, data_centers"),
    ]

    static let severalErrors = BadTopologyTests.BadFile("several problems in simulation, timeline and expect, in file order", file("""
          "simulation": {"link_dealy": 0.01, "hold_time": 2},
          "timeline": [
            {"at": 10, "event": "tunnel_down", "connection": "vco-9", "tunnel": 1},
            {"at": 20, "event": "sessionreset", "connection": "vco-1", "tunnel": 1},
            {"event": "tunnel_up", "connection": "vco-1", "tunnel": 1}
          ],
          "expect": [
            {"at": 30, "tunnels": {"vco-1/1": {"ipsec": "up", "reasons": null}}},
            {"transit_router": {"vtb-1": {"10.0.0.0/16": {"nexthop": "x"}, "10.1/16": null}}}
          ]
        """), [
            at(26, 18, "simulation.link_dealy", "unknown_field"),
            at(26, 51, "simulation.hold_time", "invalid_value"),
            at(28, 54, "timeline[0].connection", "unknown_connection"),
            at(29, 25, "timeline[1].event", "invalid_value"),
            at(30, 5, "timeline[2].at", "missing_field"),
            at(33, 55, #"expect[0].tunnels["vco-1/1"].reasons"#, "unknown_field"),
            at(34, 51, #"expect[1].transit_router.vtb-1["10.0.0.0/16"].nexthop"#, "unknown_field"),
            at(34, 68, #"expect[1].transit_router.vtb-1["10.1/16"]"#, "invalid_value"),
        ], message: "did you mean 'link_delay'?")

    static let allBadFiles = timeline + simulation + expect + [severalErrors]

    @Test("a bad file is refused with exactly these issues, in file order", arguments: allBadFiles)
    func refused(_ file: BadTopologyTests.BadFile) throws {
        let error = try #require(throws: TopologyLoadError.self) { try TopologyLoader.load(file.text) }
        let issues = BadTopologyTests.relevant(error.issues)
        #expect(issues.map(BadTopologyTests.ExpectedIssue.init) == file.issues)
        #expect(issues.allSatisfy { $0.severity == .error })
        if let message = file.message {
            let first = try #require(issues.first)
            #expect(first.message.contains(message), "message: \(first.message)")
        }
    }

    @Test("the bad files have distinct names")
    func distinctNames() {
        #expect(Set(Self.allBadFiles.map(\.name)).count == Self.allBadFiles.count)
    }

    // MARK: A good timeline

    @Test("a good timeline loads sorted by time, file order kept for equal times")
    func goodTimeline() throws {
        let document = try TopologyLoader.load(Self.file("""
              "simulation": {"hold_time": 30, "keepalive_time": 10, "connect_retry_time": 7, "link_delay": 0.05, "ipsec_negotiation_time": 2.5, "duration": 600},
              "timeline": [
                {"at": 30, "event": "tunnel_down", "connection": "vco-1", "tunnel": 1, "description": "A"},
                {"at": 10.5, "event": "announce", "connection": "vco-1", "routes": [{"prefix": "10.9.0.0/16", "med": 7}]},
                {"at": 30, "event": "withdraw", "connection": "vco-1", "tunnel": 2, "prefixes": ["10.9.0.0/16"]},
                {"at": 10.5, "event": "set", "connection": "vco-1", "setting": "auto_publish_route_enabled", "value": false},
                {"at": 0, "event": "route_map_remove", "priority": 3, "transmit_direction": "RegionOut"},
                {"at": 30, "event": "dpd_timeout", "connection": "vco-2", "tunnel": 2},
                {"at": 12.3456, "event": "session_reset", "connection": "vco-1", "tunnel": 2}
              ],
              "expect": [
                {"at": 40, "description": "later", "tunnels": {"vco-1/1": {"ipsec": "down"}}},
                {"description": "at the end", "transit_router": {"vtb-1": {"10.9.0.0/16": null}}}
              ]
            """))
        #expect(BadTopologyTests.relevant(document.warnings).isEmpty)
        #expect(document.timeline.map(\.path) == ["timeline[4]", "timeline[1]", "timeline[3]", "timeline[6]", "timeline[0]",
                                                  "timeline[2]", "timeline[5]"])
        #expect(document.timeline.map(\.at) == [.zero, .milliseconds(10_500), .milliseconds(10_500), .milliseconds(12_346),
                                                .seconds(30), .seconds(30), .seconds(30)])
        #expect(document.timeline.map(\.action.name) == ["route_map_remove", "announce", "set", "session_reset", "tunnel_down",
                                                         "withdraw", "dpd_timeout"])
        // What each event says.
        guard case .removeRouteMap(priority: 3, let direction) = document.timeline[0].action, "\(direction)" == "egress" else {
            Issue.record("\(document.timeline[0].action)")
            return
        }
        guard case .announce("vco-1", [1, 2], let routes) = document.timeline[1].action else {
            Issue.record("an announce without tunnel is on both tunnels: \(document.timeline[1].action)")
            return
        }
        #expect(routes.map(\.prefix.description) == ["10.9.0.0/16"] && routes.first?.med == 7)
        guard case .setting("vco-1", let setting, false) = document.timeline[2].action, setting.fileKey == "auto_publish_route_enabled",
              case .sessionReset("vco-1", 2) = document.timeline[3].action,
              case .tunnelDown("vco-1", 1) = document.timeline[4].action,
              case .withdraw("vco-1", [2], let prefixes) = document.timeline[5].action,
              case .peerSilent("vco-2", 2) = document.timeline[6].action
        else {
            Issue.record("\(document.timeline.map(\.action))")
            return
        }
        #expect(prefixes.map(\.description) == ["10.9.0.0/16"])

        // The settings, and the expectations in file order.
        var settings = SimulationSettings()
        settings.holdTime = .seconds(30)
        settings.keepaliveTime = .seconds(10)
        settings.connectRetryTime = .seconds(7)
        settings.linkDelay = .milliseconds(50)
        settings.negotiationTime = .milliseconds(2500)
        settings.duration = .seconds(600)
        #expect(document.simulation == settings)
        #expect(document.expectations.map(\.path) == ["expect[0]", "expect[1]"])
        #expect(document.expectations.map(\.at) == [.seconds(40), nil])
        #expect(document.expectations.map(\.description) == ["later", "at the end"])
    }
}
