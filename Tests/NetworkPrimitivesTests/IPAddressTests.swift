import NetworkPrimitives
import Testing

@Suite("IPAddress")
struct IPAddressTests {
    @Test func choosesFamilyByColon() throws {
        #expect(try IPAddress(parsing: "192.0.2.1") == .v4(IPv4Address(192, 0, 2, 1)))
        #expect(try IPAddress(parsing: "2001:db8::1") == .v6(IPv6Address(high: 0x2001_0DB8_0000_0000, low: 1)))
        #expect(try IPAddress(parsing: "::ffff:192.0.2.1") == .v6(IPv6Address(high: 0, low: 0xFFFF_C000_0201)))
        #expect(IPAddress("not an address") == nil)
    }

    @Test(arguments: [
        ("", AddressParseError.Code.empty),
        ("1.2.3", .wrongPartCount),
        ("1:2", .wrongPartCount),
        ("fe80::1%eth0", .zoneIdentifier),
        ("abc", .invalidCharacter),
    ])
    func refusesBadText(text: String, code: AddressParseError.Code) {
        let error = #expect(throws: AddressParseError.self) { try IPAddress(parsing: text) }
        #expect(error?.code == code)
    }

    @Test func describesCanonically() throws {
        #expect(try IPAddress(parsing: "10.0.0.1").description == "10.0.0.1")
        #expect(try IPAddress(parsing: "2001:0DB8:0:0:0:0:0:1").description == "2001:db8::1")
    }

    @Test func ordersIPv4BeforeIPv6() throws {
        let texts = ["::", "255.255.255.255", "2001:db8::1", "0.0.0.0", "::1", "10.0.0.1"]
        let sorted = try texts.map { text throws(AddressParseError) in try IPAddress(parsing: text) }.sorted()
        #expect(sorted.map(\.description) == ["0.0.0.0", "10.0.0.1", "255.255.255.255", "::", "::1", "2001:db8::1"])
        #expect(IPAddress.v4(IPv4Address(rawValue: .max)) < IPAddress.v6(.any))
        #expect(!(IPAddress.v6(.any) < IPAddress.v4(.any)))
    }

    @Test func hashesByValue() throws {
        let set: Set<IPAddress> = [
            try IPAddress(parsing: "10.0.0.1"), try IPAddress(parsing: "10.0.0.1"),
            try IPAddress(parsing: "::a00:1"), try IPAddress(parsing: "0::A00:0001"),
        ]
        #expect(set.count == 2)
    }
}
