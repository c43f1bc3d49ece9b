// Customer gateway rules: reserved IP blocks, ASN range and 45104, BGP authentication key.

import ConnectionParameters
import NetworkPrimitives
import Testing

@Suite("CustomerGateway")
struct CustomerGatewayTests {
    let field = "customer_gateways[0]"

    func gateway(ip: String = "203.0.113.10", asn: ASNumber? = 65001, key: String? = nil) -> CustomerGateway {
        CustomerGateway(id: "cgw-1", ipAddress: ConfigFixtures.ip(ip), asn: asn, bgpAuthKey: key)
    }

    @Test func defaultsHaveNoASNAndNoKey() {
        let plain = CustomerGateway(id: "cgw-1", ipAddress: ConfigFixtures.ip("203.0.113.10"))
        #expect(plain.asn == nil)
        #expect(plain.bgpAuthKey == nil)
        #expect(plain.validate(at: field).isEmpty)
    }

    @Test func validGatewayHasNoIssues() {
        #expect(gateway(key: "Abc-123_!~").validate(at: field).isEmpty)
    }

    @Test("customer gateway IP must not be in a reserved block", arguments: [
        "0.0.0.0", "0.255.255.255", "100.64.0.0", "100.127.255.255", "127.0.0.1", "169.254.1.1",
        "224.0.0.1", "239.255.255.255", "240.0.0.1", "255.255.255.255",
    ])
    func customerGatewayIPMustNotBeReserved(ip: String) {
        let issues = gateway(ip: ip).validate(at: field)
        #expect(
            ConfigFixtures.keys(issues)
                == [ConfigIssueKey(.customerGatewayIPReserved, "customer_gateways[0].ip_address")])
        #expect(issues.first?.value == ip)
    }

    @Test("customer gateway IP next to a reserved block is fine", arguments: [
        "1.0.0.1", "100.63.255.255", "100.128.0.0", "126.255.255.255", "128.0.0.1", "169.253.255.255",
        "169.255.0.1", "223.255.255.255", "10.0.0.1", "192.168.1.1",
    ])
    func customerGatewayIPOutsideReservedBlocksIsValid(ip: String) {
        #expect(gateway(ip: ip).validate(at: field).isEmpty)
    }

    @Test func asnZeroIsOutOfRange() {
        let issues = gateway(asn: ASNumber(rawValue: 0)).validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.asnOutOfRange, "customer_gateways[0].asn")])
        #expect(issues.first?.value == "0")
    }

    @Test func asnRangeEndsAreValid() {
        #expect(gateway(asn: 1).validate(at: field).isEmpty)
        #expect(gateway(asn: 4_200_000_000).validate(at: field).isEmpty)
    }

    @Test func asn45104IsReservedForCustomerGateways() {
        let issues = gateway(asn: 45104).validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.asnReserved45104, "customer_gateways[0].asn")])
        #expect(issues.first?.value == "45104")
    }

    @Test("special-purpose ASNs are a warning", arguments: [UInt32(23456), 65535, 4_294_967_295, 64496, 65551])
    func specialPurposeASNIsAWarning(asn: UInt32) {
        let issues = gateway(asn: ASNumber(rawValue: asn)).validate(at: field)
        #expect(
            ConfigFixtures.keys(issues) == [ConfigIssueKey(.asnSpecialPurpose, "customer_gateways[0].asn", .warning)])
    }

    @Test func asdotASNIsAccepted() throws {
        let asn = try ASNumber(parsing: "1.10")
        #expect(asn.rawValue == 65546)
        #expect(asn.asdot == "1.10")
        // 65546 is an RFC 5398 documentation ASN, so it is accepted with a warning.
        #expect(ConfigFixtures.keys(gateway(asn: asn).validate(at: field))
            == [ConfigIssueKey(.asnSpecialPurpose, "customer_gateways[0].asn", .warning)])
        let seedExample = try ASNumber(parsing: "123.456")  // seed (Japanese copy): 123 × 65536 + 456
        #expect(seedExample.rawValue == 8_061_384)
        #expect(gateway(asn: seedExample).validate(at: field).isEmpty)
    }

    @Test func emptyIDIsReported() {
        let issues = CustomerGateway(id: "", ipAddress: ConfigFixtures.ip("203.0.113.1")).validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.idMissing, "customer_gateways[0].id")])
    }

    @Test("auth key must be 1 to 64 characters", arguments: [0, 65, 100])
    func authKeyLength(length: Int) {
        let issues = gateway(key: String(repeating: "k", count: length)).validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.authKeyLength, "customer_gateways[0].auth_key")])
    }

    @Test("auth key length edges are valid", arguments: [1, 64])
    func authKeyLengthEdgesAreValid(length: Int) {
        #expect(gateway(key: String(repeating: "k", count: length)).validate(at: field).isEmpty)
    }

    @Test("auth key refuses spaces, '?', Chinese and control characters", arguments: [
        "has space", "what?", "密钥abc", "tab\there", "é", "\u{7F}x",
    ])
    func authKeyInvalidCharacters(key: String) {
        let issues = gateway(key: key).validate(at: field)
        #expect(ConfigFixtures.keys(issues) == [ConfigIssueKey(.authKeyInvalid, "customer_gateways[0].auth_key")])
        #expect(issues.first?.value == key)
    }

    @Test func authKeyAcceptsOtherPrintableASCII() {
        #expect(gateway(key: "!\"#$%&'()*+,-./:;<=>@[\\]^_`{|}~09AZaz").validate(at: field).isEmpty)
    }

    @Test func everyProblemIsReported() {
        let bad = CustomerGateway(id: "", ipAddress: ConfigFixtures.ip("127.0.0.1"), asn: 45104, bgpAuthKey: "")
        #expect(Set(ConfigFixtures.keys(bad.validate(at: ""))) == [
            ConfigIssueKey(.idMissing, "id"), ConfigIssueKey(.customerGatewayIPReserved, "ip_address"),
            ConfigIssueKey(.asnReserved45104, "asn"), ConfigIssueKey(.authKeyLength, "auth_key"),
        ])
    }
}
