// Bad topology files: each is refused with the exact (code, JSON path, line:column) list the
// loader reports, in file order, and yields no document. Warning-only files still load and carry
// their warnings. The files are inline literals (a folder of JSON files inside the test target
// would become SwiftPM resources); line 1 column 1 is the first character after the opening
// `"""`. Columns count characters from 1: a field's issue points at its value (or at its key for
// `unknown_field`), a missing field at the `{` of the object that lacks it, a JSON syntax error
// at the offending character.
//
// Three small valid files are the starting point of most cases (each loads cleanly, see
// `theBaseFilesLoadCleanly`):
// - "plain": one gateway without ASN, one connection without BGP, a transit router;
// - "bgp": the same with BGP on both tunnels (gateway AS 65001, tunnel CIDRs 169.254.10.0/30
//   and 169.254.20.0/30);
// - "gateway": one customer gateway, no connection.
// A case changes one line or adds one, and its name says which rule it breaks.

import Testing
import Topology

private func at(_ line: Int, _ column: Int, _ path: String, _ code: String) -> BadTopologyTests.ExpectedIssue {
    BadTopologyTests.ExpectedIssue(line, column, path, code)
}

private let t0 = "ipsec_connections[0].tunnel_options_specification[0]"
private let t1 = "ipsec_connections[0].tunnel_options_specification[1]"
private let t2 = "ipsec_connections[0].tunnel_options_specification[2]"

@Suite("Bad topology files")
struct BadTopologyTests {
    // MARK: The valid starting points

    static let plain = """
        {
          "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
          "ipsec_connections": [{
            "vpn_connection_id": "vco-1",
            "tunnel_options_specification": [
              {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
              {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
            ]
          }],
          "transit_router": {"transit_router_id": "tr-1"}
        }
        """

    static let bgp = """
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
          }],
          "transit_router": {"transit_router_id": "tr-1"}
        }
        """

    static let gateway = """
        {
          "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 65001}],
          "ipsec_connections": [],
          "transit_router": {"transit_router_id": "tr-1"}
        }
        """

    static let bases = ["plain": plain, "bgp": bgp, "gateway": gateway]

    /// The issues of a fixture without `connection_not_attached_to_tr`: the fixtures attach no
    /// connection (reference §10 item 14 makes that a warning); the warning has its own tests
    /// (`unattachedConnectionListedWithWarning`).
    static func relevant(_ issues: [TopologyIssue]) -> [TopologyIssue] {
        issues.filter { $0.code != "connection_not_attached_to_tr" }
    }

    @Test("the base files load without issues", arguments: ["plain", "bgp", "gateway"])
    func theBaseFilesLoadCleanly(_ name: String) throws {
        let document = try TopologyLoader.load(try #require(Self.bases[name]))
        #expect(Self.relevant(document.warnings).isEmpty)
    }

    // MARK: Broken JSON (the parser stops at the first problem)

    static let brokenJSON: [BadFile] = [
        BadFile("JSON: trailing comma before '}'", """
            {
              "customer_gateways": [],
              "ipsec_connections": [],
            }
            """, [at(3, 26, "", "syntax_error")], message: "trailing comma before '}'"),

        BadFile("JSON: missing comma between members", """
            {
              "customer_gateways": []
              "ipsec_connections": []
            }
            """, [at(3, 3, "", "syntax_error")], message: "is a ',' missing?"),

        BadFile("JSON: a comment", """
            {
              // the data center side
              "customer_gateways": []
            }
            """, [at(2, 3, "", "syntax_error")], message: "comments are not allowed in JSON"),

        BadFile("JSON: single-quoted key", """
            {'customer_gateways': []}
            """, [at(1, 2, "", "syntax_error")], message: "JSON strings use double quotes"),

        BadFile("JSON: capitalised literal True", """
            {
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "enable_tunnels_bgp": True
              }]
            }
            """, [at(4, 27, "ipsec_connections[0].enable_tunnels_bgp", "syntax_error")],
            message: "JSON literals are lowercase"),

        BadFile("JSON: number with a leading zero", """
            {
              "ipsec_connections": [{
                "tunnel_options_specification": [{"tunnel_index": 01}]
              }]
            }
            """, [at(3, 55, "ipsec_connections[0].tunnel_options_specification[0].tunnel_index", "invalid_number")],
            message: "leading zeros"),

        BadFile("JSON: duplicate key", """
            {
              "transit_router": {"transit_router_id": "tr-1"},
              "transit_router": {"transit_router_id": "tr-2"}
            }
            """, [at(3, 3, "transit_router", "duplicate_key")], message: "first defined at 2:3"),

        BadFile("JSON: object not closed", """
            {
              "transit_router": {"transit_router_id": "tr-1"}
            """, [at(2, 50, "", "unexpected_end")], message: "the object at 1:1 is not closed"),

        BadFile("JSON: invalid escape in a string", #"""
            {
              "description": "C:\data"
            }
            """#, [at(2, 21, "description", "invalid_escape")], message: "invalid escape '\\d'"),

        BadFile("JSON: two top-level values", """
            {}
            {}
            """, [at(2, 1, "", "trailing_content")]),

        BadFile("JSON: empty file", "", [at(1, 1, "", "unexpected_end")], message: "the document is empty"),
    ]

    // MARK: Schema: types, unknown and missing fields, values

    static let schema: [BadFile] = [
        BadFile("wrong type: a string where a boolean is expected", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "enable_tunnels_bgp": "true",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(5, 27, "ipsec_connections[0].enable_tunnels_bgp", "wrong_type")],
            message: "expected a boolean, found a string"),

        // The tunnel that cannot be read leaves its connection half-read: the model rules are not run on
        // it, so no misleading tunnel_count follows.
        BadFile("wrong type: an integer written 1.0 (no follow-on tunnel_count)", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1.0, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(6, 24, "\(t0).tunnel_index", "wrong_type")]),

        BadFile("wrong type: an array where the transit router object is expected", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": ["tr-1"]
            }
            """, [at(10, 21, "transit_router", "wrong_type")], message: "expected an object, found an array"),

        BadFile("wrong type: a string as an element of data_centers", """
            {
              "customer_gateways": [],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"},
              "data_centers": ["dc1"]
            }
            """, [at(5, 20, "data_centers[0]", "wrong_type")], message: "expected an object, found a string"),

        BadFile("wrong type: a boolean as an ASN", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": true}],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(2, 95, "customer_gateways[0].asn", "wrong_type")], message: "found a boolean"),

        BadFile("unknown field with a suggestion: transit_routr (and the missing transit_router)", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_routr": {"transit_router_id": "tr-1"}
            }
            """, [at(1, 1, "transit_router", "missing_field"), at(10, 3, "transit_routr", "unknown_field")]),

        BadFile("unknown field with a suggestion: local_asm in tunnel_bgp_config", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 65001}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "enable_tunnels_bgp": true,
                "tunnel_options_specification": [{
                  "tunnel_index": 1, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"local_asm": 65100, "tunnel_cidr": "169.254.10.0/30", "local_bgp_ip": "169.254.10.1"}
                }, {
                  "tunnel_index": 2, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.1"}
                }]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(8, 29, "\(t0).tunnel_bgp_config.local_asm", "unknown_field")],
            message: "unknown field 'local_asm'; did you mean 'local_asn'?"),

        BadFile("unknown field with a suggestion: Enable-Tunnels-BGP (case and dashes)", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "Enable-Tunnels-BGP": true,
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(5, 5, "ipsec_connections[0].Enable-Tunnels-BGP", "unknown_field")],
            message: "did you mean 'enable_tunnels_bgp'?"),

        BadFile("unknown field without a suggestion: colour", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "colour": "blue"}],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(2, 88, "customer_gateways[0].colour", "unknown_field")], message: "unknown field 'colour'"),

        BadFile("missing field: vpn_connection_id", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(3, 25, "ipsec_connections[0].vpn_connection_id", "missing_field")],
            message: "required field 'vpn_connection_id' is missing"),

        BadFile("missing field: transit_router", """
            {
              "customer_gateways": [],
              "ipsec_connections": []
            }
            """, [at(1, 1, "transit_router", "missing_field")]),

        BadFile("missing field: the data center's asn", """
            {
              "customer_gateways": [],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"},
              "data_centers": [{"name": "dc1", "vpn_connection_id": "vco-1"}]
            }
            """, [at(5, 20, "data_centers[0].asn", "missing_field"),
                  // A missing reference is reported even though another field of the object is bad.
                  at(5, 57, "data_centers[0].vpn_connection_id", "unknown_connection")]),

        // The half-read tunnel_bgp_config is not followed by a misleading bgp_config_missing.
        BadFile("missing field: local_bgp_ip (no follow-on bgp_config_missing)", """
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
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.20.0/30"}
                }]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(11, 28, "\(t1).tunnel_bgp_config.local_bgp_ip", "missing_field")]),

        BadFile("missing field: an empty cen_attachment", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "cen_attachment": {},
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(5, 23, "ipsec_connections[0].cen_attachment.cen_id", "missing_field")],
            message: "give cen_id (current account) or vpn_owner_id (another account)"),

        BadFile("invalid choice with a suggestion: ike_version ikve2", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a", "tunnel_ike_config": {"ike_version": "ikve2"}},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(6, 96, "\(t0).tunnel_ike_config.ike_version", "invalid_value")],
            message: "'ikve2' is not one of 'ikev1', 'ikev2'; did you mean 'ikev2'?"),

        BadFile("invalid choice with a suggestion: network_type Public", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "network_type": "Public",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(5, 21, "ipsec_connections[0].network_type", "invalid_value")], message: "did you mean 'public'?"),

        BadFile("invalid prefix: local_subnet 10.0.0.0/33", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "local_subnet": "10.0.0.0/33",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(5, 21, "ipsec_connections[0].local_subnet", "invalid_value")]),

        BadFile("ASN out of range: 0", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 0}],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(2, 95, "customer_gateways[0].asn", "out_of_range")], message: "an ASN is 1...4294967295"),

        BadFile("ASN out of range: 4294967296", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 4294967296}],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(2, 95, "customer_gateways[0].asn", "out_of_range")]),

        BadFile("ASN in asdot with the low half out of range: 1.70000", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": "1.70000"}],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(2, 95, "customer_gateways[0].asn", "invalid_value")], message: "each asdot half is 16 bits"),

        BadFile("ASN in asdot with the high half out of range: 65536.1", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": "65536.1"}],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(2, 95, "customer_gateways[0].asn", "invalid_value")], message: "the high half 65536"),

        BadFile("learned_route_quota out of range: 0 (null is unlimited)", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "learned_route_quota": 0,
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(5, 28, "ipsec_connections[0].learned_route_quota", "out_of_range")]),

        BadFile("destination route weight not 0 or 100: 50 and 101", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "destination_routes": [{"route_dest": "10.10.0.0/16", "weight": 50}, {"route_dest": "10.20.0.0/16", "weight": 101}],
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [
                at(5, 69, "ipsec_connections[0].destination_routes[0].weight", "invalid_value"),
                at(5, 115, "ipsec_connections[0].destination_routes[1].weight", "out_of_range"),
            ], message: "weight is 0 (standby) or 100 (active)"),

        BadFile("destination routes: 0.0.0.0/0, inside 100.64.0.0/10, and two weight-100 routes to one destination", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "destination_routes": [{"route_dest": "10.10.0.0/16"}, {"route_dest": "0.0.0.0/0"}, {"route_dest": "100.64.1.0/24"}, {"route_dest": "10.10.0.0/16", "weight": 100}],
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [
                at(5, 75, "ipsec_connections[0].destination_routes[1].route_dest", "destination_route_default"),
                at(5, 104, "ipsec_connections[0].destination_routes[2].route_dest", "destination_route_shared_address_space"),
                at(5, 163, "ipsec_connections[0].destination_routes[3].weight", "destination_route_duplicate_active"),
            ], message: "0.0.0.0/0 cannot be a destination-based route"),

        BadFile("route map priority out of range: 101", """
            {
              "customer_gateways": [],
              "ipsec_connections": [],
              "transit_router": {
                "transit_router_id": "tr-1",
                "route_maps": [{
                  "priority": 101, "transmit_direction": "RegionIn", "map_result": "Permit"
                }]
              }
            }
            """, [at(7, 19, "transit_router.route_maps[0].priority", "out_of_range")], message: "out of range 1...100"),

        BadFile("bad community text in a route map: 65001:70000", """
            {
              "customer_gateways": [],
              "ipsec_connections": [],
              "transit_router": {
                "transit_router_id": "tr-1",
                "route_maps": [{
                  "priority": 10, "transmit_direction": "RegionIn", "map_result": "Permit",
                  "match_community_set": ["65001:70000"]
                }]
              }
            }
            """, [at(8, 31, "transit_router.route_maps[0].match_community_set[0]", "invalid_value")],
            message: "a community is ASN:value"),

        BadFile("bad community text in a data-center announcement, and prepend 17", """
            {
              "customer_gateways": [],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"},
              "data_centers": [{
                "name": "dc1", "asn": 65001, "vpn_connection_id": "vco-1",
                "announce": [{"prefix": "192.168.0.0/16", "communities": ["no-export-please"], "as_path_prepend": 17}]
              }]
            }
            """, [
                at(6, 55, "data_centers[0].vpn_connection_id", "unknown_connection"),
                at(7, 63, "data_centers[0].announce[0].communities[0]", "invalid_value"),
                at(7, 103, "data_centers[0].announce[0].as_path_prepend", "out_of_range"),
            ]),
    ]

    // MARK: Model rules (CloudRouting validation codes and cross-references)

    static let modelRules: [BadFile] = [
        BadFile("customer gateway IP reserved: 100.64.0.1", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "100.64.0.1"}],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(2, 72, "customer_gateways[0].ip_address", "customer_gateway_ip_reserved")],
            message: "100.64.0.0/10"),

        BadFile("customer gateway ASN 45104", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 45104}],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(2, 95, "customer_gateways[0].asn", "asn_reserved_45104")]),

        BadFile("BGP auth key with a space and '?'", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "auth_key": "my key?"}],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(2, 100, "customer_gateways[0].auth_key", "auth_key_invalid")]),

        BadFile("BGP auth key of 65 characters", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "auth_key": "\(String(repeating: "k", count: 65))"}],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(2, 100, "customer_gateways[0].auth_key", "auth_key_length")]),

        BadFile("PSK with a space", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a", "tunnel_ike_config": {"psk": "my secret"}},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(6, 88, "\(t0).tunnel_ike_config.psk", "psk_invalid_character")], message: "position 3"),

        BadFile("PSK length: empty and 101 characters", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a", "tunnel_ike_config": {"psk": ""}},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a", "tunnel_ike_config": {"psk": "\(String(repeating: "p", count: 101))"}}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [
                at(6, 88, "\(t0).tunnel_ike_config.psk", "psk_length"),
                at(7, 88, "\(t1).tunnel_ike_config.psk", "psk_length"),
            ]),

        BadFile("tunnel CIDR not a /30", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 65001}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "enable_tunnels_bgp": true,
                "tunnel_options_specification": [{
                  "tunnel_index": 1, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.10.0/29", "local_bgp_ip": "169.254.10.1"}
                }, {
                  "tunnel_index": 2, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.1"}
                }]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(8, 44, "\(t0).tunnel_bgp_config.tunnel_cidr", "tunnel_cidr_not_slash30")]),

        BadFile("tunnel CIDR outside 169.254.0.0/16", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 65001}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "enable_tunnels_bgp": true,
                "tunnel_options_specification": [{
                  "tunnel_index": 1, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "10.0.0.0/30", "local_bgp_ip": "10.0.0.1"}
                }, {
                  "tunnel_index": 2, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.1"}
                }]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(8, 44, "\(t0).tunnel_bgp_config.tunnel_cidr", "tunnel_cidr_outside_link_local")]),

        BadFile("tunnel CIDR reserved: 169.254.3.0/30", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 65001}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "enable_tunnels_bgp": true,
                "tunnel_options_specification": [{
                  "tunnel_index": 1, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.3.0/30", "local_bgp_ip": "169.254.3.1"}
                }, {
                  "tunnel_index": 2, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.1"}
                }]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(8, 44, "\(t0).tunnel_bgp_config.tunnel_cidr", "tunnel_cidr_reserved")]),

        BadFile("tunnel CIDR equal on both tunnels", """
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
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.10.0/30", "local_bgp_ip": "169.254.10.2"}
                }]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(11, 44, "\(t1).tunnel_bgp_config.tunnel_cidr", "tunnel_cidrs_equal")]),

        BadFile("local BGP IP outside its tunnel CIDR", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 65001}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "enable_tunnels_bgp": true,
                "tunnel_options_specification": [{
                  "tunnel_index": 1, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.10.0/30", "local_bgp_ip": "169.254.11.1"}
                }, {
                  "tunnel_index": 2, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.1"}
                }]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(8, 79, "\(t0).tunnel_bgp_config.local_bgp_ip", "local_bgp_ip_outside_cidr")]),

        BadFile("local BGP IP not .1/.2: the broadcast and the network address", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 65001}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "enable_tunnels_bgp": true,
                "tunnel_options_specification": [{
                  "tunnel_index": 1, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.10.0/30", "local_bgp_ip": "169.254.10.3"}
                }, {
                  "tunnel_index": 2, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.0"}
                }]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [
                at(8, 79, "\(t0).tunnel_bgp_config.local_bgp_ip", "local_bgp_ip_not_usable"),
                at(11, 79, "\(t1).tunnel_bgp_config.local_bgp_ip", "local_bgp_ip_not_usable"),
            ], message: "broadcast address"),

        BadFile("local ASN different on the two tunnels", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 65001}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "enable_tunnels_bgp": true,
                "tunnel_options_specification": [{
                  "tunnel_index": 1, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"local_asn": 65100, "tunnel_cidr": "169.254.10.0/30", "local_bgp_ip": "169.254.10.1"}
                }, {
                  "tunnel_index": 2, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"local_asn": 65200, "tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.1"}
                }]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(11, 42, "\(t1).tunnel_bgp_config.local_asn", "local_asn_differs")]),

        BadFile("local ASN equal to the customer gateway's ASN", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 65001}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "enable_tunnels_bgp": true,
                "tunnel_options_specification": [{
                  "tunnel_index": 1, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"local_asn": 65001, "tunnel_cidr": "169.254.10.0/30", "local_bgp_ip": "169.254.10.1"}
                }, {
                  "tunnel_index": 2, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"local_asn": 65001, "tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.1"}
                }]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [
                at(8, 42, "\(t0).tunnel_bgp_config.local_asn", "customer_gateway_asn_equals_local_asn"),
                at(11, 42, "\(t1).tunnel_bgp_config.local_asn", "customer_gateway_asn_equals_local_asn"),
            ]),

        BadFile("BGP on without tunnel_bgp_config on tunnel 2", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 65001}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "enable_tunnels_bgp": true,
                "tunnel_options_specification": [{
                  "tunnel_index": 1, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.10.0/30", "local_bgp_ip": "169.254.10.1"}
                }, {
                  "tunnel_index": 2, "customer_gateway_id": "cgw-a"
                }]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(9, 8, "\(t1).tunnel_bgp_config", "bgp_config_missing")]),

        BadFile("BGP on with a customer gateway without ASN", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
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
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [
                at(7, 49, "\(t0).customer_gateway_id", "customer_gateway_asn_missing"),
                at(10, 49, "\(t1).customer_gateway_id", "customer_gateway_asn_missing"),
            ]),

        BadFile("IKE and IPsec lifetimes out of range: 86401 and -1", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a", "tunnel_ike_config": {"ike_lifetime": 86401}},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a", "tunnel_ipsec_config": {"ipsec_lifetime": -1}}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [
                at(6, 97, "\(t0).tunnel_ike_config.ike_lifetime", "lifetime_out_of_range"),
                at(7, 101, "\(t1).tunnel_ipsec_config.ipsec_lifetime", "lifetime_out_of_range"),
            ]),

        BadFile("LocalId with a space", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a", "tunnel_ike_config": {"local_id": "my gateway"}},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(6, 93, "\(t0).tunnel_ike_config.local_id", "identifier_has_space")]),

        BadFile("RemoteId neither an IPv4 address nor an FQDN", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a", "tunnel_ike_config": {"remote_id": "dc1!"}},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(6, 94, "\(t0).tunnel_ike_config.remote_id", "identifier_invalid")]),

        BadFile("more than one local CIDR with IKEv1", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "local_subnet": "10.0.0.0/16,10.1.0.0/16",
                "remote_subnet": "192.168.0.0/16",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a", "tunnel_ike_config": {"ike_version": "ikev1"}},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(8, 96, "\(t0).tunnel_ike_config.ike_version", "multiple_cidrs_need_ikev2")]),

        // No remote_subnet key: the issue is placed at the connection.
        BadFile("Protected Data Flows without a remote CIDR", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "local_subnet": "10.0.0.0/16",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(3, 25, "ipsec_connections[0].remote_subnet", "subnet_list_empty")]),

        BadFile("one tunnel only", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(5, 37, "ipsec_connections[0].tunnel_options_specification", "tunnel_count")],
            message: "exactly 2 tunnels, not 1"),

        BadFile("three tunnels (the third repeats index 2)", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [
                at(5, 37, "ipsec_connections[0].tunnel_options_specification", "tunnel_count"),
                at(8, 24, "\(t2).tunnel_index", "tunnel_index_duplicate"),
            ]),

        BadFile("two tunnels with index 1", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(7, 24, "\(t1).tunnel_index", "tunnel_index_duplicate")]),

        BadFile("unknown customer gateway", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-b"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(7, 50, "\(t1).customer_gateway_id", "customer_gateway_unknown")]),

        BadFile("name starting with http://", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "vpn_attachment_name": "http://dc1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(5, 28, "ipsec_connections[0].vpn_attachment_name", "name_invalid")]),

        BadFile("name of 101 characters", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "vpn_attachment_name": "\(String(repeating: "n", count: 101))",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(5, 28, "ipsec_connections[0].vpn_attachment_name", "name_length")]),

        // The name defaults to the ID, so an empty ID also gives an empty name (at the connection:
        // the file has no vpn_attachment_name).
        BadFile("empty connection ID", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [
                at(3, 25, "ipsec_connections[0].vpn_attachment_name", "name_length"),
                at(4, 26, "ipsec_connections[0].vpn_connection_id", "id_missing"),
            ]),

        BadFile("region ID with capitals and '_'", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "region_id": "CN_Hangzhou",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(5, 18, "ipsec_connections[0].region_id", "region_invalid")]),

        BadFile("resource group ID with a space", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "resource_group_id": "rg 1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(5, 26, "ipsec_connections[0].resource_group_id", "resource_group_invalid")]),

        BadFile("CEN attachment with a blank cen_id", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "cen_attachment": {"cen_id": " "},
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(5, 34, "ipsec_connections[0].cen_attachment.cen_id", "cen_id_missing")]),

        BadFile("CEN attachment to another account that is not all digits", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "cen_attachment": {"vpn_owner_id": "acct-1"},
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(5, 40, "ipsec_connections[0].cen_attachment.vpn_owner_id", "account_id_invalid")]),

        BadFile("empty customer gateway ID", """
            {
              "customer_gateways": [{"customer_gateway_id": "", "ip_address": "203.0.113.10", "asn": 65001}],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(2, 49, "customer_gateways[0].customer_gateway_id", "id_missing")]),

        BadFile("duplicate customer gateway IDs", """
            {
              "customer_gateways": [
                {"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"},
                {"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.20"}
              ],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(4, 29, "customer_gateways[1].customer_gateway_id", "duplicate_id")]),

        BadFile("duplicate connection IDs", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }, {
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(10, 26, "ipsec_connections[1].vpn_connection_id", "duplicate_id")]),

        BadFile("duplicate attachment IDs", """
            {
              "customer_gateways": [],
              "ipsec_connections": [],
              "transit_router": {
                "transit_router_id": "tr-1",
                "vpc_attachments": [
                  {"transit_router_attachment_id": "tr-attach-vpc", "cidr_blocks": ["10.0.0.0/16"]},
                  {"transit_router_attachment_id": "tr-attach-vpc", "cidr_blocks": ["10.1.0.0/16"]}
                ]
              }
            }
            """, [at(8, 40, "transit_router.vpc_attachments[1].transit_router_attachment_id", "duplicate_id")]),

        BadFile("unknown connection in a VPN attachment", """
            {
              "customer_gateways": [],
              "ipsec_connections": [],
              "transit_router": {
                "transit_router_id": "tr-1",
                "vpn_attachments": [{"transit_router_attachment_id": "tr-attach-1", "vpn_id": "vco-missing"}]
              }
            }
            """, [at(6, 83, "transit_router.vpn_attachments[0].vpn_id", "unknown_connection")]),

        BadFile("connection attached twice", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {
                "transit_router_id": "tr-1",
                "vpn_attachments": [
                  {"transit_router_attachment_id": "tr-attach-1", "vpn_id": "vco-1"},
                  {"transit_router_attachment_id": "tr-attach-2", "vpn_id": "vco-1"}
                ]
              }
            }
            """, [at(14, 65, "transit_router.vpn_attachments[1].vpn_id", "connection_attached_twice")]),

        BadFile("unknown connection in a data center", """
            {
              "customer_gateways": [],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"},
              "data_centers": [{"name": "dc1", "asn": 65001, "vpn_connection_id": "vco-1"}]
            }
            """, [at(5, 71, "data_centers[0].vpn_connection_id", "unknown_connection")]),

        BadFile("unknown route tables: associated and propagated", """
            {
              "customer_gateways": [],
              "ipsec_connections": [],
              "transit_router": {
                "transit_router_id": "tr-1",
                "vpc_attachments": [{
                  "transit_router_attachment_id": "tr-attach-vpc", "cidr_blocks": ["10.0.0.0/16"],
                  "associated_route_table_id": "vtb-custom",
                  "propagated_route_table_ids": ["vtb-other"]
                }]
              }
            }
            """, [
                at(8, 36, "transit_router.vpc_attachments[0].associated_route_table_id", "unknown_route_table"),
                at(9, 37, "transit_router.vpc_attachments[0].propagated_route_table_ids", "unknown_route_table"),
            ]),

        BadFile("unknown route table in a route map", """
            {
              "customer_gateways": [],
              "ipsec_connections": [],
              "transit_router": {
                "transit_router_id": "tr-1",
                "route_maps": [{
                  "priority": 10, "transmit_direction": "RegionIn", "map_result": "Permit",
                  "route_table_ids": ["vtb-missing"]
                }]
              }
            }
            """, [at(8, 26, "transit_router.route_maps[0].route_table_ids", "unknown_route_table")]),

        BadFile("unknown attachment as a static route's next hop", """
            {
              "customer_gateways": [],
              "ipsec_connections": [],
              "transit_router": {
                "transit_router_id": "tr-1",
                "route_tables": [{
                  "transit_router_route_table_id": "vtb-1", "default": true,
                  "static_routes": [{"destination_cidr_block": "10.9.0.0/16", "transit_router_attachment_id": "tr-attach-gone"}]
                }]
              }
            }
            """, [at(8, 99, "transit_router.route_tables[0].static_routes[0].transit_router_attachment_id", "unknown_attachment")]),
    ]

    static let allBadFiles = brokenJSON + schema + modelRules

    @Test("a bad file is refused with exactly these issues, in file order", arguments: allBadFiles)
    func refused(_ file: BadFile) throws {
        let error = try #require(throws: TopologyLoadError.self) { try TopologyLoader.load(file.text) }
        let issues = Self.relevant(error.issues)
        let found = issues.map(ExpectedIssue.init)
        if let bug = file.knownBug {
            #expect(found.map(\.code).sorted() == file.issues.map(\.code).sorted())
            withKnownIssue(Comment(rawValue: bug), isIntermittent: true) {
                #expect(found == file.issues)
            }
        } else {
            #expect(found == file.issues)
        }
        #expect(error.issues.contains { $0.severity == .error })
        if let message = file.message {
            let first = try #require(issues.first)
            #expect(first.message.contains(message), "message: \(first.message)")
        }
        // The bytes entry point agrees with the text one.
        let fromBytes = try #require(throws: TopologyLoadError.self) { try TopologyLoader.load(Array(file.text.utf8)) }
        #expect(fromBytes.issues == error.issues)
    }

    @Test("there are at least 30 bad files, with distinct names")
    func enoughBadFiles() {
        #expect(Self.allBadFiles.count >= 30)
        #expect(Set(Self.allBadFiles.map(\.name)).count == Self.allBadFiles.count)
    }

    @Test("an unknown field without a close name gets no suggestion")
    func noSuggestionForAFarName() throws {
        let file = try #require(Self.schema.first { $0.name.hasPrefix("unknown field without") })
        let error = try #require(throws: TopologyLoadError.self) { try TopologyLoader.load(file.text) }
        #expect(error.issues.map(\.message) == ["unknown field 'colour'"])
    }

    // MARK: Warnings only: the file loads

    static let warningFiles: [WarningFile] = [
        WarningFile("3des in IKE and md5 in IPsec", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a", "tunnel_ike_config": {"ike_enc_alg": "3des"}},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a", "tunnel_ipsec_config": {"ipsec_auth_alg": "md5"}}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [
                at(6, 96, "\(t0).tunnel_ike_config.ike_enc_alg", "algorithm_not_recommended"),
                at(7, 101, "\(t1).tunnel_ipsec_config.ipsec_auth_alg", "algorithm_not_recommended"),
            ]),

        WarningFile("data-center ASN different from its customer gateway's", """
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
              }],
              "transit_router": {"transit_router_id": "tr-1"},
              "data_centers": [{"name": "dc1", "asn": 65002, "vpn_connection_id": "vco-1"}]
            }
            """, [at(15, 43, "data_centers[0].asn", "data_center_asn_mismatch")]),

        WarningFile("tunnel_bgp_config while BGP is off", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 65001}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "enable_tunnels_bgp": false,
                "tunnel_options_specification": [{
                  "tunnel_index": 1, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.10.0/30", "local_bgp_ip": "169.254.10.1"}
                }, {
                  "tunnel_index": 2, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.1"}
                }]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [
                at(8, 28, "\(t0).tunnel_bgp_config", "bgp_config_unused"),
                at(11, 28, "\(t1).tunnel_bgp_config", "bgp_config_unused"),
            ]),

        WarningFile("public local ASN 3356", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 65001}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "enable_tunnels_bgp": true,
                "tunnel_options_specification": [{
                  "tunnel_index": 1, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"local_asn": 3356, "tunnel_cidr": "169.254.10.0/30", "local_bgp_ip": "169.254.10.1"}
                }, {
                  "tunnel_index": 2, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"local_asn": 3356, "tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.1"}
                }]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [
                at(8, 42, "\(t0).tunnel_bgp_config.local_asn", "asn_not_private"),
                at(11, 42, "\(t1).tunnel_bgp_config.local_asn", "asn_not_private"),
            ]),

        WarningFile("customer gateway ASN AS_TRANS 23456", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 23456}],
              "ipsec_connections": [],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(2, 95, "customer_gateways[0].asn", "asn_special_purpose")]),

        WarningFile("the two tunnels' gateways with different ASNs", """
            {
              "customer_gateways": [
                {"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": 65001},
                {"customer_gateway_id": "cgw-b", "ip_address": "203.0.113.20", "asn": 65002}
              ],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "enable_tunnels_bgp": true,
                "tunnel_options_specification": [{
                  "tunnel_index": 1, "customer_gateway_id": "cgw-a",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.10.0/30", "local_bgp_ip": "169.254.10.1"}
                }, {
                  "tunnel_index": 2, "customer_gateway_id": "cgw-b",
                  "tunnel_bgp_config": {"tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.1"}
                }]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(13, 49, "\(t1).customer_gateway_id", "customer_gateway_asn_differs")]),

        WarningFile("FQDN LocalId with IKEv1 main mode", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a", "tunnel_ike_config": {"ike_version": "ikev1", "local_id": "vpn.example.com"}},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(6, 117, "\(t0).tunnel_ike_config.local_id", "identifier_fqdn_main_mode")]),

        // The comma-separated list is one JSON string: the issue names and points at the string.
        WarningFile("the same local CIDR twice", """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "local_subnet": "10.0.0.0/16,10.0.0.0/16",
                "remote_subnet": "192.168.0.0/16",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"}
            }
            """, [at(5, 21, "ipsec_connections[0].local_subnet", "subnet_duplicate")]),
    ]

    @Test("a warning-only file loads, with its warnings in file order", arguments: warningFiles)
    func loadsWithWarnings(_ file: WarningFile) throws {
        let document = try TopologyLoader.load(file.text)
        #expect(Self.relevant(document.warnings).map(ExpectedIssue.init) == file.warnings)
        #expect(document.warnings.allSatisfy { $0.severity == .warning })
    }

    // MARK: Several errors at once; nothing half-loaded

    static let severalErrors = """
        {
          "description": 42,
          "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "127.0.0.1", "asn": 45104}],
          "ipsec_connections": [{
            "vpn_connection_id": "vco-1",
            "enable_tunels_bgp": true,
            "tunnel_options_specification": [
              {"tunnel_index": 1, "customer_gateway_id": "cgw-a", "tunnel_ike_config": {"psk": "a b"}},
              {"tunnel_index": 2, "customer_gateway_id": "cgw-a", "tunnel_ipsec_config": {"ipsec_lifetime": 90000}}
            ]
          }],
          "transit_router": {
            "transit_router_id": "tr-1",
            "vpn_attachments": [{"transit_router_attachment_id": "tr-attach-1", "vpn_id": "vco-9"}]
          }
        }
        """

    @Test("a file with several errors reports them all, schema and model alike, in file order")
    func severalErrorsInFileOrder() throws {
        let error = try #require(throws: TopologyLoadError.self) { try TopologyLoader.load(Self.severalErrors) }
        // vco-1 also reaches no TR (its attachment names vco-9): that warning is printed too.
        let issues = Self.relevant(error.issues)
        #expect(error.issues.count == issues.count + 1)
        #expect(issues.map(ExpectedIssue.init) == [
            at(2, 18, "description", "wrong_type"),
            at(3, 72, "customer_gateways[0].ip_address", "customer_gateway_ip_reserved"),
            at(3, 92, "customer_gateways[0].asn", "asn_reserved_45104"),
            at(6, 5, "ipsec_connections[0].enable_tunels_bgp", "unknown_field"),
            at(8, 88, "\(t0).tunnel_ike_config.psk", "psk_invalid_character"),
            at(9, 101, "\(t1).tunnel_ipsec_config.ipsec_lifetime", "lifetime_out_of_range"),
            at(14, 83, "transit_router.vpn_attachments[0].vpn_id", "unknown_connection"),
        ])
        let locations = error.issues.compactMap(\.location)
        #expect(locations.count == error.issues.count)
        #expect(locations == locations.sorted())
        #expect(issues[3].message.contains("did you mean 'enable_tunnels_bgp'?"))
        // The printed form: one line per issue, `line:column path: code: message`.
        let lines = error.description.split(separator: "\n")
        #expect(lines.count == 8)
        #expect(lines.first?.hasPrefix("2:18 description: wrong_type: ") == true)
    }

    @Test("a single error deep in the file is enough to get no document")
    func nothingHalfLoaded() throws {
        let file = { (bgp: String) in """
            {
              "customer_gateways": [{"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10"}],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-1",
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a"},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-a"}
                ]
              }],
              "transit_router": {"transit_router_id": "tr-1"},
              "data_centers": [{"name": "dc1", "asn": 65001, "vpn_connection_id": "vco-1", "bgp": \(bgp)}]
            }
            """ }
        let document = try TopologyLoader.load(file("true"))
        #expect(document.dataCenters.map(\.name) == ["dc1"])
        let bad = file(#""yes""#)
        let error = try #require(throws: TopologyLoadError.self) { try TopologyLoader.load(bad) }
        #expect(Self.relevant(error.issues).map(ExpectedIssue.init) == [at(11, 87, "data_centers[0].bgp", "wrong_type")])
        #expect((try? TopologyLoader.load(bad)) == nil)
    }
}

// MARK: - Case types

extension BadTopologyTests {
    /// One issue as the tests compare it: code, JSON path and line:column.
    struct ExpectedIssue: Hashable, Sendable, CustomStringConvertible {
        var line: Int
        var column: Int
        var path: String
        var code: String

        init(_ line: Int, _ column: Int, _ path: String, _ code: String) {
            self.line = line
            self.column = column
            self.path = path
            self.code = code
        }

        init(_ issue: TopologyIssue) {
            self.init(issue.location?.line ?? 0, issue.location?.column ?? 0, issue.path, issue.code)
        }

        var description: String { "\(line):\(column) \(path.isEmpty ? "<root>" : path): \(code)" }
    }

    
    /// A file the loader must refuse.
    struct BadFile: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        /// Every issue, in file order.
        var issues: [ExpectedIssue]
        /// Text the first issue's message must contain (a "did you mean" suggestion, a hint).
        var message: String?
        /// A loader bug that makes the paths or locations differ from ``issues`` (which says what the
        /// loader should report); the codes must still match.
        var knownBug: String?

        init(_ name: String, _ text: String, _ issues: [ExpectedIssue], message: String? = nil, knownBug: String? = nil) {
            self.name = name
            self.text = text
            self.issues = issues
            self.message = message
            self.knownBug = knownBug
        }

        var testDescription: String { name }
    }

    /// A file that loads, with these warnings.
    struct WarningFile: Sendable, CustomTestStringConvertible {
        var name: String
        var text: String
        var warnings: [ExpectedIssue]

        init(_ name: String, _ text: String, _ warnings: [ExpectedIssue]) {
            self.name = name
            self.text = text
            self.warnings = warnings
        }

        var testDescription: String { name }
    }
}
