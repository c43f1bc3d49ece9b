// UpdateAttributeCache: a Path Attributes field seen before decodes to the same attributes without
// being decoded again, and only clean fields are kept (RFC 7606 outcomes are reported every time).

import Testing
import NetworkPrimitives
@testable import BGPWire

@Suite struct UpdateAttributeCacheTests {
    static let prefix = IPv4Prefix("198.18.0.0/24")!

    /// An UPDATE body (after the header): no withdrawals, `attributes` as given, one NLRI prefix.
    static func body(attributes: [UInt8]) -> [UInt8] {
        [0, 0, UInt8(attributes.count >> 8), UInt8(attributes.count & 0xFF)] + attributes + [24, 198, 18, 0]
    }

    /// ORIGIN IGP, AS_PATH (one AS_SEQUENCE of `path`, 4-octet), NEXT_HOP 169.254.10.2.
    static func attributes(path: [UInt32], origin: UInt8 = 0) -> [UInt8] {
        var asPath: [UInt8] = [2, UInt8(path.count)]
        for asn in path { asPath += [UInt8(asn >> 24), UInt8(asn >> 16 & 0xFF), UInt8(asn >> 8 & 0xFF), UInt8(asn & 0xFF)] }
        return [0x40, 1, 1, origin] + [0x40, 2, UInt8(asPath.count)] + asPath + [0x40, 3, 4, 169, 254, 10, 2]
    }

    static func decode(_ body: [UInt8], options: CodecOptions = .standard, cache: inout UpdateAttributeCache) throws -> UpdateMessage {
        var reader = ByteReader(body)
        return try UpdateMessage(decoding: &reader, options: options, cache: &cache)
    }

    static func decode(_ body: [UInt8], options: CodecOptions = .standard) throws -> UpdateMessage {
        var reader = ByteReader(body)
        return try UpdateMessage(decoding: &reader, options: options)
    }

    @Test func aRepeatedFieldGetsTheSameAttributes() throws {
        var cache = UpdateAttributeCache()
        let body = Self.body(attributes: Self.attributes(path: [65001, 64512]))
        let first = try Self.decode(body, cache: &cache)
        let second = try Self.decode(body, cache: &cache)
        #expect(first == (try Self.decode(body)))
        #expect(second == first)
        #expect(second.nlri == [Self.prefix])
        // The second decode reused the first one's attributes (shared storage: nothing decoded).
        #expect(second.attributes.sharesStorage(with: first.attributes))
    }

    @Test func differentFieldsAreNotConfused() throws {
        var cache = UpdateAttributeCache()
        // Enough distinct paths that some share a slot of the direct-mapped table.
        let paths = (0 ..< UInt32(3 * UpdateAttributeCache.capacity)).map { [65001, 64512 + $0] }
        for _ in 0 ..< 2 {
            for path in paths {
                let update = try Self.decode(Self.body(attributes: Self.attributes(path: path)), cache: &cache)
                #expect(update.attributes.asPath == ASPath(sequence: path.map { ASNumber(rawValue: $0) }))
            }
        }
    }

    @Test func aMalformedFieldIsReportedEveryTime() throws {
        // ORIGIN 7 is undefined: treat-as-withdraw (RFC 7606 §7.1), on each UPDATE that carries it.
        var cache = UpdateAttributeCache()
        let body = Self.body(attributes: Self.attributes(path: [65001], origin: 7))
        for _ in 0 ..< 3 {
            let update = try Self.decode(body, cache: &cache)
            #expect(update.treatAsWithdraw)
            #expect(update.malformations.map(\.attributeType) == [AttributeType.origin])
        }
    }

    @Test func otherOptionsDecodeAgain() throws {
        // The same octets as a 2-octet AS_PATH mean something else: [0xFDE9, 0x0000, 0xFC00, ...].
        var cache = UpdateAttributeCache()
        let body = Self.body(attributes: Self.attributes(path: [65001, 64512]))
        let fourOctet = try Self.decode(body, cache: &cache)
        let twoOctet = try Self.decode(body, options: CodecOptions(fourOctetAS: false), cache: &cache)
        #expect(twoOctet == (try Self.decode(body, options: CodecOptions(fourOctetAS: false))))
        #expect(twoOctet.attributes.asPath != fourOctet.attributes.asPath)
    }

    @Test func aMissingMandatoryAttributeIsStillFound() throws {
        // A field without NEXT_HOP is clean on its own; with NLRI the UPDATE lacks NEXT_HOP
        // (RFC 4271 §6.3, RFC 7606 §3 d), whether the field came from the cache or not.
        var cache = UpdateAttributeCache()
        let field = Array(Self.attributes(path: [65001]).dropLast(7))
        for _ in 0 ..< 2 {
            let update = try Self.decode(Self.body(attributes: field), cache: &cache)
            #expect(update.treatAsWithdraw)
            #expect(update.malformations.map(\.attributeType) == [AttributeType.nextHop])
        }
    }
}
