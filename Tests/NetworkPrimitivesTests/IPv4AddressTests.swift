import NetworkPrimitives
import Testing

@Suite("IPv4Address")
struct IPv4AddressTests {
    @Test(arguments: [
        ("0.0.0.0", UInt32(0)),
        ("255.255.255.255", UInt32.max),
        ("10.0.0.1", 0x0A00_0001),
        ("192.0.2.1", 0xC000_0201),
        ("198.51.100.0", 0xC633_6400),
        ("1.2.3.4", 0x0102_0304),
        ("100.64.10.200", 0x6440_0AC8),
    ])
    func parsesDottedQuad(text: String, rawValue: UInt32) throws {
        let address = try IPv4Address(parsing: text)
        #expect(address.rawValue == rawValue)
        #expect(address.description == text)
        #expect(IPv4Address(text) == address)
    }

    @Test(arguments: [
        ("", AddressParseError.Code.empty),
        (" 1.2.3.4", .invalidCharacter),
        ("1.2.3.4 ", .invalidCharacter),
        ("1.2. 3.4", .invalidCharacter),
        ("+1.2.3.4", .invalidCharacter),
        ("1.2.3.-4", .invalidCharacter),
        ("1.2.3.a", .invalidCharacter),
        ("0x1.2.3.4", .invalidCharacter),
        ("1,2,3,4", .invalidCharacter),
        ("1.2.3.4/24", .invalidCharacter),
        ("::1", .invalidCharacter),
        ("\u{FF11}.2.3.4", .invalidCharacter),
        ("1.2.3.4\n", .invalidCharacter),
        ("1", .wrongPartCount),
        ("1.2.3", .wrongPartCount),
        ("1.2.3.4.5", .wrongPartCount),
        ("16909060", .wrongPartCount),
        ("1.2..3.4", .wrongPartCount),
        ("1.2.3.4.", .wrongPartCount),
        ("1..2.3", .emptyPart),
        (".1.2.3", .emptyPart),
        ("1.2.3.", .emptyPart),
        ("...", .emptyPart),
        ("01.2.3.4", .leadingZero),
        ("1.2.3.00", .leadingZero),
        ("10.0.0.010", .leadingZero),
        ("00.0.0.0", .leadingZero),
        ("256.0.0.1", .octetOutOfRange),
        ("10.0.0.256", .octetOutOfRange),
        ("1.2.3.1000", .octetOutOfRange),
        ("1.2.3.99999999999999999999999", .octetOutOfRange),
    ])
    func refusesBadText(text: String, code: AddressParseError.Code) {
        let error = #expect(throws: AddressParseError.self) { try IPv4Address(parsing: text) }
        #expect(error?.code == code)
        #expect(error?.input == text)
        #expect(error?.reason.isEmpty == false)
        #expect(IPv4Address(text) == nil)
    }

    @Test func reasonNamesValueAndRule() {
        let error = #expect(throws: AddressParseError.self) { try IPv4Address(parsing: "10.0.0.256") }
        #expect(error?.reason == "octet 256 in '10.0.0.256' is over 255")
        #expect(error?.description == error?.reason)

        let zero = #expect(throws: AddressParseError.self) { try IPv4Address(parsing: "10.01.0.1") }
        #expect(zero?.reason.contains("'01'") == true)

        let space = #expect(throws: AddressParseError.self) { try IPv4Address(parsing: "10.0.0.1 ") }
        #expect(space?.reason.contains("' ' at offset 8") == true)
    }

    @Test func formatsCanonicalDottedQuad() {
        #expect(IPv4Address(10, 0, 0, 1).description == "10.0.0.1")
        #expect(IPv4Address.any.description == "0.0.0.0")
        #expect(IPv4Address(rawValue: .max).description == "255.255.255.255")
        #expect(IPv4Address(172, 16, 254, 9).description == "172.16.254.9")
        #expect("\(IPv4Address(192, 168, 100, 10))" == "192.168.100.10")
    }

    @Test func octetsAndBytes() {
        let address = IPv4Address(192, 0, 2, 255)
        #expect(address.octets == (192, 0, 2, 255))
        #expect(IPv4Address(bytes: [192, 0, 2, 255]) == address)
        #expect(IPv4Address(bytes: [192, 0, 2]) == nil)
        #expect(IPv4Address(bytes: [192, 0, 2, 255, 0]) == nil)
        #expect(IPv4Address(bytes: [UInt8]()) == nil)
        let (a, b, c, d) = address.octets
        #expect(IPv4Address(a, b, c, d) == address)
    }

    @Test func ordersNumerically() throws {
        let texts = ["10.0.0.2", "9.255.255.255", "10.0.0.10", "0.0.0.0", "255.255.255.255", "10.0.0.1"]
        let sorted = try texts.map { text throws(AddressParseError) in try IPv4Address(parsing: text) }.sorted()
        #expect(sorted.map(\.description) == [
            "0.0.0.0", "9.255.255.255", "10.0.0.1", "10.0.0.2", "10.0.0.10", "255.255.255.255",
        ])
    }

    @Test func losslessStringConvertible() {
        func roundTrip<T: LosslessStringConvertible & Equatable>(_ value: T) -> Bool {
            T(value.description) == value
        }
        #expect(roundTrip(IPv4Address(203, 0, 113, 7)))
    }

    @Test func randomRoundTrip() throws {
        var generator = SplitMix64(seed: 0x5EED_0004)
        for _ in 0..<10_000 {
            let address = IPv4Address(rawValue: UInt32.random(in: .min ... .max, using: &generator))
            let text = address.description
            #expect(try IPv4Address(parsing: text) == address, "\(text)")
            let (a, b, c, d) = address.octets
            #expect(text == "\(a).\(b).\(c).\(d)")
        }
    }
}
