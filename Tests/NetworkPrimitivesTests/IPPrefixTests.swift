import NetworkPrimitives
import Testing

@Suite("IPv4Prefix, IPv6Prefix and IPPrefix")
struct IPPrefixTests {
    // MARK: Parsing and formatting

    @Test(arguments: [
        ("0.0.0.0/0", "0.0.0.0", 0),
        ("10.0.0.0/8", "10.0.0.0", 8),
        ("192.0.2.0/24", "192.0.2.0", 24),
        ("192.0.2.1/32", "192.0.2.1", 32),
        ("100.64.0.0/10", "100.64.0.0", 10),
        ("255.255.255.254/31", "255.255.255.254", 31),
    ])
    func parsesIPv4(text: String, address: String, length: Int) throws {
        let prefix = try IPv4Prefix(parsing: text)
        #expect(prefix.address == IPv4Address(address))
        #expect(Int(prefix.length) == length)
        #expect(prefix.description == text)
        #expect(IPv4Prefix(text) == prefix)
        #expect(try IPPrefix(parsing: text) == .v4(prefix))
    }

    @Test(arguments: [
        ("::/0", "::/0"),
        ("2001:db8::/32", "2001:db8::/32"),
        ("2001:DB8:0:0::/64", "2001:db8::/64"),
        ("2001:db8::1/128", "2001:db8::1/128"),
        ("fe80::/10", "fe80::/10"),
        ("::ffff:0.0.0.0/96", "::ffff:0.0.0.0/96"),
        ("64:ff9b::/96", "64:ff9b::/96"),
        ("2001:db8:1:2:3:4:5:6/128", "2001:db8:1:2:3:4:5:6/128"),
    ])
    func parsesIPv6(text: String, canonical: String) throws {
        let prefix = try IPv6Prefix(parsing: text)
        #expect(prefix.description == canonical)
        #expect(try IPv6Prefix(parsing: canonical) == prefix)
        #expect(try IPPrefix(parsing: text) == .v6(prefix))
        #expect(IPPrefix(text)?.description == canonical)
    }

    @Test(arguments: [
        ("", AddressParseError.Code.empty),
        ("10.0.0.0", .missingLength),
        ("10.0.0.0/", .invalidLength),
        ("10.0.0.0/+8", .invalidLength),
        ("10.0.0.0/-1", .invalidLength),
        ("10.0.0.0/ 8", .invalidLength),
        ("10.0.0.0/8 ", .invalidLength),
        ("10.0.0.0/8/8", .invalidLength),
        ("10.0.0.0/0x8", .invalidLength),
        ("10.0.0.0/08", .leadingZero),
        ("0.0.0.0/00", .leadingZero),
        ("10.0.0.0/33", .lengthOutOfRange),
        ("10.0.0.0/99999999999999999999999", .lengthOutOfRange),
        ("10.0.0.1/8", .hostBitsSet),
        ("192.0.2.1/31", .hostBitsSet),
        ("0.0.0.1/0", .hostBitsSet),
        ("/8", .emptyPart),
        ("10.0.0/8", .wrongPartCount),
        ("10.0.0.256/32", .octetOutOfRange),
        ("010.0.0.0/8", .leadingZero),
        (" 10.0.0.0/8", .invalidCharacter),
    ])
    func refusesBadIPv4(text: String, code: AddressParseError.Code) {
        let error = #expect(throws: AddressParseError.self) { try IPv4Prefix(parsing: text) }
        #expect(error?.code == code)
        #expect(error?.input == text)
        #expect(IPv4Prefix(text) == nil)
        let either = #expect(throws: AddressParseError.self) { try IPPrefix(parsing: text) }
        #expect(either?.code == code)
    }

    @Test(arguments: [
        ("", AddressParseError.Code.empty),
        ("2001:db8::", .missingLength),
        ("2001:db8::/", .invalidLength),
        ("2001:db8::/x", .invalidLength),
        ("2001:db8::/032", .leadingZero),
        ("2001:db8::/129", .lengthOutOfRange),
        ("2001:db8::1/64", .hostBitsSet),
        ("::1/127", .hostBitsSet),
        ("fe80::1%eth0/64", .zoneIdentifier),
        ("2001:db8:::/48", .emptyPart),
        ("1::2::/64", .multipleCompressions),
        ("2001:db8:12345::/48", .groupTooLong),
    ])
    func refusesBadIPv6(text: String, code: AddressParseError.Code) {
        let error = #expect(throws: AddressParseError.self) { try IPv6Prefix(parsing: text) }
        #expect(error?.code == code)
        #expect(IPv6Prefix(text) == nil)
    }

    @Test func hostBitsReasonNamesNetwork() {
        let error = #expect(throws: AddressParseError.self) { try IPv4Prefix(parsing: "10.1.2.3/8") }
        #expect(error?.reason == "'10.1.2.3/8' has host bits set past /8; the network is 10.0.0.0/8")
    }

    @Test func masksHostBitsWhenAsked() throws {
        #expect(try IPv4Prefix(parsing: "10.1.2.3/8", maskingHostBits: true).description == "10.0.0.0/8")
        #expect(try IPv4Prefix(parsing: "192.0.2.255/0", maskingHostBits: true).description == "0.0.0.0/0")
        #expect(try IPv4Prefix(parsing: "192.0.2.255/32", maskingHostBits: true).description == "192.0.2.255/32")
        #expect(try IPv6Prefix(parsing: "2001:db8::1/32", maskingHostBits: true).description == "2001:db8::/32")
        #expect(
            try IPv6Prefix(parsing: "2001:db8:ffff:ffff::/33", maskingHostBits: true).description
                == "2001:db8:8000::/33")
        #expect(try IPPrefix(parsing: "2001:db8::1/64", maskingHostBits: true).description == "2001:db8::/64")
        #expect(try IPPrefix(parsing: "10.0.0.1/24", maskingHostBits: true).description == "10.0.0.0/24")
        // Masking does not excuse other errors.
        let error = #expect(throws: AddressParseError.self) {
            try IPv4Prefix(parsing: "10.0.0.1/33", maskingHostBits: true)
        }
        #expect(error?.code == .lengthOutOfRange)
    }

    // MARK: Containment

    @Test(arguments: [
        ("10.0.0.0/8", "10.0.0.0", true),
        ("10.0.0.0/8", "10.255.255.255", true),
        ("10.0.0.0/8", "11.0.0.0", false),
        ("10.0.0.0/8", "9.255.255.255", false),
        ("0.0.0.0/0", "255.255.255.255", true),
        ("192.0.2.1/32", "192.0.2.1", true),
        ("192.0.2.1/32", "192.0.2.2", false),
        ("192.0.2.128/25", "192.0.2.127", false),
        ("192.0.2.128/25", "192.0.2.200", true),
        ("2001:db8::/32", "2001:db8:ffff::1", true),
        ("2001:db8::/32", "2001:db9::", false),
        ("::/0", "ffff::", true),
        ("::/0", "0.0.0.0", false),
        ("0.0.0.0/0", "::", false),
        ("::ffff:0.0.0.0/96", "192.0.2.1", false),
        ("::ffff:0.0.0.0/96", "::ffff:192.0.2.1", true),
        ("2001:db8::1/128", "2001:db8::1", true),
        ("2001:db8::1/128", "2001:db8::", false),
        ("2001:db8::/65", "2001:db8::7fff:ffff:ffff:ffff", true),
        ("2001:db8::/65", "2001:db8::8000:0:0:0", false),
    ])
    func containsAddress(prefix: String, address: String, expected: Bool) throws {
        let prefix = try IPPrefix(parsing: prefix)
        let address = try IPAddress(parsing: address)
        #expect(prefix.contains(address) == expected)
        switch (prefix, address) {
        case let (.v4(prefix), .v4(address)): #expect(prefix.contains(address) == expected)
        case let (.v6(prefix), .v6(address)): #expect(prefix.contains(address) == expected)
        default: #expect(!expected)
        }
    }

    /// (outer, inner, outer contains inner, inner contains outer, overlaps)
    @Test(arguments: [
        ("10.0.0.0/8", "10.1.0.0/16", true, false, true),
        ("10.0.0.0/8", "10.0.0.0/8", true, true, true),
        ("10.0.0.0/8", "10.0.0.0/32", true, false, true),
        ("10.0.0.0/8", "11.0.0.0/8", false, false, false),
        ("10.0.0.0/8", "0.0.0.0/0", false, true, true),
        ("10.0.0.0/9", "10.128.0.0/9", false, false, false),
        ("192.0.2.0/24", "192.0.2.128/25", true, false, true),
        ("192.0.2.0/25", "192.0.2.128/25", false, false, false),
        ("2001:db8::/32", "2001:db8:1::/48", true, false, true),
        ("2001:db8::/32", "2001:db9::/32", false, false, false),
        ("::/0", "2001:db8::1/128", true, false, true),
        ("2001:db8::/64", "2001:db8:0:0:8000::/65", true, false, true),
        ("0.0.0.0/0", "::/0", false, false, false),
        ("::ffff:0.0.0.0/96", "0.0.0.0/0", false, false, false),
    ])
    func prefixRelations(a: String, b: String, aContainsB: Bool, bContainsA: Bool, overlap: Bool) throws {
        let first = try IPPrefix(parsing: a)
        let second = try IPPrefix(parsing: b)
        #expect(first.contains(second) == aContainsB)
        #expect(second.contains(first) == bContainsA)
        #expect(first.overlaps(second) == overlap)
        #expect(second.overlaps(first) == overlap)
        switch (first, second) {
        case let (.v4(first), .v4(second)):
            #expect(first.contains(second) == aContainsB)
            #expect(first.overlaps(second) == overlap)
        case let (.v6(first), .v6(second)):
            #expect(first.contains(second) == aContainsB)
            #expect(first.overlaps(second) == overlap)
        default:
            #expect(!overlap)
        }
    }

    @Test func lastAddressAndHostRoute() throws {
        let v4 = try IPv4Prefix(parsing: "192.0.2.0/24")
        #expect(v4.lastAddress == IPv4Address(192, 0, 2, 255))
        #expect(!v4.isHostRoute)
        #expect(try IPv4Prefix(parsing: "0.0.0.0/0").lastAddress == IPv4Address(255, 255, 255, 255))
        let host = try IPv4Prefix(parsing: "192.0.2.7/32")
        #expect(host.lastAddress == host.address)
        #expect(host.isHostRoute)

        let v6 = try IPv6Prefix(parsing: "2001:db8::/32")
        #expect(v6.lastAddress.description == "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")
        #expect(try IPv6Prefix(parsing: "2001:db8::/96").lastAddress.description == "2001:db8::ffff:ffff")
        #expect(try IPv6Prefix(parsing: "::/0").lastAddress == IPv6Address(high: .max, low: .max))
        #expect(try IPv6Prefix(parsing: "2001:db8::1/128").isHostRoute)
        #expect(try !IPv6Prefix(parsing: "2001:db8::/127").isHostRoute)

        let either = try IPPrefix(parsing: "10.0.0.0/30")
        #expect(either.lastAddress == .v4(IPv4Address(10, 0, 0, 3)))
        #expect(either.length == 30)
        #expect(either.address == .v4(IPv4Address(10, 0, 0, 0)))
        #expect(!either.isHostRoute)
        #expect(try IPPrefix(parsing: "::1/128").isHostRoute)
        #expect(try IPPrefix(parsing: "2001:db8::/48").length == 48)
    }

    // MARK: Ordering and hashing

    @Test func ordersByFamilyAddressThenLength() throws {
        let texts = [
            "2001:db8::/48", "10.0.0.0/16", "10.0.0.0/8", "::/0", "9.0.0.0/8", "2001:db8::/32",
            "10.1.0.0/16", "0.0.0.0/0", "2001:db8:1::/48",
        ]
        let sorted = try texts.map { text throws(AddressParseError) in try IPPrefix(parsing: text) }.sorted()
        #expect(sorted.map(\.description) == [
            "0.0.0.0/0", "9.0.0.0/8", "10.0.0.0/8", "10.0.0.0/16", "10.1.0.0/16",
            "::/0", "2001:db8::/32", "2001:db8::/48", "2001:db8:1::/48",
        ])
        #expect(try IPv4Prefix(parsing: "10.0.0.0/8") < IPv4Prefix(parsing: "10.0.0.0/9"))
        #expect(try IPv6Prefix(parsing: "2001:db8::/32") < IPv6Prefix(parsing: "2001:db8::/33"))
    }

    @Test func hashesByValue() throws {
        let set: Set<IPPrefix> = [
            try IPPrefix(parsing: "10.0.0.0/8"), try IPPrefix(parsing: "10.0.0.1/8", maskingHostBits: true),
            try IPPrefix(parsing: "2001:db8::/32"), try IPPrefix(parsing: "2001:0DB8:0::/32"),
        ]
        #expect(set.count == 2)
    }

    @Test func randomRoundTrip() throws {
        var generator = SplitMix64(seed: 0x5EED_0024)
        for _ in 0..<2_000 {
            let v4 = try #require(IPv4Prefix(
                masking: IPv4Address(rawValue: UInt32.random(in: .min ... .max, using: &generator)),
                length: Int.random(in: 0...32, using: &generator)))
            #expect(try IPv4Prefix(parsing: v4.description) == v4)
            #expect(v4.contains(v4.address) && v4.contains(v4.lastAddress) && v4.contains(v4))
            let v6 = try #require(IPv6Prefix(
                masking: IPv6Address(high: generator.next(), low: generator.next()),
                length: Int.random(in: 0...128, using: &generator)))
            #expect(try IPv6Prefix(parsing: v6.description) == v6)
            #expect(v6.contains(v6.address) && v6.contains(v6.lastAddress) && v6.contains(v6))
        }
    }
}
