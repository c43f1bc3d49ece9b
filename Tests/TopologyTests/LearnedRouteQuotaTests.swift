import CloudRouting
import ConnectionParameters
import Foundation
import Testing
import Topology

/// `learned_route_quota`: 50 by default; `null` is unlimited (a regression: `null` once fell back to 50).
struct LearnedRouteQuotaTests {
    static func document(quota: String?) throws -> TopologyDocument {
        let announce = (0 ..< 60).map { #"{"prefix": "192.168.\#($0).0/24"}"# }.joined(separator: ", ")
        let quotaField = quota.map { #""learned_route_quota": \#($0), "# } ?? ""
        return try TopologyLoader.load(#"""
            {"customer_gateways": [{"customer_gateway_id": "cgw", "ip_address": "203.0.113.10", "asn": 65001}],
             "ipsec_connections": [{"vpn_connection_id": "vco", "enable_tunnels_bgp": true, \#(quotaField)
               "tunnel_options_specification": [
                 {"tunnel_index": 1, "customer_gateway_id": "cgw", "tunnel_bgp_config": {"tunnel_cidr": "169.254.10.0/30", "local_bgp_ip": "169.254.10.1"}},
                 {"tunnel_index": 2, "customer_gateway_id": "cgw", "tunnel_bgp_config": {"tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.1"}}]}],
             "transit_router": {"transit_router_id": "tr", "vpn_attachments": [{"transit_router_attachment_id": "att", "vpn_id": "vco"}]},
             "data_centers": [{"name": "dc", "asn": 65001, "vpn_connection_id": "vco", "announce": [\#(announce)]}]}
            """#)
    }

    /// How many prefixes end with each status (or reason): one row per tunnel when the tunnels differ.
    static func statuses(_ document: TopologyDocument) -> [String: Int] {
        var byPrefix: [String: String] = [:]
        for row in document.model().tables.connections["vco"]?.bgp ?? [] where row.source == .vpnBGP {
            byPrefix["\(row.prefix)"] = row.reason?.text ?? row.status.text
        }
        return byPrefix.values.reduce(into: [:]) { $0[$1, default: 0] += 1 }
    }

    @Test func theDefaultQuotaKeepsFiftyRoutes() throws {
        let counts = Self.statuses(try Self.document(quota: nil))
        #expect(counts["quota_exceeded"] == 10)
        #expect(counts["Active"] == 50)
    }

    @Test func nullIsUnlimited() throws {
        let counts = Self.statuses(try Self.document(quota: "null"))
        #expect(counts == ["Active": 60])
        #expect(try Self.document(quota: "null").model().tables.transitRouter["vtb-default"]?.count == 60)
    }

    @Test func aNumberIsThatQuota() throws {
        #expect(Self.statuses(try Self.document(quota: "55"))["quota_exceeded"] == 5)
    }
}
