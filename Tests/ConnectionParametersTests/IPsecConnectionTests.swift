// The connection: defaults, attributes, routing mode, the two tunnels and the BGP rules across them.

import ConnectionParameters
import NetworkPrimitives
import Testing

@Suite("IPsecConnection")
struct IPsecConnectionTests {
    let gateways = ConfigFixtures.gateways
    let root = ConfigFixtures.root

    func validate(_ connection: IPsecConnection, gateways: [String: CustomerGateway]? = nil) -> [ConfigIssueKey] {
        ConfigFixtures.keys(connection.validate(at: root, gateways: gateways ?? self.gateways))
    }

    func tunnel(_ position: Int, _ member: String) -> String {
        ConfigFixtures.tunnelField(position) + "." + member
    }

    // MARK: Defaults

    @Test func validConnectionHasNoIssues() {
        #expect(validate(ConfigFixtures.connection()).isEmpty)
    }

    @Test func connectionDefaults() {
        let connection = IPsecConnection(
            id: "vco-1", name: "n", region: "cn-hangzhou",
            tunnels: [
                TunnelOptions(index: 1, customerGatewayID: "cgw-1"),
                TunnelOptions(index: 2, customerGatewayID: "cgw-1"),
            ])
        #expect(connection.resourceGroup == nil)
        #expect(connection.gatewayType == .public)
        #expect(GatewayType.default == .public)
        #expect(GatewayType.private.rawValue == "private")
        #expect(connection.attachTo == nil)
        #expect(connection.routingMode == .destinationRouting)
        #expect(connection.effectImmediately)  // the console default (seed); the API default is false
        #expect(IPsecConnection.defaultEffectImmediately)
        #expect(connection.autoConfigRoute)
        #expect(!connection.enableTunnelsBGP)
        #expect(validate(connection).isEmpty)  // one gateway may serve both tunnels
    }

    @Test func tunnelLookupByIndex() {
        let connection = ConfigFixtures.connection()
        #expect(connection.tunnel(index: 2)?.customerGatewayID == "cgw-2")
        #expect(connection.tunnel(index: 3) == nil)
        #expect(connection.effectivePSK(of: connection.tunnels[0]) == PreSharedKey.generate(seed: "vco-1/tunnel1"))
    }

    // MARK: Attributes

    @Test func emptyIDIsReported() {
        var connection = ConfigFixtures.connection()
        connection.id = ""
        #expect(validate(connection) == [ConfigIssueKey(.idMissing, "connections[0].id")])
    }

    @Test("name must be 1 to 100 characters", arguments: [0, 101])
    func nameLength(length: Int) {
        var connection = ConfigFixtures.connection()
        connection.name = String(repeating: "n", count: length)
        #expect(validate(connection) == [ConfigIssueKey(.nameLength, "connections[0].name")])
    }

    @Test func nameOf100CharactersIncludingChineseIsValid() {
        var connection = ConfigFixtures.connection()
        connection.name = String(repeating: "连", count: 100)
        #expect(validate(connection).isEmpty)
    }

    @Test("name must not start with http:// or https://", arguments: ["http://x", "https://x", "HTTP://X"])
    func nameMustNotStartWithHTTP(name: String) {
        var connection = ConfigFixtures.connection()
        connection.name = name
        let issues = connection.validate(at: root, gateways: gateways)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.nameInvalid, "connections[0].name")])
        #expect(issues.first?.value == name)
        if name == "http://x" {
            #expect(issues.first?.description
                == "connections[0].name: name_invalid: 'http://x' must not start with http:// or https://")
        }
    }

    @Test func nameMentioningHTTPLaterIsValid() {
        var connection = ConfigFixtures.connection()
        connection.name = "to-http://x"
        #expect(validate(connection).isEmpty)
    }

    @Test("region ID must be lowercase letters, digits and '-'", arguments: [
        "", "CN-Hangzhou", "cn hangzhou", "cn_hangzhou",
    ])
    func regionInvalid(region: String) {
        var connection = ConfigFixtures.connection()
        connection.region = region
        #expect(validate(connection) == [ConfigIssueKey(.regionInvalid, "connections[0].region_id")])
    }

    @Test("resource group ID must not be empty or contain spaces", arguments: ["", "rg 1"])
    func resourceGroupInvalid(group: String) {
        var connection = ConfigFixtures.connection()
        connection.resourceGroup = group
        #expect(validate(connection) == [ConfigIssueKey(.resourceGroupInvalid, "connections[0].resource_group_id")])
        connection.resourceGroup = "rg-acfm2abc"
        #expect(validate(connection).isEmpty)
    }

    // MARK: CEN attachment

    @Test func currentAccountNeedsACENID() {
        var connection = ConfigFixtures.connection()
        connection.attachTo = .currentAccount(cenID: " ")
        #expect(validate(connection) == [ConfigIssueKey(.cenIDMissing, "connections[0].attach_cen.cen_id")])
        #expect(CENAttachmentSpec.currentAccount(cenID: "cen-1").attachesAtCreation)
    }

    @Test("another account needs a numeric account ID", arguments: ["", "acct-1", "12 34"])
    func otherAccountNeedsANumericAccountID(account: String) {
        var connection = ConfigFixtures.connection()
        connection.attachTo = .otherAccount(accountID: account, cenID: nil)
        #expect(validate(connection) == [ConfigIssueKey(.accountIDInvalid, "connections[0].attach_cen.account_id")])
    }

    @Test func otherAccountWithNumericIDIsValidAndNotAttachedAtCreation() {
        var connection = ConfigFixtures.connection()
        connection.attachTo = .otherAccount(accountID: "1234567890123456", cenID: nil)
        #expect(validate(connection).isEmpty)
        #expect(!(connection.attachTo?.attachesAtCreation ?? true))
    }

    // MARK: Routing mode

    @Test func bothSubnetsAnyMeansDestinationRouting() {
        let any = ConfigFixtures.prefix("0.0.0.0/0")
        #expect(RoutingMode(localSubnets: [any], remoteSubnets: [any]) == .destinationRouting)
        #expect(RoutingMode.protectedDataFlows(local: [any], remote: [any]).normalized == .destinationRouting)
        #expect(RoutingMode.destinationRouting.localSubnets == [any])
        #expect(RoutingMode.destinationRouting.remoteSubnets == [any])
        #expect(RoutingMode.default == .destinationRouting)
        let flows = RoutingMode(localSubnets: [ConfigFixtures.prefix("10.0.0.0/16")], remoteSubnets: [any])
        #expect(flows == .protectedDataFlows(local: [ConfigFixtures.prefix("10.0.0.0/16")], remote: [any]))
        #expect(flows.normalized == flows)
    }

    @Test func multipleCIDRsNeedIKEv2() {
        var connection = ConfigFixtures.connection()
        connection.routingMode = .protectedDataFlows(
            local: [ConfigFixtures.prefix("10.0.0.0/16"), ConfigFixtures.prefix("10.1.0.0/16")],
            remote: [ConfigFixtures.prefix("192.168.0.0/24")])
        #expect(connection.routingMode.requiresIKEv2)
        #expect(validate(connection).isEmpty)  // both tunnels default to ikev2
        connection.tunnels[1].ike.version = .ikev1
        let issues = connection.validate(at: root, gateways: gateways)
        #expect(
            ConfigFixtures.keys(issues)
                == [ConfigIssueKey(.multipleCIDRsNeedIKEv2, tunnel(1, "tunnel_ike_config.ike_version"))])
        #expect(issues.first?.value == "ikev1")
        connection.tunnels[0].ike.version = .ikev1
        #expect(validate(connection) == [
            ConfigIssueKey(.multipleCIDRsNeedIKEv2, tunnel(0, "tunnel_ike_config.ike_version")),
            ConfigIssueKey(.multipleCIDRsNeedIKEv2, tunnel(1, "tunnel_ike_config.ike_version")),
        ])
    }

    @Test func singleCIDRsWorkWithIKEv1() {
        var connection = ConfigFixtures.connection()
        connection.routingMode = .protectedDataFlows(
            local: [ConfigFixtures.prefix("10.0.0.0/16")], remote: [ConfigFixtures.prefix("192.168.0.0/24")])
        connection.tunnels[0].ike.version = .ikev1
        connection.tunnels[1].ike.version = .ikev1
        #expect(!connection.routingMode.requiresIKEv2)
        #expect(validate(connection).isEmpty)
    }

    @Test func protectedDataFlowsNeedBothSides() {
        var connection = ConfigFixtures.connection()
        connection.routingMode = .protectedDataFlows(local: [], remote: [])
        #expect(validate(connection) == [
            ConfigIssueKey(.subnetListEmpty, "connections[0].local_subnet"),
            ConfigIssueKey(.subnetListEmpty, "connections[0].remote_subnet"),
        ])
    }

    @Test func duplicateSubnetIsAWarning() {
        var connection = ConfigFixtures.connection()
        let block = ConfigFixtures.prefix("192.168.0.0/24")
        connection.routingMode = .protectedDataFlows(local: [ConfigFixtures.prefix("10.0.0.0/16")], remote: [block,
            block])
        #expect(validate(connection) == [ConfigIssueKey(.subnetDuplicate, "connections[0].remote_subnet[1]", .warning)])
    }

    // MARK: Tunnels

    @Test("a dual-tunnel connection has exactly two tunnels", arguments: [0, 1, 3])
    func tunnelCount(count: Int) {
        var connection = ConfigFixtures.connection()
        connection.enableTunnelsBGP = false
        connection.tunnels = (0..<count).map { TunnelOptions(index: min($0 + 1, 2), customerGatewayID: "cgw-1") }
        let issues = connection.validate(at: root, gateways: gateways)
        #expect(issues.first.map { ConfigIssueKey($0.code, $0.field, $0.severity) }
            == ConfigIssueKey(.tunnelCount, "connections[0].tunnel_options_specification"))
        #expect(issues.first?.value == String(count))
    }

    @Test func tunnelIndexesMustDiffer() {
        var connection = ConfigFixtures.connection()
        connection.tunnels[1].index = 1
        #expect(validate(connection) == [ConfigIssueKey(.tunnelIndexDuplicate, tunnel(1, "tunnel_index"))])
    }

    @Test func tunnelIndexOutOfRangeIsReportedOnce() {
        var connection = ConfigFixtures.connection()
        connection.tunnels[1].index = 3
        #expect(validate(connection) == [ConfigIssueKey(.tunnelIndexInvalid, tunnel(1, "tunnel_index"))])
    }

    @Test func tunnelsInEitherOrderAreValid() {
        var connection = ConfigFixtures.connection()
        connection.tunnels.reverse()
        #expect(validate(connection).isEmpty)
    }

    @Test func customerGatewayMustExist() {
        var connection = ConfigFixtures.connection()
        connection.tunnels[0].customerGatewayID = "cgw-missing"
        let issues = connection.validate(at: root, gateways: gateways)
        #expect(
            ConfigFixtures.keys(issues) == [ConfigIssueKey(.customerGatewayUnknown, tunnel(0, "customer_gateway_id"))])
        #expect(issues.first?.value == "cgw-missing")
    }

    @Test func tunnelCIDRsMustDiffer() {
        var connection = ConfigFixtures.connection()
        connection.tunnels[1].bgp?.tunnelCIDR = ConfigFixtures.prefix("169.254.10.0/30")
        connection.tunnels[1].bgp?.localBGPIP = ConfigFixtures.ip("169.254.10.2")
        let issues = connection.validate(at: root, gateways: gateways)
        #expect(
            ConfigFixtures.keys(issues)
                == [ConfigIssueKey(.tunnelCIDRsEqual, tunnel(1, "tunnel_bgp_config.tunnel_cidr"))])
        #expect(issues.first?.value == "169.254.10.0/30")
    }

    // MARK: BGP

    @Test func bgpNeedsConfigOnBothTunnels() {
        var connection = ConfigFixtures.connection()
        connection.tunnels[1].bgp = nil
        #expect(validate(connection) == [ConfigIssueKey(.bgpConfigMissing, tunnel(1, "tunnel_bgp_config"))])
        connection.tunnels[0].bgp = nil
        #expect(validate(connection) == [
            ConfigIssueKey(.bgpConfigMissing, tunnel(0, "tunnel_bgp_config")),
            ConfigIssueKey(.bgpConfigMissing, tunnel(1, "tunnel_bgp_config")),
        ])
    }

    @Test func bgpConfigWithoutBGPIsAWarning() {
        var connection = ConfigFixtures.connection()
        connection.enableTunnelsBGP = false
        #expect(validate(connection) == [
            ConfigIssueKey(.bgpConfigUnused, tunnel(0, "tunnel_bgp_config"), .warning),
            ConfigIssueKey(.bgpConfigUnused, tunnel(1, "tunnel_bgp_config"), .warning),
        ])
        connection.tunnels[0].bgp = nil
        connection.tunnels[1].bgp = nil
        #expect(validate(connection).isEmpty)
    }

    @Test func bgpNeedsACustomerGatewayASN() {
        var noASN = gateways
        noASN["cgw-2"]?.asn = nil
        let connection = ConfigFixtures.connection()
        let issues = connection.validate(at: root, gateways: noASN)
        #expect(
            ConfigFixtures.keys(issues)
                == [ConfigIssueKey(.customerGatewayASNMissing, tunnel(1, "customer_gateway_id"))])
        #expect(issues.first?.value == "cgw-2")
        var off = connection
        off.enableTunnelsBGP = false
        off.tunnels[0].bgp = nil
        off.tunnels[1].bgp = nil
        #expect(validate(off, gateways: noASN).isEmpty)  // static routing needs no ASN
    }

    @Test func localASNMustBeEqualOnBothTunnels() {
        var connection = ConfigFixtures.connection()
        connection.tunnels[1].bgp?.localASN = 65100
        let issues = connection.validate(at: root, gateways: gateways)
        #expect(
            ConfigFixtures.keys(issues) == [ConfigIssueKey(.localASNDiffers, tunnel(1, "tunnel_bgp_config.local_asn"))])
        #expect(issues.first?.value == "65100")
    }

    @Test func customerGatewayASNMustDifferFromLocalASN() {
        var connection = ConfigFixtures.connection()
        connection.tunnels[0].bgp?.localASN = 65001
        connection.tunnels[1].bgp?.localASN = 65001
        #expect(validate(connection) == [
            ConfigIssueKey(.customerGatewayASNEqualsLocalASN, tunnel(0, "tunnel_bgp_config.local_asn")),
            ConfigIssueKey(.customerGatewayASNEqualsLocalASN, tunnel(1, "tunnel_bgp_config.local_asn")),
        ])
    }

    @Test func differentPeerASNsAreAWarning() {
        var other = gateways
        other["cgw-2"]?.asn = 65002
        #expect(validate(ConfigFixtures.connection(), gateways: other)
            == [ConfigIssueKey(.customerGatewayASNDiffers, tunnel(1, "customer_gateway_id"), .warning)])
    }

    @Test func everyProblemIsReported() {
        var connection = ConfigFixtures.connection()
        connection.name = "https://bad"
        connection.tunnels[0].customerGatewayID = "nope"
        connection.tunnels[0].ike.psk = "with space"
        connection.tunnels[1].bgp = TunnelBGPConfig(
            localASN: 64512, tunnelCIDR: ConfigFixtures.prefix("169.254.1.0/30"),
                localBGPIP: ConfigFixtures.ip("169.254.1.3"))
        connection.tunnels[1].ipsec.encryption = .tripleDES
        #expect(Set(validate(connection)) == [
            ConfigIssueKey(.nameInvalid, "connections[0].name"),
            ConfigIssueKey(.customerGatewayUnknown, tunnel(0, "customer_gateway_id")),
            ConfigIssueKey(.pskInvalidCharacter, tunnel(0, "tunnel_ike_config.psk")),
            ConfigIssueKey(.tunnelCIDRReserved, tunnel(1, "tunnel_bgp_config.tunnel_cidr")),
            ConfigIssueKey(.localBGPIPNotUsable, tunnel(1, "tunnel_bgp_config.local_bgp_ip")),
            ConfigIssueKey(.localASNDiffers, tunnel(1, "tunnel_bgp_config.local_asn")),
            ConfigIssueKey(.algorithmNotRecommended, tunnel(1, "tunnel_ipsec_config.ipsec_enc_alg"), .warning),
        ])
    }
}
