import NetworkPrimitives
import Testing

@Suite("ASNumber")
struct ASNumberTests {
    @Test(arguments: [
        ("1", UInt32(1)),
        ("65001", 65001),
        ("65535", 65535),
        ("65536", 65536),
        ("4200000000", 4_200_000_000),
        ("4294967295", 4_294_967_295),
        ("1.10", 65546),  // RFC 5396: 1 * 65536 + 10
        ("123.456", 8_061_384),
        ("0.100", 100),
        ("0.1", 1),
        ("0.65535", 65535),
        ("1.0", 65536),
        ("65535.65535", 4_294_967_295),
        ("64086.59904", 4_200_000_000),
    ])
    func parsesNotations(text: String, value: UInt32) throws {
        #expect(try ASNumber(parsing: text).rawValue == value)
        #expect(ASNumber(text) == ASNumber(rawValue: value))
    }

    @Test(arguments: [
        // The six from the specification.
        ("65536.1", ASNumberParseError.Code.halfOutOfRange),
        ("1.", .emptyHalf),
        (".5", .emptyHalf),
        ("-1", .invalidCharacter),
        ("4294967296", .outOfRange),
        ("0", .zero),
        // And the rest.
        ("", .empty),
        ("0.0", .zero),
        ("1.65536", .halfOutOfRange),
        ("99999.99999", .halfOutOfRange),
        (".", .emptyHalf),
        ("1.2.3", .tooManyDots),
        ("1..2", .tooManyDots),
        ("+1", .invalidCharacter),
        (" 65001", .invalidCharacter),
        ("65001 ", .invalidCharacter),
        ("AS65001", .invalidCharacter),
        ("1,5", .invalidCharacter),
        ("0x10", .invalidCharacter),
        ("\u{0661}", .invalidCharacter),
        ("99999999999999999999999", .outOfRange),
        ("065001", .leadingZero),
        ("00", .leadingZero),
        ("1.010", .leadingZero),
        ("01.1", .leadingZero),
    ])
    func refusesBadText(text: String, code: ASNumberParseError.Code) {
        let error = #expect(throws: ASNumberParseError.self) { try ASNumber(parsing: text) }
        #expect(error?.code == code)
        #expect(error?.input == text)
        #expect(error?.reason.isEmpty == false)
        #expect(ASNumber(text) == nil)
    }

    @Test func reasonNamesValueAndRule() {
        let high = #expect(throws: ASNumberParseError.self) { try ASNumber(parsing: "65536.1") }
        #expect(high?.reason.hasPrefix("the high half 65536 in '65536.1' is over 65535") == true)
        #expect(high?.description == high?.reason)
        let low = #expect(throws: ASNumberParseError.self) { try ASNumber(parsing: "1.70000") }
        #expect(low?.reason.hasPrefix("the low half 70000 in '1.70000' is over 65535") == true)
        let big = #expect(throws: ASNumberParseError.self) { try ASNumber(parsing: "4294967296") }
        #expect(big?.reason.hasPrefix("the value 4294967296 in '4294967296' is over 4294967295") == true)
    }

    @Test(arguments: [
        (UInt32(1), "1", "1", "0.1"),
        (65001, "65001", "65001", "0.65001"),
        (65535, "65535", "65535", "0.65535"),
        (65536, "65536", "1.0", "1.0"),
        (65546, "65546", "1.10", "1.10"),
        (8_061_384, "8061384", "123.456", "123.456"),
        (4_200_000_000, "4200000000", "64086.59904", "64086.59904"),
        (4_294_967_295, "4294967295", "65535.65535", "65535.65535"),
    ])
    func formatsNotations(value: UInt32, asplain: String, asdot: String, asdotPlus: String) throws {
        let number = ASNumber(rawValue: value)
        #expect(number.asplain == asplain)
        #expect(number.asdot == asdot)
        #expect(number.asdotPlus == asdotPlus)
        #expect(number.description == asplain)
        #expect(number.formatted(.asplain) == asplain)
        #expect(number.formatted(.asdot) == asdot)
        #expect(number.formatted(.asdotPlus) == asdotPlus)
        for notation in ASNotation.allCases {
            #expect(try ASNumber(parsing: number.formatted(notation)) == number)
        }
    }

    @Test func formatsWireOnlyValues() {
        #expect(ASNumber(rawValue: 0).description == "0")
        #expect(ASNumber(rawValue: 0).asdotPlus == "0.0")
        #expect(ASNumber.trans.asdot == "23456")
    }

    @Test func classifiesSpecialRanges() {
        let privateNumbers: [UInt32] = [64512, 65000, 65534, 4_200_000_000, 4_294_967_294]
        let publicNumbers: [UInt32] = [1, 13335, 64511, 65535, 65536, 4_199_999_999, 4_294_967_295]
        for value in privateNumbers { #expect(ASNumber(rawValue: value).isPrivate, "\(value)") }
        for value in publicNumbers { #expect(!ASNumber(rawValue: value).isPrivate, "\(value)") }

        let reserved: [UInt32] = [0, 23456, 65535, 4_294_967_295, 64496, 64511, 65536, 65551]
        let unreserved: [UInt32] = [1, 64495, 64512, 65534, 65552, 4_200_000_000, 4_294_967_294]
        for value in reserved { #expect(ASNumber(rawValue: value).isReserved, "\(value)") }
        for value in unreserved { #expect(!ASNumber(rawValue: value).isReserved, "\(value)") }

        #expect(ASNumber(rawValue: 64500).isDocumentation)
        #expect(ASNumber(rawValue: 65540).isDocumentation)
        #expect(!ASNumber(rawValue: 23456).isDocumentation)
        #expect(ASNumber.privateTwoOctetRange == 64512...65534)
        #expect(ASNumber.privateFourOctetRange == 4_200_000_000...4_294_967_294)
        #expect(ASNumber.documentationTwoOctetRange == 64496...64511)
        #expect(ASNumber.documentationFourOctetRange == 65536...65551)
        for value in ASNumber.privateTwoOctetRange { #expect(ASNumber(rawValue: value).isPrivate) }
    }

    @Test func randomRoundTrip() throws {
        var generator = SplitMix64(seed: 0x5EED_A5A5)
        for _ in 0..<10_000 {
            let number = ASNumber(rawValue: UInt32.random(in: 1 ... .max, using: &generator))
            for notation in ASNotation.allCases {
                #expect(try ASNumber(parsing: number.formatted(notation)) == number)
            }
        }
    }
}
