import CloudRouting
import ConnectionParameters
import Foundation
import NetworkPrimitives
import Reports
import Testing
import Topology

/// `transit-bgp config`: the on-premises FRR and strongSwan configurations of the bundled topologies,
/// the algorithm mapping, the choices where the docs are silent, and the errors.
///
/// Every bundled topology's output is compared with a golden file in `Tests/Goldens/config/`
/// (`UPDATE_GOLDENS=1 swift test --filter OnPremisesConfigTests` rewrites them); the other tests
/// check the parts that matter exactly, so a golden update that breaks one of them still fails.
@Suite struct OnPremisesConfigTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    static func text(_ name: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent("Topologies/\(name)/topology.json"), encoding: .utf8)
    }

    static func load(_ name: String) throws -> TopologyDocument {
        try TopologyLoader.load(text(name))
    }

    /// `name`'s text with each `(old, new)` replaced; every `old` must occur.
    static func load(_ name: String, replacing edits: [(String, String)]) throws -> TopologyDocument {
        var text = try text(name)
        for (old, new) in edits {
            #expect(text.contains(old), "the edit's anchor is missing: \(old)")
            text = text.replacingOccurrences(of: old, with: new)
        }
        return try TopologyLoader.load(text)
    }

    static func render(_ document: TopologyDocument, _ format: OnPremisesConfigFormat, connection: String = "vco-dc1") throws -> String {
        try OnPremisesConfig(document: document, connectionID: connection).rendered(as: format)
    }

    /// The lines from the one equal to `first` up to and including the next one equal to `last`.
    static func block(_ text: String, from first: String, to last: String) -> [String] {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        guard let start = lines.firstIndex(of: first), let end = lines[start...].firstIndex(of: last) else { return [] }
        return Array(lines[start ... end])
    }

    // MARK: Goldens

    static let bundled: [String] = {
        let directory = root.appendingPathComponent("Topologies")
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { FileManager.default.fileExists(atPath: directory.appendingPathComponent("\($0)/topology.json").path) }
            .sorted()
    }()

    @Test(arguments: bundled, OnPremisesConfigFormat.allCases)
    func everyBundledConnectionMatchesItsGolden(topology: String, format: OnPremisesConfigFormat) throws {
        let document = try Self.load(topology)
        #expect(!document.connections.isEmpty)
        for connection in document.connections {
            let output = try Self.render(document, format, connection: connection.id)
            let suffix = format == .frr ? "frr.conf" : "swanctl.conf"
            let golden = Self.root.appendingPathComponent("Tests/Goldens/config/\(topology).\(connection.id).\(suffix)")
            if ProcessInfo.processInfo.environment["UPDATE_GOLDENS"] == "1" {
                try FileManager.default.createDirectory(at: golden.deletingLastPathComponent(), withIntermediateDirectories: true)
                try output.write(to: golden, atomically: true, encoding: .utf8)
                continue
            }
            let expected = try String(contentsOf: golden, encoding: .utf8)
            #expect(output == expected, "\(golden.lastPathComponent) differs (UPDATE_GOLDENS=1 rewrites it)")
        }
    }

    // MARK: FRR

    @Test func dualTunnelBGPGivesTwoSessionsFromTheOtherAddressOfEachSlash30() throws {
        let frr = try Self.render(Self.load("dual-tunnel-bgp"), .frr)
        #expect(frr.contains("\nfrr defaults traditional\nhostname dc1\nservice integrated-vtysh-config\n"))
        #expect(Self.block(frr, from: "interface xfrm1", to: "exit") == [
            "interface xfrm1",
            " description vco-dc1 tunnel 1 (master) to Alibaba Cloud 169.254.10.1",
            " ip address 169.254.10.2/30",
            "exit",
        ])
        #expect(Self.block(frr, from: "interface xfrm2", to: "exit")[2] == " ip address 169.254.20.2/30")
        #expect(Self.block(frr, from: "router bgp 65001", to: "exit") == [
            "router bgp 65001",
            " bgp router-id 169.254.10.2",
            " no bgp ebgp-requires-policy",
            " ! Announce the data center's prefixes whether or not the routing table has them.",
            " no bgp network import-check",
            " neighbor 169.254.10.1 remote-as 45104",
            " neighbor 169.254.10.1 description vco-dc1 tunnel 1 (master)",
            " neighbor 169.254.10.1 timers 30 90",
            " neighbor 169.254.20.1 remote-as 45104",
            " neighbor 169.254.20.1 description vco-dc1 tunnel 2 (slave)",
            " neighbor 169.254.20.1 timers 30 90",
            " !",
            " address-family ipv4 unicast",
            "  network 172.16.10.0/24",
            "  network 192.168.0.0/16",
            "  ! Both tunnels forward (ECMP), as on the cloud side.",
            "  maximum-paths 2",
            "  neighbor 169.254.10.1 route-map VCO-DC1-T1-OUT out",
            "  neighbor 169.254.20.1 route-map VCO-DC1-T2-OUT out",
            " exit-address-family",
            "exit",
        ])
        #expect(frr.hasSuffix("\n!\nend\n"))
        #expect(!frr.contains("password"))
    }

    @Test func prependTunnel2PrependsOnlyOnTunnel2AndKeepsTheCommunity() throws {
        let frr = try Self.render(Self.load("prepend-tunnel-2"), .frr)
        #expect(Self.block(frr, from: "! What the data center announces on tunnel 1; everything else is denied.", to: "exit") == [
            "! What the data center announces on tunnel 1; everything else is denied.",
            "ip prefix-list VCO-DC1-T1-OUT-10 seq 5 permit 192.168.0.0/16",
            "ip prefix-list VCO-DC1-T1-OUT-20 seq 5 permit 172.16.10.0/24",
            "!",
            "route-map VCO-DC1-T1-OUT permit 10",
            " match ip address prefix-list VCO-DC1-T1-OUT-10",
            "exit",
        ])
        #expect(Self.block(frr, from: "route-map VCO-DC1-T1-OUT permit 20", to: "exit") == [
            "route-map VCO-DC1-T1-OUT permit 20",
            " match ip address prefix-list VCO-DC1-T1-OUT-20",
            " set community 65001:100",
            "exit",
        ])
        #expect(Self.block(frr, from: "route-map VCO-DC1-T2-OUT permit 10", to: "exit") == [
            "route-map VCO-DC1-T2-OUT permit 10",
            " match ip address prefix-list VCO-DC1-T2-OUT-10",
            " set as-path prepend 65001 65001",
            "exit",
        ])
        #expect(Self.block(frr, from: "route-map VCO-DC1-T2-OUT permit 20", to: "exit") == [
            "route-map VCO-DC1-T2-OUT permit 20",
            " match ip address prefix-list VCO-DC1-T2-OUT-20",
            " set as-path prepend 65001 65001",
            " set community 65001:100",
            "exit",
        ])
    }

    @Test func asdotASNsArePrintedAsplain() throws {
        let frr = try Self.render(Self.load("asdot-asn"), .frr)
        #expect(frr.contains("\nrouter bgp 4200000001\n"))
        #expect(frr.contains("\n neighbor 169.254.10.1 remote-as 4200000000\n"))
        #expect(frr.contains("\n neighbor 169.254.20.1 remote-as 4200000000\n"))
        #expect(!frr.contains("64086."))
    }

    @Test func protectedDataFlowsWithoutBGPRoutesTheCloudSubnetsOverBothTunnels() throws {
        let frr = try Self.render(Self.load("protected-data-flows"), .frr)
        #expect(!frr.contains("router bgp"))
        #expect(!frr.contains("ip address"))
        #expect(Self.block(frr, from: "ip route 10.0.0.0/16 xfrm1", to: "!") == [
            "ip route 10.0.0.0/16 xfrm1",
            "ip route 10.0.0.0/16 xfrm2",
            "ip route 10.1.0.0/16 xfrm1",
            "ip route 10.1.0.0/16 xfrm2",
            "!",
        ])
    }

    @Test func destinationRoutingWithoutBGPRoutesWhatTheAssociatedTRTableForwardsElsewhere() throws {
        let frr = try Self.render(Self.load("destination-routing-static"), .frr)
        // The VPCs and the TR static route; not the blackhole and not the data center's own prefixes.
        let routes = frr.split(separator: "\n").filter { $0.hasPrefix("ip route ") }
        #expect(routes == [
            "ip route 10.0.0.0/16 xfrm1", "ip route 10.0.0.0/16 xfrm2",
            "ip route 10.1.0.0/16 xfrm1", "ip route 10.1.0.0/16 xfrm2",
            "ip route 10.2.0.0/16 xfrm1", "ip route 10.2.0.0/16 xfrm2",
        ])
    }

    @Test func associationOffWithoutBGPSaysNoCloudPrefixIsKnown() throws {
        let document = try Self.load("destination-routing-static", replacing: [
            (#""vpn_id": "vco-dc1""#, #""vpn_id": "vco-dc1", "route_table_association_enabled": false"#),
        ])
        let frr = try Self.render(document, .frr)
        #expect(!frr.split(separator: "\n").contains { $0.hasPrefix("ip route") })
        #expect(frr.contains("! No BGP on this connection and no cloud prefix is known"))
    }

    @Test func activeStandbyPrefersTunnel1OnTheDataCenterSideToo() throws {
        let frr = try Self.render(Self.load("active-standby"), .frr)
        #expect(Self.block(frr, from: "route-map VCO-DC1-T2-IN permit 10", to: "exit") == [
            "route-map VCO-DC1-T2-IN permit 10", " set local-preference 90", "exit",
        ])
        #expect(frr.contains("\n  maximum-paths 1\n"))
        #expect(frr.contains("\n  neighbor 169.254.20.1 route-map VCO-DC1-T2-IN in\n"))
        #expect(!frr.contains("neighbor 169.254.10.1 route-map VCO-DC1-T2-IN"))
    }

    @Test func announcementAttributesBecomeRouteMapSetActions() throws {
        let document = try Self.load("dual-tunnel-bgp", replacing: [
            (#""announce": [{"prefix": "192.168.0.0/16"}, {"prefix": "172.16.10.0/24", "communities": ["65001:100"]}]"#,
             #""announce": [{"prefix": "192.168.0.0/16", "med": 50, "origin": "incomplete", "communities": ["no-export", "65001:7"]},"#
                + #" {"prefix": "172.16.10.0/24", "origin": "egp"}, {"prefix": "172.16.20.0/24", "origin": "egp"}]"#),
        ])
        let frr = try Self.render(document, .frr)
        #expect(Self.block(frr, from: "route-map VCO-DC1-T1-OUT permit 10", to: "exit") == [
            "route-map VCO-DC1-T1-OUT permit 10",
            " match ip address prefix-list VCO-DC1-T1-OUT-10",
            " set metric 50",
            " set community 65535:65281 65001:7",
            " set origin incomplete",
            "exit",
        ])
        // Announcements with the same attributes share one route-map entry.
        #expect(frr.contains("ip prefix-list VCO-DC1-T1-OUT-20 seq 5 permit 172.16.10.0/24\n"
            + "ip prefix-list VCO-DC1-T1-OUT-20 seq 10 permit 172.16.20.0/24\n"))
        #expect(Self.block(frr, from: "route-map VCO-DC1-T1-OUT permit 20", to: "exit") == [
            "route-map VCO-DC1-T1-OUT permit 20", " match ip address prefix-list VCO-DC1-T1-OUT-20", " set origin egp", "exit",
        ])
    }

    @Test func aTunnelWithoutAnnouncementsDeniesEverythingAndAnAuthKeyBecomesThePassword() throws {
        let document = try Self.load("dual-tunnel-bgp", replacing: [
            (#""ip_address": "203.0.113.10", "asn": "65001"}"#, #""ip_address": "203.0.113.10", "asn": "65001", "auth_key": "md5-Key#1"}"#),
            (#""announce": [{"prefix": "192.168.0.0/16"}, {"prefix": "172.16.10.0/24", "communities": ["65001:100"]}]"#,
             #""tunnels": [{"tunnel_index": 1, "announce": [{"prefix": "192.168.0.0/16"}]}]"#),
        ])
        let frr = try Self.render(document, .frr)
        #expect(frr.contains("\n neighbor 169.254.10.1 password md5-Key#1\n"))
        #expect(!frr.contains("neighbor 169.254.20.1 password"))
        #expect(Self.block(frr, from: "! The data center announces nothing on tunnel 2.", to: "exit") == [
            "! The data center announces nothing on tunnel 2.", "route-map VCO-DC1-T2-OUT deny 10", "exit",
        ])
        #expect(frr.contains("\n  network 192.168.0.0/16\n"))
        #expect(!frr.contains("network 172.16.10.0/24"))
    }

    @Test func withoutADataCenterEntryTheConfigAnnouncesNothingAndSaysSo() throws {
        var document = try Self.load("dual-tunnel-bgp")
        document.dataCenters = []
        let frr = try Self.render(document, .frr)
        #expect(frr.contains("\nhostname dc-vco-dc1\n"))
        #expect(frr.contains("  ! The topology's data_centers entry announces nothing: add network statements here.\n"))
        #expect(!frr.contains("  network "))
    }

    // MARK: strongSwan

    @Test func dualTunnelBGPGivesOneRouteBasedConnectionPerTunnel() throws {
        // Tunnel 2 without its gateway_ip: that end can only answer.
        let swan = try Self.render(Self.load("dual-tunnel-bgp", replacing: [(#", "gateway_ip": "198.51.100.2""#, "")]), .strongSwan)
        #expect(Self.block(swan, from: "    vco-dc1-tunnel2 {", to: "        }") == [
            "    vco-dc1-tunnel2 {",
            "        # Tunnel 2 (slave): customer gateway cgw-dc1-b, XFRM interface xfrm2.",
            "        version = 2",
            "        local_addrs = 203.0.113.20",
            "        # The topology gives no gateway_ip for this tunnel: this end only answers the cloud's",
            "        # negotiation. Put the tunnel's Gateway IP Address (console, tunnel details) here and set",
            "        # start_action = start below so that it initiates too.",
            "        remote_addrs = %any",
            "        proposals = aes128-sha1-modp1024",
            "        rekey_time = 86400s",
            "        dpd_delay = 10s",
            "        keyingtries = 0",
            "        mobike = no",
            "        local {",
            "            auth = psk",
            "            id = 203.0.113.20",
            "        }",
        ])
        #expect(Self.block(swan, from: "            vco-dc1-tunnel2 {", to: "            }") == [
            "            vco-dc1-tunnel2 {",
            "                local_ts = 0.0.0.0/0",
            "                remote_ts = 0.0.0.0/0",
            "                esp_proposals = aes128-sha1-modp1024",
            "                rekey_time = 86400s",
            "                if_id_in = 2",
            "                if_id_out = 2",
            "                dpd_action = clear",
            "                start_action = none",
            "            }",
        ])
        #expect(Self.block(swan, from: "secrets {", to: "}") == [
            "secrets {",
            "    ike-vco-dc1-tunnel1 {",
            "        id-local = 203.0.113.10",
            "        id-remote = 198.51.100.1",
            "        secret = \"tunnel1-Secret\"",
            "    }",
            "",
            "    ike-vco-dc1-tunnel2 {",
            "        id-local = 203.0.113.20",
            "        secret = \"tunnel2-Secret\"",
            "    }",
            "}",
        ])
        #expect(!swan.contains("Warning"))
    }

    @Test func protectedDataFlowsSwapsTheCloudSubnetsIntoTheTrafficSelectors() throws {
        let swan = try Self.render(Self.load("protected-data-flows"), .strongSwan)
        let selectors = swan.split(separator: "\n").filter { $0.contains("_ts = ") }.map { $0.trimmingCharacters(in: .whitespaces) }
        #expect(selectors == [
            "local_ts = 192.168.0.0/16, 172.16.10.0/24", "remote_ts = 10.0.0.0/16, 10.1.0.0/16",
            "local_ts = 192.168.0.0/16, 172.16.10.0/24", "remote_ts = 10.0.0.0/16, 10.1.0.0/16",
        ])
    }

    @Test func aKnownGatewayIPAndIdentitiesCrossOver() throws {
        let document = try Self.load("dual-tunnel-bgp", replacing: [
            (#""tunnel_ike_config": {"ike_version": "ikev2", "psk": "tunnel1-Secret"}"#,
             #""tunnel_ike_config": {"ike_version": "ikev2", "psk": "tunnel1-Secret","#
                + #" "local_id": "vpn.example.com", "remote_id": "dc1.example.com"}"#),

        ])
        let swan = try Self.render(document, .strongSwan)
        let tunnel1 = Self.block(swan, from: "    vco-dc1-tunnel1 {", to: "    }").joined(separator: "\n")
        #expect(tunnel1.contains("remote_addrs = 198.51.100.1\n"))
        #expect(!tunnel1.contains("%any"))
        #expect(tunnel1.contains("local {\n            auth = psk\n            id = dc1.example.com\n"))
        #expect(tunnel1.contains("remote {\n            auth = psk\n            id = vpn.example.com\n"))
        let tunnel2 = Self.block(swan, from: "    vco-dc1-tunnel2 {", to: "    }").joined(separator: "\n")
        // Defaults: the data center is its gateway IP, the cloud its tunnel's gateway IP.
        #expect(tunnel2.contains("id = 203.0.113.20\n"))
        #expect(tunnel2.contains("remote {\n            auth = psk\n            id = 198.51.100.2\n"))
        #expect(swan.split(separator: "\n").filter { $0.contains("start_action") }.map { $0.trimmingCharacters(in: .whitespaces) }
            == ["start_action = start", "start_action = start"])
        #expect(Self.block(swan, from: "    ike-vco-dc1-tunnel1 {", to: "    }") == [
            "    ike-vco-dc1-tunnel1 {", "        id-local = dc1.example.com", "        id-remote = vpn.example.com",
            "        secret = \"tunnel1-Secret\"", "    }",
        ])
    }

    @Test func ikev1AggressiveWithOtherAlgorithmsAndNoPFS() throws {
        let document = try Self.load("dual-tunnel-bgp", replacing: [
            (#""tunnel_ike_config": {"ike_version": "ikev2", "psk": "tunnel1-Secret"}"#,
             #""enable_dpd": false, "tunnel_ike_config": {"ike_version": "ikev1", "ike_mode": "aggressive","#
                + #" "ike_enc_alg": "3des", "ike_auth_alg": "sha512", "ike_pfs": "group14", "ike_lifetime": 28800,"#
                + #" "psk": "tunnel1-Secret"}, "tunnel_ipsec_config": {"ipsec_enc_alg": "aes256", "ipsec_auth_alg": "md5","#
                + #" "ipsec_pfs": "disabled", "ipsec_lifetime": 3600}"#),
            (#""tunnel_ike_config": {"ike_version": "ikev2", "psk": "tunnel2-Secret"}"#,
             #""dpd_timeout": 45, "tunnel_ike_config": {"ike_version": "ikev1", "ike_enc_alg": "des", "ike_auth_alg": "sha384","#
                + #" "ike_pfs": "group5", "psk": "tunnel2-Secret"}, "tunnel_ipsec_config": {"ipsec_enc_alg": "aes192","#
                + #" "ipsec_auth_alg": "sha256", "ipsec_pfs": "group1", "ipsec_lifetime": 0}"#),
        ])
        let swan = try Self.render(document, .strongSwan)
        let tunnel1 = Self.block(swan, from: "    vco-dc1-tunnel1 {", to: "    }").joined(separator: "\n")
        #expect(tunnel1.contains("version = 1\n        # IKEv1 aggressive mode with a pre-shared key: strongSwan answers it only with\n"
            + "        # charon.i_dont_care_about_security_and_use_aggressive_mode_psk = yes in strongswan.conf.\n"
            + "        aggressive = yes\n"))
        #expect(tunnel1.contains("proposals = 3des-sha512-modp2048\n        rekey_time = 0s\n        reauth_time = 28800s\n"))
        #expect(!tunnel1.contains("dpd_"))
        let child1 = Self.block(swan, from: "            vco-dc1-tunnel1 {", to: "            }").joined(separator: "\n")
        #expect(child1.contains("esp_proposals = aes256-md5\n                rekey_time = 3600s\n"))
        #expect(!child1.contains("dpd_action"))
        let tunnel2 = Self.block(swan, from: "    vco-dc1-tunnel2 {", to: "    }").joined(separator: "\n")
        #expect(tunnel2.contains("version = 1\n        local_addrs"))  // main mode: no aggressive line
        #expect(tunnel2.contains("proposals = des-sha384-modp1536\n"))
        #expect(tunnel2.contains("dpd_delay = 15s\n        dpd_timeout = 45s\n"))
        let child2 = Self.block(swan, from: "            vco-dc1-tunnel2 {", to: "            }").joined(separator: "\n")
        #expect(child2.contains("esp_proposals = aes192-sha256-modp768\n                rekey_time = 0s\n"))
    }

    @Test(arguments: [
        (EncryptionAlgorithm.aes, "aes128"), (.aes192, "aes192"), (.aes256, "aes256"), (.des, "des"), (.tripleDES, "3des"),
    ])
    func encryptionKeywords(algorithm: EncryptionAlgorithm, keyword: String) {
        #expect(StrongSwanConfig.keyword(algorithm) == keyword)
    }

    @Test(arguments: [
        (AuthenticationAlgorithm.md5, "md5"), (.sha1, "sha1"), (.sha256, "sha256"), (.sha384, "sha384"), (.sha512, "sha512"),
    ])
    func integrityKeywords(algorithm: AuthenticationAlgorithm, keyword: String) {
        #expect(StrongSwanConfig.keyword(algorithm) == keyword)
    }

    @Test(arguments: [(DHGroup.group1, "modp768"), (.group2, "modp1024"), (.group5, "modp1536"), (.group14, "modp2048")])
    func dhKeywords(group: DHGroup, keyword: String) {
        #expect(StrongSwanConfig.keyword(group) == keyword)
    }

    @Test func preSharedKeysAreQuotedWithBackslashAndQuoteEscaped() throws {
        var document = try Self.load("dual-tunnel-bgp")
        document.connections[0].tunnels[0].ike.psk = #"a\b"c$d#e{f}'g"#
        let swan = try Self.render(document, .strongSwan)
        #expect(swan.contains(#"        secret = "a\\b\"c$d#e{f}'g""# + "\n"))
    }

    @Test func aGeneratedKeyIsTheEmulatorsDeterministicOne() throws {
        var document = try Self.load("dual-tunnel-bgp")
        document.connections[0].tunnels[1].ike.psk = nil
        let swan = try Self.render(document, .strongSwan)
        let key = PreSharedKey.generate(seed: PreSharedKey.defaultSeed(connectionID: "vco-dc1", tunnelIndex: 2))
        #expect(swan.contains("        secret = \"\(key)\"\n"))
    }

    @Test func twoTunnelsOnOneGatewayWithoutGatewayIPsGetAWarning() throws {
        var document = try Self.load("dual-tunnel-bgp")
        document.connections[0].tunnels[1].customerGatewayID = "cgw-dc1-a"
        // The bundled topology gives both gateway IPs, which tell the tunnels apart: no warning.
        #expect(!(try Self.render(document, .strongSwan)).contains("# Warning:"))
        document.connections[0].tunnels[0].gatewayAddress = nil
        document.connections[0].tunnels[1].gatewayAddress = nil
        let swan = try Self.render(document, .strongSwan)
        #expect(swan.contains("# Warning: the two tunnels have the same local address and identities"))
    }

    // MARK: Errors

    static func refusal(_ document: TopologyDocument, _ connection: String = "vco-dc1") throws -> OnPremisesConfigError {
        try #require(throws: OnPremisesConfigError.self) { try OnPremisesConfig(document: document, connectionID: connection) }
    }

    @Test func anUnknownConnectionListsTheKnownOnes() throws {
        let error = try Self.refusal(Self.load("two-data-centers"), "vco-nope")
        #expect(error.code == .unknownConnection)
        #expect(error.field == "CONNECTION")
        #expect(error.value == "vco-nope")
        #expect(error.message == "no IPsec connection 'vco-nope' in the topology (known: vco-dc1, vco-dc2)")
    }

    @Test func customerGatewaysWithDifferentASNsAreRefusedWithBGP() throws {
        var document = try Self.load("dual-tunnel-bgp")
        document.customerGateways[1].asn = ASNumber(rawValue: 65002)
        let error = try Self.refusal(document)
        #expect(error.code == .customerGatewayASNDiffers)
        #expect(error.field == "vco-dc1.tunnel_options_specification[tunnel_index=2].customer_gateway_id")
        #expect(error.value == "cgw-dc1-b")
        #expect(error.message.contains("cgw-dc1-a is AS 65001 but tunnel 2's cgw-dc1-b is AS 65002"))
    }

    @Test func aTunnelWithoutBGPSettingsIsRefusedWithBGP() throws {
        var document = try Self.load("dual-tunnel-bgp")
        document.connections[0].tunnels[1].bgp = nil
        let error = try Self.refusal(document)
        #expect(error.code == .bgpConfigMissing)
        #expect(error.field == "vco-dc1.tunnel_options_specification[tunnel_index=2].tunnel_bgp_config")
    }

    @Test func anUnknownCustomerGatewayIsRefused() throws {
        var document = try Self.load("dual-tunnel-bgp")
        document.customerGateways.removeLast()
        let error = try Self.refusal(document)
        #expect(error.code == .unknownCustomerGateway)
        #expect(error.value == "cgw-dc1-b")
        #expect(error.field == "vco-dc1.tunnel_options_specification[tunnel_index=2].customer_gateway_id")
    }

    @Test func withoutAnyASNBGPIsRefusedAndTheDataCenterASNIsTheFallback() throws {
        var document = try Self.load("dual-tunnel-bgp")
        for index in document.customerGateways.indices { document.customerGateways[index].asn = nil }
        #expect(try OnPremisesConfig(document: document, connectionID: "vco-dc1").bgp?.asn == ASNumber(rawValue: 65001))
        document.dataCenters = []
        #expect(try Self.refusal(document).code == .asnMissing)
    }

    @Test func errorsPrintFieldMessageAndCode() {
        let error = OnPremisesConfigError(code: .asnMissing, field: "f", value: "", message: "m")
        #expect(error.description == "f: m [customer_gateway_asn_missing]")
    }
}
