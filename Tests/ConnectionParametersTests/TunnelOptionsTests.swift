// One tunnel: defaults, role, DPD, and the BGP settings (tunnel CIDR, local and peer BGP IP, local ASN).

import ConnectionParameters
import NetworkPrimitives
import Testing

@Suite("TunnelOptions and TunnelBGPConfig")
struct TunnelOptionsTests {
    let field = "t"

    func bgp(_ cidr: String, local: String, asn: ASNumber = 45104) -> TunnelBGPConfig {
        TunnelBGPConfig(localASN: asn, tunnelCIDR: ConfigFixtures.prefix(cidr), localBGPIP: ConfigFixtures.ip(local))
    }

    // MARK: Defaults

    @Test func tunnelDefaults() {
        let tunnel = TunnelOptions(index: 1, customerGatewayID: "cgw-1")
        #expect(tunnel.bgp == nil)
        #expect(tunnel.ike == IKEConfig())
        #expect(tunnel.ipsec == IPsecConfig())
        #expect(tunnel.dpdEnabled)
        #expect(tunnel.dpdTimeoutSeconds == 30)
        #expect(TunnelOptions.defaultDPDTimeoutSeconds == 30)
        #expect(tunnel.natTraversal)
        #expect(tunnel.status == .normal)
        #expect(tunnel.gatewayAddress == nil)
        #expect(tunnel.validate(at: field).isEmpty)
    }

    @Test func roleIsMasterForTunnel1AndSlaveForTunnel2() {
        #expect(TunnelOptions(index: 1, customerGatewayID: "c").role == .master)
        #expect(TunnelOptions(index: 2, customerGatewayID: "c").role == .slave)
        #expect(TunnelRole.master.rawValue == "master")
        #expect(TunnelRole.slave.description == "slave")
    }

    @Test func statusSpellings() {
        #expect(TunnelStatus.allCases.map(\.rawValue) == ["active", "updating", "deleting"])
        #expect(TunnelStatus.allCases.map(\.consoleLabel) == ["Normal", "Updating", "Deleting"])
        #expect(TunnelStatus.normal.description == "active")
    }

    @Test func bgpDefaultLocalASNIs45104() {
        let config = TunnelBGPConfig(tunnelCIDR: ConfigFixtures.prefix("169.254.10.0/30"),
            localBGPIP: ConfigFixtures.ip("169.254.10.1"))
        #expect(config.localASN.rawValue == 45104)
        #expect(TunnelBGPConfig.defaultLocalASN.rawValue == 45104)
        #expect(config.validate(at: field).isEmpty)
    }

    // MARK: tunnel_index and DPD

    @Test("tunnel index must be 1 or 2", arguments: [0, 3, -1])
    func tunnelIndexMustBe1Or2(index: Int) {
        let issues = TunnelOptions(index: index, customerGatewayID: "c").validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.tunnelIndexInvalid, "t.tunnel_index")])
        #expect(issues.first?.value == String(index))
    }

    @Test("DPD timeout must be 1 to 3600 seconds", arguments: [0, -30, 3601])
    func dpdTimeoutOutOfRange(seconds: Int) {
        let issues = TunnelOptions(index: 1, customerGatewayID: "c", dpdTimeoutSeconds: seconds).validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.dpdTimeoutOutOfRange, "t.dpd_timeout")])
    }

    @Test("DPD timeout edges are valid", arguments: [1, 130, 3600])
    func dpdTimeoutEdgesAreValid(seconds: Int) {
        #expect(TunnelOptions(index: 2, customerGatewayID: "c", dpdTimeoutSeconds: seconds).validate(at: field).isEmpty)
    }

    @Test func nestedFieldsUseTheAPINames() {
        let tunnel = TunnelOptions(
            index: 1, customerGatewayID: "c", bgp: bgp("169.254.10.0/29", local: "169.254.10.1"),
            ike: IKEConfig(psk: "bad key"), ipsec: IPsecConfig(lifetime: 90000))
        #expect(ConfigFixtures.keys(tunnel.validate(at: "x[1]")) == [
            ConfigIssueKey(.tunnelCIDRNotSlash30, "x[1].tunnel_bgp_config.tunnel_cidr"),
            ConfigIssueKey(.pskInvalidCharacter, "x[1].tunnel_ike_config.psk"),
            ConfigIssueKey(.lifetimeOutOfRange, "x[1].tunnel_ipsec_config.ipsec_lifetime"),
        ])
    }

    // MARK: Tunnel CIDR

    @Test("tunnel CIDR must be a /30", arguments: [
        "169.254.10.0/29", "169.254.10.0/31", "169.254.10.0/24", "169.254.10.1/32",
    ])
    func tunnelCIDRMustBeSlash30(cidr: String) {
        let issues = bgp(cidr, local: "169.254.10.1").validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.tunnelCIDRNotSlash30, "t.tunnel_cidr")])
        #expect(issues.first?.value == cidr)
    }

    @Test("tunnel CIDR must be inside 169.254.0.0/16", arguments: [
        "10.0.0.0/30", "169.255.0.0/30", "169.253.255.252/30",
    ])
    func tunnelCIDRMustBeLinkLocal(cidr: String) {
        let block = ConfigFixtures.prefix(cidr)
        let local = IPv4Address(rawValue: block.address.rawValue + 1)
        let issues = TunnelBGPConfig(tunnelCIDR: block, localBGPIP: local).validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.tunnelCIDROutsideLinkLocal, "t.tunnel_cidr")])
    }

    @Test func tunnelCIDRWiderThanLinkLocalBreaksBothRules() {
        let issues = bgp("169.0.0.0/8", local: "169.254.10.1").validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [
            ConfigIssueKey(.tunnelCIDRNotSlash30, "t.tunnel_cidr"),
            ConfigIssueKey(.tunnelCIDROutsideLinkLocal, "t.tunnel_cidr"),
        ])
    }

    @Test("reserved tunnel CIDRs are refused", arguments: [
        "169.254.0.0/30", "169.254.1.0/30", "169.254.2.0/30", "169.254.3.0/30", "169.254.4.0/30",
        "169.254.5.0/30", "169.254.6.0/30", "169.254.169.252/30",
    ])
    func tunnelCIDRMustNotBeReserved(cidr: String) {
        let block = ConfigFixtures.prefix(cidr)
        let issues = TunnelBGPConfig(tunnelCIDR: block, localBGPIP: IPv4Address(rawValue: block.address.rawValue + 1))
            .validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.tunnelCIDRReserved, "t.tunnel_cidr")])
        #expect(TunnelBGPConfig.reservedCIDRs.contains(block))
    }

    @Test("neighbours of reserved tunnel CIDRs are valid", arguments: [
        "169.254.0.4/30", "169.254.6.4/30", "169.254.7.0/30", "169.254.169.248/30", "169.254.255.252/30",
    ])
    func tunnelCIDRNextToReservedIsValid(cidr: String) {
        let block = ConfigFixtures.prefix(cidr)
        #expect(TunnelBGPConfig(tunnelCIDR: block, localBGPIP: IPv4Address(rawValue: block.address.rawValue + 2))
            .validate(at: field).isEmpty)
    }

    // MARK: Local and peer BGP IP

    @Test func localBGPIPMustBeInsideTheCIDR() {
        let issues = bgp("169.254.10.0/30", local: "169.254.10.5").validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.localBGPIPOutsideCIDR, "t.local_bgp_ip")])
        #expect(issues.first?.value == "169.254.10.5")
    }

    @Test("local BGP IP must not be the network or broadcast address", arguments: ["169.254.10.0", "169.254.10.3"])
    func localBGPIPMustBeUsable(address: String) {
        let issues = bgp("169.254.10.0/30", local: address).validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.localBGPIPNotUsable, "t.local_bgp_ip")])
    }

    @Test func peerBGPIPIsTheOtherUsableAddress() {
        #expect(bgp("169.254.10.0/30", local: "169.254.10.1").peerBGPIP == ConfigFixtures.ip("169.254.10.2"))
        #expect(bgp("169.254.10.0/30", local: "169.254.10.2").peerBGPIP == ConfigFixtures.ip("169.254.10.1"))
        #expect(bgp("169.254.10.4/30", local: "169.254.10.6").peerBGPIP == ConfigFixtures.ip("169.254.10.5"))
        #expect(bgp("169.254.10.0/30", local: "169.254.10.1").validate(at: field).isEmpty)
        #expect(bgp("169.254.10.0/30", local: "169.254.10.2").validate(at: field).isEmpty)
    }

    // MARK: Local ASN

    @Test func localASNZeroIsOutOfRange() {
        let issues = bgp("169.254.10.0/30", local: "169.254.10.1", asn: ASNumber(rawValue: 0)).validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.asnOutOfRange, "t.local_asn")])
    }

    @Test("a public local ASN other than 45104 is a warning", arguments: [UInt32(100), 13335, 4_199_999_999])
    func localASNShouldBePrivate(asn: UInt32) {
        let issues = bgp("169.254.10.0/30", local: "169.254.10.1", asn: ASNumber(rawValue: asn)).validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.asnNotPrivate, "t.local_asn", .warning)])
    }

    @Test("private local ASNs and 45104 are fine", arguments: [
        UInt32(45104), 64512, 65534, 4_200_000_000, 4_294_967_294,
    ])
    func privateLocalASNIsValid(asn: UInt32) {
        #expect(bgp("169.254.10.0/30", local: "169.254.10.1", asn: ASNumber(rawValue: asn)).validate(at: field).isEmpty)
    }

    @Test func specialPurposeLocalASNIsOnlyThatWarning() {
        let issues = bgp("169.254.10.0/30", local: "169.254.10.1", asn: 23456).validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.asnSpecialPurpose, "t.local_asn", .warning)])
    }

    @Test func asdotLocalASN() throws {
        let asn = try ASNumber(parsing: "64086.59904")
        #expect(asn.rawValue == 4_200_000_000)
        #expect(bgp("169.254.10.0/30", local: "169.254.10.1", asn: asn).validate(at: field).isEmpty)
    }
}
