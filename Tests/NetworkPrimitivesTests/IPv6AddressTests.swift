import NetworkPrimitives
import Testing

@Suite("IPv6Address")
struct IPv6AddressTests {
    /// RFC 5952 §4 and §5 vectors: any RFC 4291 text in, canonical text out.
    @Test(arguments: [
        ("2001:db8:0:0:1:0:0:1", "2001:db8::1:0:0:1"),  // §4.2.3: first of equal runs
        ("2001:0db8::0001", "2001:db8::1"),  // §4.1: leading zeros dropped
        ("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),  // §4.2.2: a single 0 group stays
        ("2001:db8:0000:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"),
        ("2001:db8:0:0:0:0:2:1", "2001:db8::2:1"),  // §4.2.1: shorten as much as possible
        ("2001:db8::0:1", "2001:db8::1"),
        ("2001:0:0:1:0:0:0:1", "2001:0:0:1::1"),  // §4.2.3: the longest run
        ("2001:DB8::1", "2001:db8::1"),  // §4.3: lowercase
        ("2001:DB8::AAAA:bBbB", "2001:db8::aaaa:bbbb"),
        ("::", "::"),
        ("0:0:0:0:0:0:0:0", "::"),
        ("::1", "::1"),
        ("0:0:0:0:0:0:0:1", "::1"),
        ("1::", "1::"),
        ("1:0:0:0:0:0:0:0", "1::"),
        ("1:2:3:4:5:6:7::", "1:2:3:4:5:6:7:0"),
        ("::2:3:4:5:6:7:8", "0:2:3:4:5:6:7:8"),
        ("1:0:1:0:1:0:1:0", "1:0:1:0:1:0:1:0"),
        ("0:0:1:0:0:0:1:0", "0:0:1::1:0"),
        ("1:0:0:2:0:0:3:4", "1::2:0:0:3:4"),
        ("fe80::0200:5eff:fe00:5301", "fe80::200:5eff:fe00:5301"),
        ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"),
        ("::ffff:192.0.2.1", "::ffff:192.0.2.1"),  // §5: IPv4-mapped keeps the dotted quad
        ("0:0:0:0:0:FFFF:192.0.2.1", "::ffff:192.0.2.1"),
        ("::ffff:c000:0201", "::ffff:192.0.2.1"),
        ("::ffff:0.0.0.0", "::ffff:0.0.0.0"),
        ("::ffff:255.255.255.255", "::ffff:255.255.255.255"),
        ("64:ff9b::192.0.2.33", "64:ff9b::c000:221"),
        ("::192.0.2.1", "::c000:201"),
        ("1:2:3:4:5:6:1.2.3.4", "1:2:3:4:5:6:102:304"),
        ("::1:ffff:192.0.2.1", "::1:ffff:c000:201"),
    ])
    func formatsCanonically(text: String, canonical: String) throws {
        let address = try IPv6Address(parsing: text)
        #expect(address.description == canonical)
        #expect(try IPv6Address(parsing: canonical) == address)
        #expect(IPv6Address(text) == address)
    }

    @Test func parsesValues() throws {
        #expect(try IPv6Address(parsing: "2001:db8::1") == IPv6Address(high: 0x2001_0DB8_0000_0000, low: 1))
        #expect(try IPv6Address(parsing: "::") == .any)
        #expect(try IPv6Address(parsing: "::ffff:10.0.0.1") == IPv6Address(high: 0, low: 0x0000_FFFF_0A00_0001))
        #expect(
            try IPv6Address(parsing: "1:2:3:4:5:6:7:8")
                == IPv6Address(high: 0x0001_0002_0003_0004, low: 0x0005_0006_0007_0008))
        #expect(try IPv6Address(parsing: "8::") == IPv6Address(high: 0x0008_0000_0000_0000, low: 0))
        #expect(try IPv6Address(parsing: "0:0:0:0:8::") == IPv6Address(high: 0, low: 0x0008_0000_0000_0000))
        #expect(try IPv6Address(parsing: "::8:0:0:0:0") == IPv6Address(high: 0x0000_0000_0000_0008, low: 0))
    }

    @Test(arguments: [
        ("", AddressParseError.Code.empty),
        ("g::1", .invalidCharacter),
        (" ::1", .invalidCharacter),
        ("::1 ", .invalidCharacter),
        ("[::1]", .invalidCharacter),
        ("::-1", .invalidCharacter),
        ("2001:db8::/32", .invalidCharacter),
        ("2001:db8::\u{00E9}", .invalidCharacter),
        ("::ffff:1.2.3.a", .invalidCharacter),
        ("fe80::1%eth0", .zoneIdentifier),
        ("fe80::1%25eth0", .zoneIdentifier),
        (":", .emptyPart),
        (":::", .emptyPart),
        ("1:::2", .emptyPart),
        (":1::", .emptyPart),
        ("::1:", .emptyPart),
        (":1:2:3:4:5:6:7", .emptyPart),
        ("1:2:3:4:5:6:7:", .emptyPart),
        ("1::2:", .emptyPart),
        ("1:2::3::4", .multipleCompressions),
        ("::1::", .multipleCompressions),
        ("::1::2", .multipleCompressions),
        ("12345::", .groupTooLong),
        ("::00000", .groupTooLong),
        ("2001:db8:0:0:0:0:0:00001", .groupTooLong),
        ("1:2:3:4:5:6:7", .wrongPartCount),
        ("1", .wrongPartCount),
        ("1:2:3:4:5:6:7:8:9", .wrongPartCount),
        ("1:2:3:4:5:6:7:8::", .wrongPartCount),
        ("::1:2:3:4:5:6:7:8", .wrongPartCount),
        ("1:2:3:4::5:6:7:8", .wrongPartCount),
        ("1:2:3:4:5:6:7:1.2.3.4", .wrongPartCount),
        ("1:2:3:4:5:1.2.3.4", .wrongPartCount),
        ("::1:2:3:4:5:6:1.2.3.4", .wrongPartCount),
        ("1.2.3.4", .wrongPartCount),
        ("::ffff:1.2.3", .wrongPartCount),
        ("::1.2.3.4.5", .wrongPartCount),
        ("1.2.3.4::", .misplacedIPv4),
        ("::1.2.3.4:5", .misplacedIPv4),
        ("1:1.2.3.4::5", .misplacedIPv4),
        ("::ffff:1.2.3.256", .octetOutOfRange),
        ("::ffff:01.2.3.4", .leadingZero),
        ("::ffff:1..3.4", .emptyPart),
    ])
    func refusesBadText(text: String, code: AddressParseError.Code) {
        let error = #expect(throws: AddressParseError.self) { try IPv6Address(parsing: text) }
        #expect(error?.code == code)
        #expect(error?.input == text)
        #expect(error?.reason.isEmpty == false)
        #expect(IPv6Address(text) == nil)
    }

    @Test func embeddedIPv4ReasonNamesWholeInput() {
        let error = #expect(throws: AddressParseError.self) { try IPv6Address(parsing: "::ffff:10.0.0.256") }
        #expect(error?.reason == "octet 256 in '::ffff:10.0.0.256' is over 255")
    }

    @Test func bytesRoundTrip() throws {
        let address = try IPv6Address(parsing: "2001:db8:102:304:506:708:90a:b0c")
        let bytes: [UInt8] = [0x20, 0x01, 0x0D, 0xB8, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]
        #expect(address.bytes == bytes)
        #expect(IPv6Address(bytes: bytes) == address)
        #expect(IPv6Address(bytes: bytes[0..<15]) == nil)
        #expect(IPv6Address(bytes: bytes + [0]) == nil)
        #expect(IPv6Address.any.bytes == [UInt8](repeating: 0, count: 16))
    }

    @Test func ordersNumerically() throws {
        let texts = ["2001:db8::2", "::", "2001:db8::1", "fe80::", "::1", "2001:db8:0:1::"]
        let sorted = try texts.map { text throws(AddressParseError) in try IPv6Address(parsing: text) }.sorted()
        #expect(sorted.map(\.description) == ["::", "::1", "2001:db8::1", "2001:db8::2", "2001:db8:0:1::", "fe80::"])
    }

    @Test func randomRoundTrip() throws {
        var generator = SplitMix64(seed: 0x5EED_0006)
        for iteration in 0..<10_000 {
            var high = generator.next()
            var low = generator.next()
            // Zero out random groups so that compression runs of every length and place occur.
            if iteration % 2 == 0 {
                let zeroMask = generator.next()
                for group in 0..<4 where zeroMask >> UInt64(group) & 1 == 1 {
                    high &= ~(UInt64(0xFFFF) << UInt64(16 * group))
                }
                for group in 0..<4 where zeroMask >> UInt64(group + 4) & 1 == 1 {
                    low &= ~(UInt64(0xFFFF) << UInt64(16 * group))
                }
            }
            if iteration % 97 == 0 {
                high = 0
                low = 0x0000_FFFF_0000_0000 | (low & 0xFFFF_FFFF)  // IPv4-mapped
            }
            let address = IPv6Address(high: high, low: low)
            let text = address.description
            #expect(try IPv6Address(parsing: text) == address, "\(text)")
            #expect(text == Self.referenceRFC5952(address), "\(text)")
            #expect(IPv6Address(bytes: address.bytes) == address)
        }
    }

    /// A slow, obviously-correct RFC 5952 formatter to compare against.
    static func referenceRFC5952(_ address: IPv6Address) -> String {
        let groups: [UInt16] = (0..<8).map { index in
            let half = index < 4 ? address.high : address.low
            return UInt16(truncatingIfNeeded: half >> UInt64(48 - 16 * (index % 4)))
        }
        if groups[0..<5].allSatisfy({ $0 == 0 }) && groups[5] == 0xFFFF {
            let v4 = IPv4Address(rawValue: UInt32(groups[6]) << 16 | UInt32(groups[7]))
            return "::ffff:" + v4.description
        }
        var bestStart = -1
        var bestLength = 0
        for start in 0..<8 {
            var length = 0
            while start + length < 8 && groups[start + length] == 0 { length += 1 }
            if length >= 2 && length > bestLength {
                bestStart = start
                bestLength = length
            }
        }
        let hex = groups.map { String($0, radix: 16) }
        if bestStart < 0 { return hex.joined(separator: ":") }
        let head = hex[0..<bestStart].joined(separator: ":")
        let tail = hex[(bestStart + bestLength)...].joined(separator: ":")
        return head + "::" + tail
    }
}
