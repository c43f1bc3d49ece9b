import CloudRouting
import ConnectionParameters
import Testing

/// For each of the 8 combinations of the three settings (reference §4), the exact contents of every
/// table of a TR with two VPCs and two data centers. The settings are the same on both VPN attachments.
struct TruthTableTests {
    struct Combination: Sendable, CustomTestStringConvertible {
        var advertise: Bool
        var associate: Bool
        var propagate: Bool
        var testDescription: String { "advertise \(advertise), associate \(associate), propagate \(propagate)" }
    }

    static let combinations: [Combination] = [false, true].flatMap { a in
        [false, true].flatMap { s in [false, true].map { p in Combination(advertise: a, associate: s, propagate: p) } }
    }

    @Test(arguments: combinations)
    func everyTableForEachCombination(_ c: Combination) {
        let model = cmTwoDataCenters(advertise: c.advertise, associate: c.associate, propagate: c.propagate)
        var expected = [
            "tr/vtb-default 10.0.0.0/16 Propagated tr-attach-vpc-a System [] Active",
            "tr/vtb-default 10.1.0.0/16 Propagated tr-attach-vpc-b System [] Active",
        ]
        // Propagation puts each data center's BGP routes into the default table, next hop the attachment.
        if c.propagate {
            expected.append("tr/vtb-default 172.16.0.0/16 Propagated tr-attach-vco-2 BGP [65002] Active")
            expected.append("tr/vtb-default 192.168.0.0/16 Propagated tr-attach-vco-1 BGP [65001] Active")
        }
        // The connection's own BGP routes are always there, over both tunnels (ECMP).
        // Advertise Routes sends the associated table's routes back as CLOUD rows: the VPC CIDRs only.
        // The other data center's prefix is blocked by the system Reject 5000 (VPN to VPN), and the
        // connection's own prefix is not sent back (split horizon).
        for (n, own) in [(1, "192.168.0.0/16 VPN_BGP tunnels 1,2 [65001] Active"), (2, "172.16.0.0/16 VPN_BGP tunnels 1,2 [65002] Active")] {
            var bgp = ["vco-\(n)/bgp \(own)"]
            if c.advertise && c.associate {
                bgp.append("vco-\(n)/bgp 10.0.0.0/16 CLOUD tunnels 1,2 [] Active")
                bgp.append("vco-\(n)/bgp 10.1.0.0/16 CLOUD tunnels 1,2 [] Active")
            }
            expected += bgp
        }
        #expect(cmRender(model.tables) == expected)
    }
}
