import BGPSpeaker
import NetworkPrimitives
import Testing
import Topology

/// `transit-bgp speak` peers each BGP tunnel's local address with the other usable address of its /30,
/// expecting the customer gateway's ASN and using its auth key for TCP MD5.
struct SpeakerPlanTests {
    static func document(_ gateways: String, enableBGP: Bool = true, localASN: String = "45104") throws -> TopologyDocument {
        try TopologyLoader.load("""
            {
              "customer_gateways": [\(gateways)],
              "ipsec_connections": [{
                "vpn_connection_id": "vco-dc1", "region_id": "cn-hangzhou", "cen_attachment": {"cen_id": "cen-demo"},
                "enable_tunnels_bgp": \(enableBGP),
                "tunnel_options_specification": [
                  {"tunnel_index": 1, "customer_gateway_id": "cgw-a",
                   "tunnel_bgp_config": {"local_asn": \(localASN), "tunnel_cidr": "169.254.10.0/30", "local_bgp_ip": "169.254.10.1"}},
                  {"tunnel_index": 2, "customer_gateway_id": "cgw-b",
                   "tunnel_bgp_config": {"local_asn": \(localASN), "tunnel_cidr": "169.254.20.0/30", "local_bgp_ip": "169.254.20.2"}}
                ]
              }],
              "transit_router": {
                "transit_router_id": "tr-1", "region_id": "cn-hangzhou",
                "vpn_attachments": [{"transit_router_attachment_id": "tr-attach-1", "vpn_id": "vco-dc1"}]
              }
            }
            """)
    }

    @Test func eachBGPTunnelPeersWithTheOtherAddressOfItsSlash30() throws {
        let plan = SpeakerPlan(document: try Self.document("""
            {"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": "65001", "auth_key": "Secret-1"},
            {"customer_gateway_id": "cgw-b", "ip_address": "203.0.113.20", "asn": "65001"}
            """))
        #expect(plan.tunnels.map(\.name) == ["vco-dc1/1", "vco-dc1/2"])
        #expect(plan.tunnels.map { "\($0.localAddress)>\($0.peerAddress)" } == ["169.254.10.1>169.254.10.2", "169.254.20.2>169.254.20.1"])
        #expect(plan.tunnels.map(\.peerASN) == [65001, 65001])
        #expect(plan.tunnels.map(\.authKey) == ["Secret-1", nil])
        #expect(plan.skipped.isEmpty)
    }

    @Test func anAsdotLocalASNIsTheFourOctetValue() throws {
        let plan = SpeakerPlan(document: try Self.document("""
            {"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": "65001"},
            {"customer_gateway_id": "cgw-b", "ip_address": "203.0.113.20", "asn": "65001"}
            """, localASN: #""1.10""#))
        #expect(plan.tunnels.map(\.localASN.rawValue) == [65546, 65546])
    }

    @Test func aConnectionWithoutBGPSpeaksOnNoTunnelAndSaysWhy() throws {
        let plan = SpeakerPlan(document: try Self.document("""
            {"customer_gateway_id": "cgw-a", "ip_address": "203.0.113.10", "asn": "65001"},
            {"customer_gateway_id": "cgw-b", "ip_address": "203.0.113.20", "asn": "65001"}
            """, enableBGP: false))
        #expect(plan.tunnels.isEmpty)
        #expect(plan.skipped == ["vco-dc1: BGP is not enabled (enable_tunnels_bgp)"])
    }
}
