// UPDATE vectors (RFC 4271 §4.3; RFC 4760 MP_REACH_NLRI / MP_UNREACH_NLRI; RFC 2545 IPv6 next hops;
// RFC 4724 End-of-RIB) and the packing of many prefixes into messages.

import Testing
import NetworkPrimitives
@testable import BGPWire

extension WireVectors {
    /// An eBGP UPDATE from FRR 8.x as Wireshark shows it. FRR writes AS_PATH with the Extended Length
    /// bit even when it is short; the encoder here uses the one-octet length (see `frrUpdateCanonical`).
    static let frrUpdateCapture: [UInt8] = marker + [
        0x00, 0x49,                         // Length 73
        0x02,                               // Type UPDATE
        0x00, 0x00,                         // Withdrawn Routes Length 0
        0x00, 0x2b,                         // Total Path Attribute Length 43
        0x40, 0x01, 0x01, 0x00,             // ORIGIN IGP
        0x50, 0x02, 0x00, 0x0a,             // AS_PATH, Transitive Extended Length, length 10
        0x02, 0x02,                         //   AS_SEQUENCE of 2
        0x00, 0x00, 0xfd, 0xe9,             //     65001
        0x00, 0x00, 0xfd, 0xea,             //     65002
        0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01, // NEXT_HOP 10.0.0.1
        0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x00, // MULTI_EXIT_DISC 0
        0xc0, 0x08, 0x08,                   // COMMUNITIES, length 8
        0xfd, 0xe9, 0x00, 0x64,             //   65001:100
        0xff, 0xff, 0xff, 0x01,             //   NO_EXPORT
        0x18, 0xc6, 0x33, 0x64,             // NLRI 198.51.100.0/24
        0x10, 0xac, 0x10,                   // NLRI 172.16.0.0/16
    ]

    static let frrUpdateCanonical: [UInt8] = marker + [
        0x00, 0x48,                         // Length 72
        0x02,                               // Type UPDATE
        0x00, 0x00,                         // Withdrawn Routes Length 0
        0x00, 0x2a,                         // Total Path Attribute Length 42
        0x40, 0x01, 0x01, 0x00,             // ORIGIN IGP
        0x40, 0x02, 0x0a,                   // AS_PATH, length 10
        0x02, 0x02, 0x00, 0x00, 0xfd, 0xe9, 0x00, 0x00, 0xfd, 0xea, // AS_SEQUENCE 65001 65002
        0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01, // NEXT_HOP 10.0.0.1
        0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x00, // MULTI_EXIT_DISC 0
        0xc0, 0x08, 0x08, 0xfd, 0xe9, 0x00, 0x64, 0xff, 0xff, 0xff, 0x01, // COMMUNITIES 65001:100 NO_EXPORT
        0x18, 0xc6, 0x33, 0x64,             // NLRI 198.51.100.0/24
        0x10, 0xac, 0x10,                   // NLRI 172.16.0.0/16
    ]

    static let frrUpdateMessage = UpdateMessage(
        attributes: PathAttributes(origin: .igp, asPath: ASPath(sequence: [65001, 65002]),
                                   nextHop: IPv4Address(10, 0, 0, 1), multiExitDiscriminator: 0,
                                   communities: [Community(65001, 100), .noExport]),
        nlri: [wirePrefix4(198, 51, 100, 0, 24), wirePrefix4(172, 16, 0, 0, 16)])

    static let ipv4Update: [UInt8] = marker + [
        0x00, 0x4b,                         // Length 75
        0x02,                               // Type UPDATE
        0x00, 0x04,                         // Withdrawn Routes Length 4
        0x18, 0x0a, 0x01, 0x02,             //   10.1.2.0/24
        0x00, 0x23,                         // Total Path Attribute Length 35
        0x40, 0x01, 0x01, 0x01,             // ORIGIN EGP
        0x40, 0x02, 0x0e,                   // AS_PATH, length 14
        0x02, 0x03,                         //   AS_SEQUENCE of 3
        0x00, 0x00, 0xfd, 0xe9,             //     65001
        0x00, 0x00, 0xfd, 0xea,             //     65002
        0x00, 0x00, 0xfd, 0xeb,             //     65003
        0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0xfe, // NEXT_HOP 192.0.2.254
        0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x32, // MULTI_EXIT_DISC 50
        0x20, 0xc0, 0x00, 0x02, 0x01,       // NLRI 192.0.2.1/32
        0x1c, 0xcb, 0x00, 0x71, 0xf0,       // NLRI 203.0.113.240/28
        0x08, 0x0a,                         // NLRI 10.0.0.0/8
        0x00,                               // NLRI 0.0.0.0/0
    ]

    static let ipv4UpdateMessage = UpdateMessage(
        withdrawn: [wirePrefix4(10, 1, 2, 0, 24)],
        attributes: PathAttributes(origin: .egp, asPath: ASPath(sequence: [65001, 65002, 65003]),
                                   nextHop: IPv4Address(192, 0, 2, 254), multiExitDiscriminator: 50),
        nlri: [wirePrefix4(192, 0, 2, 1, 32), wirePrefix4(203, 0, 113, 240, 28), wirePrefix4(10, 0, 0, 0, 8), wirePrefix4(0, 0, 0, 0, 0)])

    /// IPv6 unicast in MP_REACH_NLRI with a global and a link-local next hop (RFC 2545 §3).
    static let ipv6Reach: [UInt8] = marker + [
        0x00, 0x61,                         // Length 97
        0x02,                               // Type UPDATE
        0x00, 0x00,                         // Withdrawn Routes Length 0
        0x00, 0x4a,                         // Total Path Attribute Length 74
        0x80, 0x0e, 0x3a,                   // MP_REACH_NLRI (optional non-transitive), length 58
        0x00, 0x02,                         //   AFI 2 (IPv6)
        0x01,                               //   SAFI 1 (unicast)
        0x20,                               //   Next Hop Length 32
        0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, //   global 2001:db8::1
        0xfe, 0x80, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, //   link-local fe80::1
        0x00,                               //   Reserved
        0x20, 0x20, 0x01, 0x0d, 0xb8,       //   2001:db8::/32
        0x30, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, // 2001:db8:1::/48
        0x40, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x02, 0x00, 0x03, // 2001:db8:2:3::/64
        0x40, 0x01, 0x01, 0x00,             // ORIGIN IGP
        0x40, 0x02, 0x06,                   // AS_PATH, length 6
        0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, //   AS_SEQUENCE 65001
    ]

    static let ipv6ReachMessage = UpdateMessage(
        attributes: PathAttributes(origin: .igp, asPath: ASPath(sequence: [65001])),
        mpReach: MPReachNLRI(family: .ipv6Unicast,
                             nextHop: .ipv6(global: wireIPv6("2001:db8::1"), linkLocal: wireIPv6("fe80::1")),
                             prefixes: .ipv6([wirePrefix6("2001:db8::", 32), wirePrefix6("2001:db8:1::", 48), wirePrefix6("2001:db8:2:3::", 64)])))

    /// IPv6 with a global next hop only, and a /128 and ::/0.
    static let ipv6ReachGlobalOnly: [UInt8] = marker + [
        0x00, 0x68,                         // Length 104
        0x02,                               // Type UPDATE
        0x00, 0x00,                         // Withdrawn Routes Length 0
        0x00, 0x51,                         // Total Path Attribute Length 81
        0x80, 0x0e, 0x27,                   // MP_REACH_NLRI, length 39
        0x00, 0x02, 0x01,                   //   AFI 2, SAFI 1
        0x10,                               //   Next Hop Length 16
        0x20, 0x01, 0x0d, 0xb8, 0xff, 0xff, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, //   2001:db8:ffff::2
        0x00,                               //   Reserved
        0x80, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x09, //   2001:db8::9/128
        0x00,                               //   ::/0
        0x40, 0x01, 0x01, 0x02,             // ORIGIN INCOMPLETE
        0x40, 0x02, 0x0a,                   // AS_PATH, length 10
        0x02, 0x02, 0x00, 0x00, 0xfd, 0xe9, 0xfa, 0x56, 0xea, 0x00, // AS_SEQUENCE 65001 4200000000
        0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x07, // MULTI_EXIT_DISC 7
        0xc0, 0x20, 0x0c, 0xfa, 0x56, 0xea, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, // LARGE 4200000000:1:1
    ]

    static let ipv6ReachGlobalOnlyMessage = UpdateMessage(
        attributes: PathAttributes(origin: .incomplete, asPath: ASPath(sequence: [65001, 4_200_000_000]),
                                   multiExitDiscriminator: 7, largeCommunities: [LargeCommunity(4_200_000_000, 1, 1)]),
        mpReach: MPReachNLRI(family: .ipv6Unicast, nextHop: .ipv6(global: wireIPv6("2001:db8:ffff::2"), linkLocal: nil),
                             prefixes: .ipv6([wirePrefix6("2001:db8::9", 128), wirePrefix6("::", 0)])))

    /// IPv4 NLRI with an IPv6 next hop (RFC 8950).
    static let ipv4OverIPv6NextHop: [UInt8] = marker + [
        0x00, 0x40,                         // Length 64
        0x02,                               // Type UPDATE
        0x00, 0x00,                         // Withdrawn Routes Length 0
        0x00, 0x29,                         // Total Path Attribute Length 41
        0x80, 0x0e, 0x19,                   // MP_REACH_NLRI, length 25
        0x00, 0x01, 0x01,                   //   AFI 1, SAFI 1
        0x10,                               //   Next Hop Length 16
        0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, //   2001:db8::1
        0x00,                               //   Reserved
        0x18, 0xc6, 0x33, 0x64,             //   198.51.100.0/24
        0x40, 0x01, 0x01, 0x00,             // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH 65001
    ]

    static let ipv4OverIPv6NextHopMessage = UpdateMessage(
        attributes: PathAttributes(origin: .igp, asPath: ASPath(sequence: [65001])),
        mpReach: MPReachNLRI(family: .ipv4Unicast, nextHop: .ipv6(global: wireIPv6("2001:db8::1"), linkLocal: nil),
                             prefixes: .ipv4([wirePrefix4(198, 51, 100, 0, 24)])))

    /// A family the codec does not parse (L2VPN EVPN): next hop and NLRI kept as bytes.
    static let evpnReach: [UInt8] = marker + [
        0x00, 0x33,                         // Length 51
        0x02,                               // Type UPDATE
        0x00, 0x00,                         // Withdrawn Routes Length 0
        0x00, 0x1c,                         // Total Path Attribute Length 28
        0x80, 0x0e, 0x0c,                   // MP_REACH_NLRI, length 12
        0x00, 0x19, 0x46,                   //   AFI 25 (L2VPN), SAFI 70 (EVPN)
        0x04, 0xc0, 0x00, 0x02, 0x01,       //   Next Hop Length 4, 192.0.2.1
        0x00,                               //   Reserved
        0x01, 0x02, 0x03,                   //   NLRI, not interpreted
        0x40, 0x01, 0x01, 0x00,             // ORIGIN IGP
        0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH 65001
    ]

    static let evpnReachMessage = UpdateMessage(
        attributes: PathAttributes(origin: .igp, asPath: ASPath(sequence: [65001])),
        mpReach: MPReachNLRI(family: AddressFamily(afi: AFI(rawValue: 25), safi: SAFI(rawValue: 70)),
                             nextHop: .raw([0xc0, 0x00, 0x02, 0x01]), prefixes: .raw([0x01, 0x02, 0x03])))

    static let ipv6Unreach: [UInt8] = marker + [
        0x00, 0x29,                         // Length 41
        0x02,                               // Type UPDATE
        0x00, 0x00,                         // Withdrawn Routes Length 0
        0x00, 0x12,                         // Total Path Attribute Length 18
        0x80, 0x0f, 0x0f,                   // MP_UNREACH_NLRI (optional non-transitive), length 15
        0x00, 0x02, 0x01,                   //   AFI 2, SAFI 1
        0x20, 0x20, 0x01, 0x0d, 0xb8,       //   2001:db8::/32
        0x30, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x01, // 2001:db8:1::/48
    ]

    static let ipv6UnreachMessage = UpdateMessage(
        mpUnreach: MPUnreachNLRI(family: .ipv6Unicast, prefixes: .ipv6([wirePrefix6("2001:db8::", 32), wirePrefix6("2001:db8:1::", 48)])))

    /// Withdraw and announce in one message: MP_UNREACH_NLRI is written first (RFC 7606 §5.1).
    static let ipv6UnreachAndReach: [UInt8] = marker + [
        0x00, 0x48,                         // Length 72
        0x02,                               // Type UPDATE
        0x00, 0x00,                         // Withdrawn Routes Length 0
        0x00, 0x31,                         // Total Path Attribute Length 49
        0x80, 0x0f, 0x08,                   // MP_UNREACH_NLRI, length 8
        0x00, 0x02, 0x01,                   //   AFI 2, SAFI 1
        0x20, 0x20, 0x01, 0x0d, 0xb8,       //   2001:db8::/32
        0x80, 0x0e, 0x1c,                   // MP_REACH_NLRI, length 28
        0x00, 0x02, 0x01, 0x10,             //   AFI 2, SAFI 1, Next Hop Length 16
        0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01, //   2001:db8::1
        0x00,                               //   Reserved
        0x30, 0x20, 0x01, 0x0d, 0xb8, 0x00, 0x07, // 2001:db8:7::/48
        0x40, 0x01, 0x01, 0x00,             // ORIGIN IGP
        0x40, 0x02, 0x00,                   // AS_PATH empty
    ]

    static let ipv6UnreachAndReachMessage = UpdateMessage(
        attributes: PathAttributes(origin: .igp, asPath: .empty),
        mpReach: MPReachNLRI(family: .ipv6Unicast, nextHop: .ipv6(global: wireIPv6("2001:db8::1"), linkLocal: nil),
                             prefixes: .ipv6([wirePrefix6("2001:db8:7::", 48)])),
        mpUnreach: MPUnreachNLRI(family: .ipv6Unicast, prefixes: .ipv6([wirePrefix6("2001:db8::", 32)])))

    /// End-of-RIB for IPv4 unicast: an UPDATE with nothing in it, 23 octets (RFC 4724 §2).
    static let endOfRIBIPv4: [UInt8] = marker + [
        0x00, 0x17,                         // Length 23
        0x02,                               // Type UPDATE
        0x00, 0x00,                         // Withdrawn Routes Length 0
        0x00, 0x00,                         // Total Path Attribute Length 0
    ]

    /// End-of-RIB for IPv6 unicast: an empty MP_UNREACH_NLRI.
    static let endOfRIBIPv6: [UInt8] = marker + [
        0x00, 0x1d,                         // Length 29
        0x02,                               // Type UPDATE
        0x00, 0x00,                         // Withdrawn Routes Length 0
        0x00, 0x06,                         // Total Path Attribute Length 6
        0x80, 0x0f, 0x03,                   // MP_UNREACH_NLRI, length 3
        0x00, 0x02, 0x01,                   //   AFI 2, SAFI 1, no NLRI
    ]

    static let update: [WireVector] = [
        WireVector(name: "UPDATE FRR 8.x capture", bytes: frrUpdateCapture, message: .update(frrUpdateMessage),
                   canonical: frrUpdateCanonical),
        WireVector(name: "UPDATE FRR 8.x canonical", bytes: frrUpdateCanonical, message: .update(frrUpdateMessage)),
        WireVector(name: "UPDATE IPv4", bytes: ipv4Update, message: .update(ipv4UpdateMessage)),
        WireVector(name: "UPDATE MP_REACH IPv6 global+link-local", bytes: ipv6Reach, message: .update(ipv6ReachMessage)),
        WireVector(name: "UPDATE MP_REACH IPv6 global", bytes: ipv6ReachGlobalOnly,
                   message: .update(ipv6ReachGlobalOnlyMessage)),
        WireVector(name: "UPDATE MP_REACH IPv4 with IPv6 next hop", bytes: ipv4OverIPv6NextHop,
                   message: .update(ipv4OverIPv6NextHopMessage)),
        WireVector(name: "UPDATE MP_REACH EVPN raw", bytes: evpnReach, message: .update(evpnReachMessage)),
        WireVector(name: "UPDATE MP_UNREACH IPv6", bytes: ipv6Unreach, message: .update(ipv6UnreachMessage)),
        WireVector(name: "UPDATE MP_UNREACH and MP_REACH", bytes: ipv6UnreachAndReach,
                   message: .update(ipv6UnreachAndReachMessage)),
        WireVector(name: "UPDATE End-of-RIB IPv4", bytes: endOfRIBIPv4, message: .update(UpdateMessage.endOfRIB(.ipv4Unicast))),
        WireVector(name: "UPDATE End-of-RIB IPv6", bytes: endOfRIBIPv6, message: .update(UpdateMessage.endOfRIB(.ipv6Unicast))),
    ]
}

@Suite struct UpdateMessageTests {
    @Test(arguments: WireVectors.update)
    func vector(_ vector: WireVector) throws {
        try checkWireVector(vector)
    }

    @Test func endOfRIB() throws {
        #expect(WireVectors.endOfRIBIPv4.count == 23)
        let ipv4 = try #require(try wireDecodeUpdate(WireVectors.endOfRIBIPv4))
        #expect(ipv4.endOfRIBFamily == .ipv4Unicast)
        let ipv6 = try #require(try wireDecodeUpdate(WireVectors.endOfRIBIPv6))
        #expect(ipv6.endOfRIBFamily == .ipv6Unicast)
        #expect(UpdateMessage.endOfRIB(.ipv6Unicast).mpUnreach == MPUnreachNLRI(family: .ipv6Unicast, prefixes: .ipv6([])))
        #expect(try BGPMessage.update(.endOfRIB(.ipv4Unicast)).encode() == WireVectors.endOfRIBIPv4)
        #expect(try BGPMessage.update(.endOfRIB(.ipv6Unicast)).encode() == WireVectors.endOfRIBIPv6)
        // Messages with content are not End-of-RIB markers.
        #expect(try wireDecodeUpdate(WireVectors.ipv6Unreach)?.endOfRIBFamily == nil)
        #expect(try wireDecodeUpdate(WireVectors.ipv4Update)?.endOfRIBFamily == nil)
        #expect(UpdateMessage(attributes: PathAttributes(origin: .igp)).endOfRIBFamily == nil)
    }

    @Test func prefixViews() throws {
        let update = try #require(try wireDecodeUpdate(WireVectors.ipv6UnreachAndReach))
        #expect(update.allAnnouncedPrefixes == [.v6(wirePrefix6("2001:db8:7::", 48))])
        #expect(update.allWithdrawnPrefixes == [.v6(wirePrefix6("2001:db8::", 32))])
        let ipv4 = try #require(try wireDecodeUpdate(WireVectors.ipv4Update))
        #expect(ipv4.allAnnouncedPrefixes.count == 4)
        #expect(ipv4.allWithdrawnPrefixes == [.v4(wirePrefix4(10, 1, 2, 0, 24))])
        #expect(!ipv4.treatAsWithdraw)
        #expect(ipv4.errorAction == nil)
    }

    @Test func hostBitsPastThePrefixLengthAreCleared() throws {
        let bytes = wireUpdate(attributes: [], withdrawn: [
            0x14, 0x0a, 0x01, 0xff,             // /20 with bits set past the length: 10.1.240.0/20
            0x01, 0xff,                         // /1: 128.0.0.0/1
        ])
        let update = try #require(try wireDecodeUpdate(bytes))
        #expect(update.withdrawn == [wirePrefix4(10, 1, 240, 0, 20), wirePrefix4(128, 0, 0, 0, 1)])
    }

    // MARK: Packing (encodeAnnouncements / encodeWithdrawals)

    static func randomPrefixes(count: Int, seed: UInt64) -> [IPv4Prefix] {
        var rng = SeededGenerator(seed: seed)
        return (0 ..< count).map { _ in
            IPv4Prefix(masking: IPv4Address(rawValue: UInt32.random(in: 0 ... .max, using: &rng)),
                       length: Int.random(in: 0 ... 32, using: &rng))!
        }
    }

    static let packingAttributes = PathAttributes(
        origin: .igp, asPath: ASPath(sequence: [65001, 4_200_000_000]), nextHop: IPv4Address(169, 254, 10, 1),
        multiExitDiscriminator: 10, communities: [Community(65001, 1), .noExport],
        unrecognized: [RawAttribute(flags: [.optional, .transitive, .partial], type: 99, value: [1, 2, 3])])

    @Test(arguments: [CodecOptions.standard, CodecOptions(extendedMessage: true), CodecOptions(fourOctetAS: false)])
    func announcementsAreSplitToFit(_ options: CodecOptions) throws {
        let prefixes = Self.randomPrefixes(count: 5000, seed: 0xB6B)
        let messages = try UpdateMessage.encodeAnnouncements(prefixes, attributes: Self.packingAttributes, options: options)
        #expect(messages.count > 1 || options.extendedMessage)
        var decoded: [IPv4Prefix] = []
        for (index, bytes) in messages.enumerated() {
            #expect(bytes.count <= options.maxMessageLength)
            #expect(Int(bytes[16]) << 8 | Int(bytes[17]) == bytes.count)
            let update = try #require(try wireDecodeUpdate(bytes, options: options))
            var attributes = update.attributes
            if !options.fourOctetAS { attributes = attributes.mergingAS4Attributes() }
            #expect(attributes == Self.packingAttributes)
            #expect(update.malformations.isEmpty)
            #expect(update.withdrawn.isEmpty)
            #expect(!update.nlri.isEmpty)
            decoded += update.nlri
            // Each full message is full: the next prefix would not have fitted.
            if index < messages.count - 1 {
                let next = prefixes[decoded.count]
                #expect(bytes.count + NLRICodec.encodedSize(next) > options.maxMessageLength)
            }
        }
        #expect(decoded == prefixes)
    }

    @Test(arguments: [CodecOptions.standard, CodecOptions(extendedMessage: true)])
    func withdrawalsAreSplitToFit(_ options: CodecOptions) throws {
        let prefixes = Self.randomPrefixes(count: 5000, seed: 0x5EED)
        let messages = UpdateMessage.encodeWithdrawals(prefixes, options: options)
        var decoded: [IPv4Prefix] = []
        for (index, bytes) in messages.enumerated() {
            #expect(bytes.count <= options.maxMessageLength)
            let update = try #require(try wireDecodeUpdate(bytes, options: options))
            #expect(update.attributes.isEmpty)
            #expect(update.nlri.isEmpty)
            #expect(update.malformations.isEmpty)
            decoded += update.withdrawn
            if index < messages.count - 1 {
                #expect(bytes.count + NLRICodec.encodedSize(prefixes[decoded.count]) > options.maxMessageLength)
            }
        }
        #expect(decoded == prefixes)
    }

    @Test func emptyInputsGiveOneMessage() throws {
        let announcements = try UpdateMessage.encodeAnnouncements([], attributes: Self.packingAttributes, options: .standard)
        #expect(announcements.count == 1)
        let withdrawals = UpdateMessage.encodeWithdrawals([], options: .standard)
        #expect(withdrawals == [WireVectors.endOfRIBIPv4])
    }

    // MARK: Maximum length

    static func update(totalLength: Int) -> [UInt8] {
        let attributes: [UInt8] = [
            0x40, 0x01, 0x01, 0x00,                               // ORIGIN IGP
            0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH 65001
            0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01,             // NEXT_HOP 10.0.0.1
        ]
        var nlriLength = totalLength - 19 - 4 - attributes.count
        var nlri: [UInt8] = []
        var third: UInt8 = 0
        var second: UInt8 = 0
        while nlriLength >= 4 && nlriLength != 5 {
            nlri += [24, 10, second, third]   // 10.x.y.0/24
            third &+= 1
            if third == 0 { second += 1 }
            nlriLength -= 4
        }
        switch nlriLength {
        case 0: break
        case 1: nlri += [0]                      // 0.0.0.0/0
        case 2: nlri += [8, 11]                  // 11.0.0.0/8
        case 3: nlri += [16, 12, 0]              // 12.0.0.0/16
        default: nlri += [8, 11, 16, 12, 0]      // 5: 11.0.0.0/8 and 12.0.0.0/16
        }
        return wireUpdate(attributes: attributes, nlri: nlri)
    }

    @Test func length4097NeedsExtendedMessage() throws {
        let bytes = Self.update(totalLength: 4097)
        #expect(bytes.count == 4097)
        let error = wireDecodeError(bytes)
        #expect(error?.code == .badMessageLength)
        #expect(error?.notification == NotificationMessage(code: .messageHeaderError, subcode: 2, data: [0x10, 0x01]))
        let update = try #require(try wireDecodeUpdate(bytes, options: CodecOptions(extendedMessage: true)))
        #expect(update.nlri.count == 1014)
        #expect(update.malformations.isEmpty)
        // And the codec writes it back only when Extended Message is negotiated.
        #expect(try BGPMessage.update(update).encode(options: CodecOptions(extendedMessage: true)) == bytes)
        do {
            _ = try BGPMessage.update(update).encode(options: .standard)
            Issue.record("a 4097-octet UPDATE was encoded for a 4096-octet session")
        } catch {
            #expect(error == BGPEncodeError(length: 4097, maximum: 4096))
        }
    }

    @Test func length4096IsAccepted() throws {
        let bytes = Self.update(totalLength: 4096)
        #expect(bytes.count == 4096)
        let update = try #require(try wireDecodeUpdate(bytes))
        #expect(try BGPMessage.update(update).encode() == bytes)
    }

    @Test func failedEncodeAppendsNothing() throws {
        let update = try #require(try wireDecodeUpdate(Self.update(totalLength: 5000), options: CodecOptions(extendedMessage: true)))
        var writer = ByteWriter()
        writer.write(contentsOf: [1, 2, 3] as [UInt8])
        do {
            try BGPMessage.update(update).encode(into: &writer, options: .standard)
            Issue.record("encoded past the maximum")
        } catch {
            #expect(error.length == 5000)
            #expect(error.maximum == 4096)
        }
        #expect(writer.bytes == [1, 2, 3])
        try BGPMessage.keepalive.encode(into: &writer)
        #expect(writer.bytes == [1, 2, 3] + WireVectors.keepalive[0].bytes)
    }
}
