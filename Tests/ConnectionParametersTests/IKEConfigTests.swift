// Phase 1 and phase 2 settings: defaults, algorithm spellings and warnings, lifetimes, identities.

import ConnectionParameters
import NetworkPrimitives
import Testing

@Suite("IKEConfig and IPsecConfig")
struct IKEConfigTests {
    let field = "t.tunnel_ike_config"

    // MARK: Defaults

    @Test func ikeDefaultsAreTheDualTunnelDefaults() {
        let ike = IKEConfig()
        #expect(ike.version == .ikev2)
        #expect(ike.mode == .main)
        #expect(ike.encryption == .aes)
        #expect(ike.authentication == .sha1)
        #expect(ike.dhGroup == .group2)
        #expect(ike.lifetime == 86400)
        #expect(ike.localID == nil)
        #expect(ike.remoteID == nil)
        #expect(ike.psk == nil)
        #expect(ike.validate(at: field).isEmpty)
    }

    @Test func ipsecDefaultsAreTheVendorDefaults() {
        let ipsec = IPsecConfig()
        #expect(ipsec.encryption == .aes)
        #expect(ipsec.authentication == .sha1)
        #expect(ipsec.pfs == .group2)
        #expect(ipsec.pfs.isEnabled)
        #expect(!PFSGroup.disabled.isEnabled)
        #expect(ipsec.lifetime == 86400)
        #expect(ipsec.validate(at: "t.tunnel_ipsec_config").isEmpty)
    }

    @Test func enumDefaults() {
        #expect(IKEVersion.default == .ikev2)
        #expect(IKEMode.default == .main)
        #expect(EncryptionAlgorithm.default == .aes)
        #expect(AuthenticationAlgorithm.default == .sha1)
        #expect(DHGroup.default == .group2)
        #expect(PFSGroup.default == .group2)
        #expect(SALifetime.defaultSeconds == 86400)
        #expect(SALifetime.validRange == 0...86400)
    }

    @Test func rawValuesAreTheAPISpellings() {
        #expect(IKEVersion.allCases.map(\.rawValue) == ["ikev1", "ikev2"])
        #expect(IKEMode.allCases.map(\.rawValue) == ["main", "aggressive"])
        #expect(EncryptionAlgorithm.allCases.map(\.rawValue) == ["aes", "aes192", "aes256", "des", "3des"])
        #expect(AuthenticationAlgorithm.allCases.map(\.rawValue) == ["md5", "sha1", "sha256", "sha384", "sha512"])
        #expect(DHGroup.allCases.map(\.rawValue) == ["group1", "group2", "group5", "group14"])
        #expect(PFSGroup.allCases.map(\.rawValue) == ["disabled", "group1", "group2", "group5", "group14"])
        #expect(EncryptionAlgorithm.tripleDES.description == "3des")
    }

    @Test func descriptionsAreTheAPISpellings() {
        #expect(IKEVersion.ikev1.description == "ikev1")
        #expect(IKEMode.aggressive.description == "aggressive")
        #expect(AuthenticationAlgorithm.sha256.description == "sha256")
        #expect(DHGroup.group14.description == "group14")
        #expect(PFSGroup.disabled.description == "disabled")
        #expect(GatewayType.public.description == "public")
    }

    @Test func choicesParseInAnyCaseWithTheAES128Alias() {
        #expect(EncryptionAlgorithm(configText: "AES128") == .aes)
        #expect(EncryptionAlgorithm(configText: "3DES") == .tripleDES)
        #expect(EncryptionAlgorithm(configText: "aes-gcm") == nil)
        #expect(IKEVersion(configText: "IKEv2") == .ikev2)
        #expect(PFSGroup(configText: "Disabled") == .disabled)
        #expect(DHGroup(configText: "disabled") == nil)
        #expect(DHGroup.spellings == "group1|group2|group5|group14")
    }

    // MARK: Algorithm warnings

    @Test("des and 3des are not recommended in phase 1", arguments: [EncryptionAlgorithm.des, .tripleDES])
    func weakIKEEncryptionIsAWarning(algorithm: EncryptionAlgorithm) {
        let issues = IKEConfig(encryption: algorithm).validate(at: field)
        #expect(
            ConfigFixtures.keys(issues) == [ConfigIssueKey(.algorithmNotRecommended, "\(field).ike_enc_alg", .warning)])
        #expect(issues.first?.value == algorithm.rawValue)
    }

    @Test func md5IsNotRecommendedInPhase1() {
        let issues = IKEConfig(authentication: .md5).validate(at: field)
        #expect(
            ConfigFixtures.keys(issues)
                == [ConfigIssueKey(.algorithmNotRecommended, "\(field).ike_auth_alg", .warning)])
    }

    @Test("des and 3des are not recommended in phase 2", arguments: [EncryptionAlgorithm.des, .tripleDES])
    func weakIPsecEncryptionIsAWarning(algorithm: EncryptionAlgorithm) {
        let issues = IPsecConfig(encryption: algorithm).validate(at: "p")
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.algorithmNotRecommended, "p.ipsec_enc_alg", .warning)])
    }

    @Test func md5IsNotRecommendedInPhase2() {
        let issues = IPsecConfig(authentication: .md5).validate(at: "p")
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.algorithmNotRecommended, "p.ipsec_auth_alg", .warning)])
    }

    @Test("recommended algorithms give no issue", arguments: [EncryptionAlgorithm.aes, .aes192, .aes256])
    func aesVariantsAreRecommended(algorithm: EncryptionAlgorithm) {
        #expect(IKEConfig(encryption: algorithm).validate(at: field).isEmpty)
        #expect(IPsecConfig(encryption: algorithm).validate(at: "p").isEmpty)
    }

    @Test func shaVariantsAreRecommended() {
        for algorithm in AuthenticationAlgorithm.allCases where algorithm != .md5 {
            #expect(algorithm.isRecommended)
            #expect(IKEConfig(authentication: algorithm).validate(at: field).isEmpty)
            #expect(IPsecConfig(authentication: algorithm).validate(at: "p").isEmpty)
        }
    }

    // MARK: Lifetimes

    @Test("IKE lifetime must be 0 to 86400", arguments: [-1, 86401, Int.max])
    func ikeLifetimeOutOfRange(seconds: Int) {
        let issues = IKEConfig(lifetime: seconds).validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.lifetimeOutOfRange, "\(field).ike_lifetime")])
        #expect(issues.first?.value == String(seconds))
    }

    @Test("IPsec lifetime must be 0 to 86400", arguments: [-1, 86401])
    func ipsecLifetimeOutOfRange(seconds: Int) {
        let issues = IPsecConfig(lifetime: seconds).validate(at: "p")
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.lifetimeOutOfRange, "p.ipsec_lifetime")])
    }

    @Test("lifetime range ends are valid", arguments: [0, 1, 86400])
    func lifetimeRangeEndsAreValid(seconds: Int) {
        #expect(IKEConfig(lifetime: seconds).validate(at: field).isEmpty)
        #expect(IPsecConfig(lifetime: seconds).validate(at: "p").isEmpty)
    }

    // MARK: LocalId / RemoteId

    @Test func identifierDefaultsAreTheTunnelAndGatewayAddresses() {
        let ike = IKEConfig()
        let gateway = CustomerGateway(id: "cgw", ipAddress: ConfigFixtures.ip("203.0.113.10"))
        #expect(ike.effectiveLocalID(tunnelAddress: ConfigFixtures.ip("47.1.2.3")) == "47.1.2.3")
        #expect(ike.effectiveRemoteID(gateway: gateway) == "203.0.113.10")
        let set = IKEConfig(localID: "cloud.example.com", remoteID: "10.0.0.1")
        #expect(set.effectiveLocalID(tunnelAddress: ConfigFixtures.ip("47.1.2.3")) == "cloud.example.com")
        #expect(set.effectiveRemoteID(gateway: gateway) == "10.0.0.1")
    }

    @Test("identifiers must not contain spaces", arguments: ["a b.example.com", " 10.0.0.1", "x\ty", "a\u{3000}b"])
    func identifierHasSpace(identifier: String) {
        let local = IKEConfig(localID: identifier).validate(at: field)
        #expect(ConfigFixtures.keys(local) == [ConfigIssueKey(.identifierHasSpace, "\(field).local_id")])
        let remote = IKEConfig(remoteID: identifier).validate(at: field)
        #expect(ConfigFixtures.keys(remote) == [ConfigIssueKey(.identifierHasSpace, "\(field).remote_id")])
        #expect(remote.first?.value == identifier)
    }

    @Test func identifierLengthIs1To100() {
        let label = String(repeating: "a", count: 60)
        let long = label + "." + label  // 121 characters
        #expect(ConfigFixtures.keys(IKEConfig(localID: long).validate(at: field))
            == [ConfigIssueKey(.identifierLength, "\(field).local_id")])
        #expect(ConfigFixtures.keys(IKEConfig(remoteID: "").validate(at: field))
            == [ConfigIssueKey(.identifierLength, "\(field).remote_id")])
        let hundred = String(repeating: "a", count: 49) + "." + String(repeating: "b", count: 50)
        #expect(hundred.count == 100)
        #expect(IKEConfig(localID: hundred).validate(at: field).isEmpty)
    }

    @Test("identifiers must be an IPv4 address or an FQDN", arguments: [
        "user@example.com", "-bad.example.com", "bad-.example.com", "a..b", "10.0.0.256", "12345", "中文.com", "a/b",
    ])
    func identifierInvalid(identifier: String) {
        let issues = IKEConfig(remoteID: identifier).validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.identifierInvalid, "\(field).remote_id")])
    }

    @Test("IP and FQDN identifiers are valid", arguments: [
        "10.0.0.1", "47.100.1.2", "example.aliyun.com", "vpn", "VPN-1.Example.COM", "a_b.example.com",
        "host.example.com.",
    ])
    func identifierValid(identifier: String) {
        #expect(IKEConfig(localID: identifier).validate(at: field).isEmpty)
    }

    @Test func fqdnIdentifierWithIKEv1MainModeIsAWarning() {
        let issues = IKEConfig(version: .ikev1, mode: .main, localID: "example.aliyun.com").validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.identifierFQDNMainMode, "\(field).local_id", .warning)])
        #expect(IKEConfig(version: .ikev1, mode: .aggressive,
            localID: "example.aliyun.com").validate(at: field).isEmpty)
        #expect(IKEConfig(version: .ikev2, mode: .main, localID: "example.aliyun.com").validate(at: field).isEmpty)
        #expect(IKEConfig(version: .ikev1, mode: .main, localID: "10.0.0.1").validate(at: field).isEmpty)
    }

    @Test func identifierKinds() {
        #expect(IKEIdentifier.kind(of: "10.0.0.1") == .address(ConfigFixtures.ip("10.0.0.1")))
        #expect(IKEIdentifier.kind(of: "example.com") == .fqdn)
        #expect(IKEIdentifier.kind(of: "1.2.3") == .invalid)
    }

    @Test func everyIKEProblemIsReported() {
        let ike = IKEConfig(
            encryption: .des, authentication: .md5, lifetime: -5, localID: "a b", remoteID: "x@y", psk: "")
        #expect(ConfigFixtures.keys(ike.validate(at: "k")) == [
            ConfigIssueKey(.algorithmNotRecommended, "k.ike_enc_alg", .warning),
            ConfigIssueKey(.algorithmNotRecommended, "k.ike_auth_alg", .warning),
            ConfigIssueKey(.lifetimeOutOfRange, "k.ike_lifetime"),
            ConfigIssueKey(.identifierHasSpace, "k.local_id"),
            ConfigIssueKey(.identifierInvalid, "k.remote_id"),
            ConfigIssueKey(.pskLength, "k.psk"),
        ])
    }
}
