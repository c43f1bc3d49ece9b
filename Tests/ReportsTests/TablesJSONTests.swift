import CloudRouting
import ConnectionParameters
import Foundation
import Reports
import Testing
import Topology

/// `simulate --json` and the speaker's `show … --json` print ``TablesJSON``: it must parse back, with
/// every row of every table and the documented keys.
struct TablesJSONTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test(arguments: ["dual-tunnel-bgp", "two-data-centers", "destination-routing-static", "tunnel-1-down"])
    func theTablesOfABundledTopologyParseBackRowForRow(name: String) throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("Topologies/\(name)/topology.json"))
        let tables = try TopologyLoader.load(Array(data)).model().tables
        let text = TablesJSON.tables(tables).rendered()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let tr = try #require(parsed["transit_router"] as? [String: [[String: Any]]])
        let connections = try #require(parsed["connections"] as? [String: [String: [[String: Any]]]])
        #expect(tr.mapValues(\.count) == tables.transitRouter.mapValues(\.count))
        #expect(connections.mapValues { $0["bgp"]?.count ?? -1 } == tables.connections.mapValues(\.bgp.count))
        #expect(connections.mapValues { $0["destination"]?.count ?? -1 } == tables.connections.mapValues(\.destination.count))
        for rows in tr.values {
            for row in rows {
                #expect(Set(row.keys) == ["prefix", "type", "next_hop", "next_hop_type", "next_hop_resource_type", "origin_type",
                                          "as_path", "communities", "preference", "region", "status", "reason"])
            }
        }
        for table in connections.values {
            for row in (table["bgp"] ?? []) + (table["destination"] ?? []) {
                // VPN_BGP rows carry their other tunnel paths; destination and CLOUD rows have none.
                let extra: Set<String> = row["source"] as? String == "VPN_BGP" ? ["other_paths"] : []
                #expect(Set(row.keys) == Set(["prefix", "source", "tunnels", "as_path", "communities", "status", "reason"]).union(extra))
            }
        }
        // Stable: the same tables give the same text, byte for byte.
        #expect(TablesJSON.tables(tables).rendered() == text)
    }

    /// TR rows carry the API's `NextHopType` (`Attachment` or `BlackHole`) apart from the next hop's
    /// resource type (VPC, VPN, VBR, TR): a blackhole has the type and no resource type.
    @Test func transitRouterRowsCarryNextHopTypeApartFromResourceType() throws {
        let data = try Data(contentsOf: Self.root.appendingPathComponent("Topologies/destination-routing-static/topology.json"))
        let tables = try TopologyLoader.load(Array(data)).model().tables
        let text = TablesJSON.tables(tables).rendered()
        let parsed = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
        let rows = try #require((parsed["transit_router"] as? [String: [[String: Any]]])?["vtb-default"])
        let pairs = Set(rows.map { "\($0["next_hop_type"] as? String ?? "null")/\($0["next_hop_resource_type"] as? String ?? "null")" })
        #expect(pairs == ["Attachment/VPC", "Attachment/VPN", "BlackHole/null"], "\(pairs)")
        for row in rows {
            #expect((row["next_hop"] is NSNull) == (row["next_hop_type"] as? String == "BlackHole"))
        }
    }

    @Test func stringsAreEscapedAndScalarArraysStayOnOneLine() {
        let value = JSONOutput.object([("a\"b", .string("line\nbreak\u{1}")), ("n", .array([.int(1), .int(2)])), ("z", .null)])
        #expect(value.rendered() == "{\n  \"a\\\"b\": \"line\\nbreak\\u0001\",\n  \"n\": [1, 2],\n  \"z\": null\n}")
        #expect(value.rendered(pretty: false) == "{\"a\\\"b\":\"line\\nbreak\\u0001\",\"n\":[1,2],\"z\":null}")
    }
}
