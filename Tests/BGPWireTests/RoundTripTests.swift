// Seeded random round trips: decode(encode(m)) == m for every message type, under 4-octet and
// 2-octet AS sessions, external and internal peers; and every strict prefix of a message, or a
// message with trailing octets, is refused.

import Testing
import NetworkPrimitives
@testable import BGPWire

/// Random, well-formed values for round-trip tests. Every value respects what the wire can express:
/// prefixes have no host bits, segments hold at least one ASN and no AS 0, sets hold at most 255 ASNs,
/// unknown attributes are optional transitive with the Partial bit (as they come back), etc.
enum RandomWire {
    typealias RNG = SeededGenerator

    static func chance(_ percent: Int, _ rng: inout RNG) -> Bool { Int.random(in: 0 ..< 100, using: &rng) < percent }

    static func bytes(_ count: Int, _ rng: inout RNG) -> [UInt8] {
        (0 ..< count).map { _ in UInt8.random(in: 0 ... 255, using: &rng) }
    }

    static func twoOctetASN(_ rng: inout RNG) -> ASNumber {
        switch Int.random(in: 0 ..< 10, using: &rng) {
        case 0: return .trans
        case 1: return ASNumber(rawValue: [1, 65535, 64512, 65534].randomElement(using: &rng)!)
        default: return ASNumber(rawValue: UInt32.random(in: 1 ... 65535, using: &rng))
        }
    }

    static func fourOctetOnlyASN(_ rng: inout RNG) -> ASNumber {
        chance(30, &rng)
            ? ASNumber(rawValue: UInt32.random(in: 4_200_000_000 ... 4_294_967_294, using: &rng))
            : ASNumber(rawValue: UInt32.random(in: 65536 ... .max, using: &rng))
    }

    static func asn(_ rng: inout RNG, fourOctet: Bool = true) -> ASNumber {
        fourOctet && chance(45, &rng) ? fourOctetOnlyASN(&rng) : twoOctetASN(&rng)
    }

    static func ipv4Address(_ rng: inout RNG) -> IPv4Address { IPv4Address(rawValue: UInt32.random(in: 0 ... .max, using: &rng)) }

    static func ipv6Address(_ rng: inout RNG) -> IPv6Address {
        IPv6Address(high: UInt64.random(in: 0 ... .max, using: &rng), low: UInt64.random(in: 0 ... .max, using: &rng))
    }

    static func ipv4Prefix(_ rng: inout RNG) -> IPv4Prefix {
        let length = chance(80, &rng) ? Int.random(in: 8 ... 32, using: &rng) : Int.random(in: 0 ... 32, using: &rng)
        return IPv4Prefix(masking: ipv4Address(&rng), length: length)!
    }

    static func ipv6Prefix(_ rng: inout RNG) -> IPv6Prefix {
        let length = chance(70, &rng) ? Int.random(in: 16 ... 64, using: &rng) : Int.random(in: 0 ... 128, using: &rng)
        return IPv6Prefix(masking: ipv6Address(&rng), length: length)!
    }

    static func ipv4Prefixes(_ rng: inout RNG, upTo maximum: Int) -> [IPv4Prefix] {
        (0 ..< Int.random(in: 0 ... maximum, using: &rng)).map { _ in ipv4Prefix(&rng) }
    }

    static func ipv6Prefixes(_ rng: inout RNG, upTo maximum: Int) -> [IPv6Prefix] {
        (0 ..< Int.random(in: 0 ... maximum, using: &rng)).map { _ in ipv6Prefix(&rng) }
    }

    /// An AS path. Confederation segments only lead the path (RFC 5065 §4) and, on a 2-octet session,
    /// hold 2-octet member ASNs (RFC 6793 §3: they never appear in AS4_PATH).
    static func asPath(_ rng: inout RNG, allowConfederation: Bool, fourOctet: Bool) -> ASPath {
        var segments: [ASPathSegment] = []
        if allowConfederation && chance(35, &rng) {
            for _ in 0 ..< Int.random(in: 1 ... 2, using: &rng) {
                let type: ASPathSegmentType = chance(70, &rng) ? .confedSequence : .confedSet
                let asns = (0 ..< Int.random(in: 1 ... 4, using: &rng)).map { _ in twoOctetASN(&rng) }
                segments.append(ASPathSegment(type: type, asns: asns))
            }
        }
        for _ in 0 ..< Int.random(in: 0 ... 3, using: &rng) {
            let isSet = chance(25, &rng)
            let count = !isSet && chance(3, &rng) ? Int.random(in: 256 ... 400, using: &rng)
                                                  : Int.random(in: 1 ... 10, using: &rng)
            let asns = (0 ..< count).map { _ in asn(&rng, fourOctet: fourOctet) }
            if !isSet, let last = segments.last, last.type == .asSequence {
                // Adjacent sequences are one sequence: keep the canonical form the codec produces.
                segments[segments.count - 1].asns += asns
            } else {
                segments.append(ASPathSegment(type: isSet ? .asSet : .asSequence, asns: asns))
            }
        }
        return ASPath(segments: segments)
    }

    /// Attribute types the codec does not know.
    static let unknownAttributeTypes: [UInt8] = (0 ... 255).map(UInt8.init).filter { type in
        !((1 ... 10).contains(type) || (14 ... 18).contains(type) || type == 32 || type == 35)
    }

    static func community(_ rng: inout RNG) -> Community {
        chance(20, &rng)
            ? [Community.noExport, .noAdvertise, .noExportSubconfed, .noPeer, .blackhole, .gracefulShutdown,
               .acceptOwn, .llgrStale, .noLLGR].randomElement(using: &rng)!
            : Community(rawValue: UInt32.random(in: 0 ... .max, using: &rng))
    }

    /// Every field, each present at random. `internal` allows LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST
    /// and confederation segments. AS4_PATH / AS4_AGGREGATOR are left out: the encoder derives them.
    static func pathAttributes(_ rng: inout RNG, internalPeer: Bool, fourOctetAS: Bool) -> PathAttributes {
        var a = PathAttributes()
        if chance(80, &rng) { a.origin = Origin(rawValue: UInt8.random(in: 0 ... 2, using: &rng)) }
        if chance(80, &rng) { a.asPath = asPath(&rng, allowConfederation: internalPeer, fourOctet: true) }
        if chance(50, &rng) { a.nextHop = ipv4Address(&rng) }
        if chance(50, &rng) { a.multiExitDiscriminator = UInt32.random(in: 0 ... .max, using: &rng) }
        if internalPeer && chance(50, &rng) { a.localPreference = UInt32.random(in: 0 ... .max, using: &rng) }
        a.atomicAggregate = chance(30, &rng)
        if chance(30, &rng) { a.aggregator = Aggregator(asn: asn(&rng), address: ipv4Address(&rng)) }
        if chance(40, &rng) {
            let count = chance(8, &rng) ? Int.random(in: 64 ... 120, using: &rng) : Int.random(in: 1 ... 10, using: &rng)
            a.communities = (0 ..< count).map { _ in community(&rng) }
        }
        if internalPeer && chance(30, &rng) { a.originatorID = ipv4Address(&rng) }
        if internalPeer && chance(30, &rng) {
            a.clusterList = (0 ..< Int.random(in: 1 ... 5, using: &rng)).map { _ in ipv4Address(&rng) }
        }
        if chance(30, &rng) {
            a.extendedCommunities = (0 ..< Int.random(in: 1 ... 6, using: &rng)).map { _ in
                ExtendedCommunity(rawValue: UInt64.random(in: 0 ... .max, using: &rng))
            }
        }
        if chance(30, &rng) {
            a.largeCommunities = (0 ..< Int.random(in: 1 ... 5, using: &rng)).map { _ in
                LargeCommunity(UInt32.random(in: 0 ... .max, using: &rng), UInt32.random(in: 0 ... .max, using: &rng),
                               UInt32.random(in: 0 ... .max, using: &rng))
            }
        }
        if chance(20, &rng) { a.onlyToCustomer = ASNumber(rawValue: UInt32.random(in: 0 ... .max, using: &rng)) }
        if chance(20, &rng) {
            var types = unknownAttributeTypes
            types.shuffle(using: &rng)
            a.unrecognized = types.prefix(Int.random(in: 1 ... 3, using: &rng)).map { type in
                let length = chance(5, &rng) ? Int.random(in: 256 ... 300, using: &rng) : Int.random(in: 0 ... 20, using: &rng)
                return RawAttribute(flags: [.optional, .transitive, .partial], type: type, value: bytes(length, &rng))
            }
        }
        if !fourOctetAS { a = fittingTwoOctetSession(a, &rng) }
        return a
    }

    /// RFC 6793 §4.2.3: a 2-octet AGGREGATOR other than AS_TRANS makes the receiver ignore AS4_PATH,
    /// so a route whose path needs 4 octets keeps its true path only with a 4-octet (or AS_TRANS)
    /// aggregator. Confederation member ASNs already fit 2 octets.
    static func fittingTwoOctetSession(_ attributes: PathAttributes, _ rng: inout RNG) -> PathAttributes {
        var a = attributes
        let needsAS4Path = a.asPath?.allASNumbers.contains { !$0.isTwoOctet } ?? false
        if needsAS4Path, let aggregator = a.aggregator, aggregator.asn.isTwoOctet, aggregator.asn != .trans {
            a.aggregator = Aggregator(asn: fourOctetOnlyASN(&rng), address: aggregator.address)
        }
        return a
    }

    static let rawFamily = AddressFamily(afi: AFI(rawValue: 25), safi: SAFI(rawValue: 70))

    static func mpReach(_ rng: inout RNG) -> MPReachNLRI {
        switch Int.random(in: 0 ..< 6, using: &rng) {
        case 0:
            return MPReachNLRI(family: .ipv4Unicast, nextHop: .ipv4(ipv4Address(&rng)),
                               prefixes: .ipv4(ipv4Prefixes(&rng, upTo: 10)))
        case 1:
            return MPReachNLRI(family: .ipv4Unicast,
                               nextHop: .ipv6(global: ipv6Address(&rng), linkLocal: chance(50, &rng) ? ipv6Address(&rng) : nil),
                               prefixes: .ipv4(ipv4Prefixes(&rng, upTo: 10)))
        case 2, 3:
            return MPReachNLRI(family: .ipv6Unicast,
                               nextHop: .ipv6(global: ipv6Address(&rng), linkLocal: chance(50, &rng) ? ipv6Address(&rng) : nil),
                               prefixes: .ipv6(ipv6Prefixes(&rng, upTo: 10)))
        case 4:
            return MPReachNLRI(family: AddressFamily(afi: .ipv6, safi: .multicast),
                               nextHop: .ipv6(global: ipv6Address(&rng), linkLocal: nil),
                               prefixes: .ipv6(ipv6Prefixes(&rng, upTo: 5)))
        default:
            return MPReachNLRI(family: rawFamily, nextHop: .raw(bytes(Int.random(in: 0 ... 24, using: &rng), &rng)),
                               prefixes: .raw(bytes(Int.random(in: 0 ... 30, using: &rng), &rng)))
        }
    }

    static func mpUnreach(_ rng: inout RNG) -> MPUnreachNLRI {
        switch Int.random(in: 0 ..< 4, using: &rng) {
        case 0: return MPUnreachNLRI(family: .ipv4Unicast, prefixes: .ipv4(ipv4Prefixes(&rng, upTo: 10)))
        case 1, 2: return MPUnreachNLRI(family: .ipv6Unicast, prefixes: .ipv6(ipv6Prefixes(&rng, upTo: 10)))
        default: return MPUnreachNLRI(family: rawFamily, prefixes: .raw(bytes(Int.random(in: 0 ... 30, using: &rng), &rng)))
        }
    }

    /// A well-formed UPDATE: whenever it announces, the mandatory attributes are there (RFC 4271 §5.1).
    static func update(_ rng: inout RNG, options: CodecOptions) -> UpdateMessage {
        var update = UpdateMessage(
            withdrawn: chance(60, &rng) ? ipv4Prefixes(&rng, upTo: 12) : [],
            attributes: pathAttributes(&rng, internalPeer: !options.peerIsExternal, fourOctetAS: options.fourOctetAS),
            nlri: chance(60, &rng) ? ipv4Prefixes(&rng, upTo: 12) : [],
            mpReach: chance(30, &rng) ? mpReach(&rng) : nil,
            mpUnreach: chance(25, &rng) ? mpUnreach(&rng) : nil)
        let announces = !update.nlri.isEmpty || !(update.mpReach?.prefixes.isEmpty ?? true)
        if announces {
            if update.attributes.origin == nil { update.attributes.origin = .igp }
            if update.attributes.asPath == nil { update.attributes.asPath = ASPath(sequence: [asn(&rng)]) }
            if !options.fourOctetAS { update.attributes = fittingTwoOctetSession(update.attributes, &rng) }
        }
        if !update.nlri.isEmpty && update.attributes.nextHop == nil { update.attributes.nextHop = ipv4Address(&rng) }
        return update
    }

    static let knownCapabilityCodes: Set<UInt8> = [1, 2, 6, 9, 64, 65, 69, 70, 73]

    static func family(_ rng: inout RNG) -> AddressFamily {
        chance(60, &rng)
            ? [AddressFamily.ipv4Unicast, .ipv6Unicast, AddressFamily(afi: .ipv4, safi: .multicast), rawFamily]
                .randomElement(using: &rng)!
            : AddressFamily(afi: AFI(rawValue: UInt16.random(in: 0 ... .max, using: &rng)),
                            safi: SAFI(rawValue: UInt8.random(in: 0 ... 255, using: &rng)))
    }

    static let textPieces = ["a", "z", "0", "9", "-", ".", "rtr", "é", "ü", "日本", "😀", "ß", "core"]

    static func text(_ rng: inout RNG, maxOctets: Int) -> String {
        var result = ""
        for _ in 0 ..< Int.random(in: 0 ... 20, using: &rng) {
            let piece = textPieces.randomElement(using: &rng)!
            if result.utf8.count + piece.utf8.count > maxOctets { break }
            result += piece
        }
        return result
    }

    static func capability(_ rng: inout RNG, allowLarge: Bool) -> Capability {
        switch Int.random(in: 0 ..< 10, using: &rng) {
        case 0: return .multiprotocol(family(&rng))
        case 1: return [.routeRefresh, .extendedMessage, .enhancedRouteRefresh].randomElement(using: &rng)!
        case 2: return .role(BGPRole(rawValue: UInt8.random(in: 0 ... 4, using: &rng))!)
        case 3:
            return .gracefulRestart(GracefulRestartCapability(
                restarting: chance(50, &rng), notification: chance(50, &rng),
                restartTime: UInt16.random(in: 0 ... 4095, using: &rng),
                families: (0 ..< Int.random(in: 0 ... 4, using: &rng)).map { _ in
                    .init(family: family(&rng), forwardingStatePreserved: chance(50, &rng))
                }))
        case 4: return .fourOctetAS(ASNumber(rawValue: UInt32.random(in: 1 ... .max, using: &rng)))
        case 5:
            return .addPath((0 ..< Int.random(in: 1 ... 4, using: &rng)).map { _ in
                AddPathEntry(family: family(&rng), mode: AddPathEntry.Mode(rawValue: UInt8.random(in: 1 ... 3, using: &rng))!)
            })
        case 6:
            let hostname = text(&rng, maxOctets: 60)
            return .fqdn(hostname: hostname, domain: text(&rng, maxOctets: 60))
        case 7:
            return .unrecognized(code: 128, value: [])
        default:
            var code: UInt8
            repeat { code = UInt8.random(in: 0 ... 255, using: &rng) } while knownCapabilityCodes.contains(code)
            let length = allowLarge && chance(10, &rng) ? Int.random(in: 200 ... 255, using: &rng)
                                                        : Int.random(in: 0 ... 12, using: &rng)
            return .unrecognized(code: code, value: bytes(length, &rng))
        }
    }

    static func open(_ rng: inout RNG) -> OpenMessage {
        let count = chance(10, &rng) ? Int.random(in: 40 ... 90, using: &rng) : Int.random(in: 0 ... 12, using: &rng)
        var allowLarge = true
        var capabilities: [Capability] = []
        for _ in 0 ..< count {
            let capability = capability(&rng, allowLarge: allowLarge)
            if case .unrecognized(_, let value) = capability, value.count >= 200 { allowLarge = false }
            capabilities.append(capability)
        }
        let holdTime: UInt16 = chance(10, &rng) ? 0 : UInt16.random(in: 3 ... .max, using: &rng)
        return OpenMessage(myASField: UInt16.random(in: 1 ... .max, using: &rng), holdTime: holdTime,
                           identifier: IPv4Address(rawValue: UInt32.random(in: 1 ... .max, using: &rng)),
                           capabilities: capabilities)
    }

    static func notification(_ rng: inout RNG) -> NotificationMessage {
        if chance(20, &rng) {
            let subcode = chance(50, &rng) ? CeaseSubcode.administrativeShutdown : CeaseSubcode.administrativeReset
            return .cease(subcode, message: text(&rng, maxOctets: 300))
        }
        let code = chance(80, &rng) ? UInt8.random(in: 1 ... 7, using: &rng) : UInt8.random(in: 0 ... 255, using: &rng)
        let length = chance(3, &rng) ? Int.random(in: 256 ... 4075, using: &rng) : Int.random(in: 0 ... 40, using: &rng)
        return NotificationMessage(code: NotificationCode(rawValue: code), subcode: UInt8.random(in: 0 ... 255, using: &rng),
                                   data: bytes(length, &rng))
    }

    static func routeRefresh(_ rng: inout RNG) -> RouteRefreshMessage {
        RouteRefreshMessage(family: family(&rng),
                            subtype: RouteRefreshMessage.Subtype(rawValue: UInt8.random(in: 0 ... 2, using: &rng))!)
    }

    /// Any message that fits a 4096-octet session, as the session `options` would carry it.
    static func message(_ rng: inout RNG, options: CodecOptions) -> BGPMessage {
        while true {
            let message: BGPMessage
            switch Int.random(in: 0 ..< 10, using: &rng) {
            case 0, 1: message = .open(open(&rng))
            case 2, 3, 4, 5: message = .update(update(&rng, options: options))
            case 6: message = .notification(notification(&rng))
            case 7: message = .keepalive
            default: message = .routeRefresh(routeRefresh(&rng))
            }
            if (try? message.encode(options: options)) != nil { return message }
        }
    }
}

/// The attributes as a receiver on a 2-octet session sees them after RFC 6793 §4.2.3 reconstruction.
func mergedForComparison(_ update: UpdateMessage, options: CodecOptions) -> UpdateMessage {
    guard !options.fourOctetAS else { return update }
    var copy = update
    copy.attributes = copy.attributes.mergingAS4Attributes()
    return copy
}

@Suite struct RoundTripTests {
    static let seeds: [UInt64] = Array(0 ..< 40)
    static let iterations = 100

    static let sessions: [CodecOptions] = [
        CodecOptions(fourOctetAS: true, peerIsExternal: true),
        CodecOptions(fourOctetAS: true, peerIsExternal: false),
        CodecOptions(fourOctetAS: false, peerIsExternal: true),
        CodecOptions(fourOctetAS: false, peerIsExternal: false),
    ]

    /// Encodes with `options`, falling back to Extended Message when the message is too long.
    static func encode(_ message: BGPMessage, options: CodecOptions) throws -> ([UInt8], CodecOptions) {
        do {
            return (try message.encode(options: options), options)
        } catch {
            #expect(error.length > error.maximum)
            #expect(error.maximum == 4096)
            var extended = options
            extended.extendedMessage = true
            return (try message.encode(options: extended), extended)
        }
    }

    @Test(arguments: seeds)
    func pathAttributes(_ seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for iteration in 0 ..< Self.iterations {
            for options in Self.sessions {
                let attributes = RandomWire.pathAttributes(&rng, internalPeer: !options.peerIsExternal,
                                                           fourOctetAS: options.fourOctetAS)
                var writer = ByteWriter()
                attributes.encode(into: &writer, options: options)
                let bytes = wireUpdate(attributes: writer.bytes)
                var decodeOptions = options
                decodeOptions.extendedMessage = bytes.count > 4096
                let update = try #require(try wireDecodeUpdate(bytes, options: decodeOptions))
                #expect(update.malformations.isEmpty, "seed \(seed) iteration \(iteration): \(update.malformations)")
                var decoded = update.attributes
                if !options.fourOctetAS {
                    let needsAS4Path = attributes.asPath?.allASNumbers.contains { !$0.isTwoOctet } ?? false
                    #expect((decoded.as4Path != nil) == needsAS4Path, "seed \(seed) iteration \(iteration)")
                    let needsAS4Aggregator = attributes.aggregator.map { !$0.asn.isTwoOctet } ?? false
                    #expect((decoded.as4Aggregator != nil) == needsAS4Aggregator, "seed \(seed) iteration \(iteration)")
                    decoded = decoded.mergingAS4Attributes()
                }
                #expect(decoded == attributes,
                        "seed \(seed) iteration \(iteration) \(options): \(attributeDifferences(decoded, attributes))")
            }
        }
    }

    /// On a 2-octet session, AS4_PATH and AS4_AGGREGATOR given explicitly go over the wire as they are.
    @Test(arguments: seeds)
    func explicitAS4Attributes(_ seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for iteration in 0 ..< Self.iterations {
            var attributes = RandomWire.pathAttributes(&rng, internalPeer: false, fourOctetAS: false)
            attributes.asPath = RandomWire.asPath(&rng, allowConfederation: false, fourOctet: false)
            // AS4_PATH must carry at least one AS (RFC 6793 §6; an empty one is discarded).
            var as4Path = RandomWire.asPath(&rng, allowConfederation: false, fourOctet: true)
            if as4Path.segments.isEmpty { as4Path = ASPath(sequence: [RandomWire.fourOctetOnlyASN(&rng)]) }
            attributes.as4Path = as4Path
            attributes.aggregator = Aggregator(asn: RandomWire.twoOctetASN(&rng), address: RandomWire.ipv4Address(&rng))
            attributes.as4Aggregator = Aggregator(asn: RandomWire.asn(&rng), address: RandomWire.ipv4Address(&rng))
            var writer = ByteWriter()
            attributes.encode(into: &writer, options: WireVectors.twoOctetPeer)
            let bytes = wireUpdate(attributes: writer.bytes)
            let options = CodecOptions(fourOctetAS: false, extendedMessage: bytes.count > 4096)
            let update = try #require(try wireDecodeUpdate(bytes, options: options))
            #expect(update.malformations.isEmpty, "seed \(seed) iteration \(iteration): \(update.malformations)")
            #expect(update.attributes == attributes,
                    "seed \(seed) iteration \(iteration): \(attributeDifferences(update.attributes, attributes))")
        }
    }

    @Test(arguments: seeds)
    func updates(_ seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for iteration in 0 ..< Self.iterations {
            for session in Self.sessions {
                var options = session
                options.extendedMessage = RandomWire.chance(20, &rng)
                let update = RandomWire.update(&rng, options: options)
                let (bytes, used) = try Self.encode(.update(update), options: options)
                guard case .update(let decoded)? = try BGPMessage.decode(bytes: bytes, options: used) else {
                    Issue.record("seed \(seed) iteration \(iteration): not an UPDATE")
                    continue
                }
                #expect(decoded.malformations.isEmpty, "seed \(seed) iteration \(iteration): \(decoded.malformations)")
                let merged = mergedForComparison(decoded, options: used)
                #expect(merged == update, "seed \(seed) iteration \(iteration) \(used): \(attributeDifferences(merged.attributes, update.attributes))")
                // And the bytes are stable: re-encoding the decoded message gives them back.
                #expect(try BGPMessage.update(decoded).encode(options: used) == bytes)
            }
        }
    }

    @Test(arguments: seeds)
    func prefixes(_ seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for _ in 0 ..< Self.iterations {
            let v4 = RandomWire.ipv4Prefixes(&rng, upTo: 40)
            let v6 = RandomWire.ipv6Prefixes(&rng, upTo: 40)
            let update = UpdateMessage(
                withdrawn: v4.reversed(),
                attributes: PathAttributes(origin: .igp, asPath: .empty, nextHop: IPv4Address(10, 0, 0, 1)),
                nlri: v4,
                mpReach: MPReachNLRI(family: .ipv6Unicast, nextHop: .ipv6(global: wireIPv6("2001:db8::1"), linkLocal: nil),
                                     prefixes: .ipv6(v6)),
                mpUnreach: MPUnreachNLRI(family: .ipv6Unicast, prefixes: .ipv6(v6.reversed())))
            let bytes = try BGPMessage.update(update).encode()
            #expect(try BGPMessage.decode(bytes: bytes) == .update(update))
        }
    }

    @Test(arguments: seeds)
    func opens(_ seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for iteration in 0 ..< Self.iterations {
            let open = RandomWire.open(&rng)
            let (bytes, used) = try Self.encode(.open(open), options: .standard)
            let parameterOctets = bytes.count - 29
            if parameterOctets > 255 {
                #expect(bytes[28] == 255 && bytes[29] == 255, "RFC 9072 form expected, seed \(seed) iteration \(iteration)")
            } else {
                #expect(Int(bytes[28]) == parameterOctets)
            }
            #expect(try BGPMessage.decode(bytes: bytes, options: used) == .open(open), "seed \(seed) iteration \(iteration)")
        }
    }

    @Test(arguments: seeds)
    func notifications(_ seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for iteration in 0 ..< Self.iterations {
            let notification = RandomWire.notification(&rng)
            let bytes = try BGPMessage.notification(notification).encode()
            #expect(bytes.count == 21 + notification.data.count)
            #expect(try BGPMessage.decode(bytes: bytes) == .notification(notification), "seed \(seed) iteration \(iteration)")
        }
    }

    @Test(arguments: seeds)
    func routeRefreshes(_ seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for _ in 0 ..< Self.iterations {
            let refresh = RandomWire.routeRefresh(&rng)
            let bytes = try BGPMessage.routeRefresh(refresh).encode()
            #expect(bytes.count == 23)
            #expect(try BGPMessage.decode(bytes: bytes) == .routeRefresh(refresh))
        }
    }

    // MARK: Strict prefixes and trailing octets

    @Test(arguments: WireVectors.all)
    func everyStrictPrefixIsRefused(_ vector: WireVector) {
        for length in 0 ..< vector.bytes.count {
            let error = wireDecodeError(Array(vector.bytes[0 ..< length]), options: vector.options)
            #expect(error?.code == .badMessageLength, "\(vector.name): prefix of \(length) octets")
            #expect(error?.notification.code == .messageHeaderError)
            #expect(error?.notification.subcode == 2)
        }
    }

    @Test(arguments: WireVectors.all)
    func trailingOctetsAreRefused(_ vector: WireVector) {
        for trailer in [[0x00], [0xff], WireVectors.keepalive[0].bytes, vector.bytes] as [[UInt8]] {
            let error = wireDecodeError(vector.bytes + trailer, options: vector.options)
            #expect(error?.code == .badMessageLength, "\(vector.name) + \(trailer.count) octets")
            #expect(error?.notification.code == .messageHeaderError)
            #expect(error?.notification.subcode == 2)
        }
    }

    @Test(arguments: Array(seeds.prefix(8)))
    func strictPrefixesOfRandomMessagesAreRefused(_ seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        for _ in 0 ..< 10 {
            let message = RandomWire.message(&rng, options: .standard)
            let bytes = try message.encode()
            #expect(try BGPMessage.decode(bytes: bytes) == message)
            for length in 0 ..< bytes.count {
                #expect(wireDecodeError(Array(bytes[0 ..< length]))?.code == .badMessageLength)
            }
            #expect(wireDecodeError(bytes + [0])?.code == .badMessageLength)
        }
    }
}
