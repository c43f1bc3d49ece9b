// Path attribute vectors (RFC 4271 §4.3, §5; RFC 1997, 4360, 4456, 5065, 6793, 8092, 9234), each in
// an UPDATE with no NLRI, checked in both directions.

import Testing
import NetworkPrimitives
@testable import BGPWire

/// One path attribute field and the attributes it decodes to.
struct AttributeVector: Sendable, CustomTestStringConvertible {
    var name: String
    /// The Path Attributes field.
    var bytes: [UInt8]
    var attributes: PathAttributes
    var options: CodecOptions = .standard
    /// The field the encoder writes, when it differs from `bytes`.
    var canonical: [UInt8]? = nil

    var testDescription: String { name }

    var wireVector: WireVector {
        WireVector(name: "UPDATE attribute \(name)", bytes: wireUpdate(attributes: bytes),
                   message: .update(UpdateMessage(attributes: attributes)), options: options,
                   canonical: canonical.map { wireUpdate(attributes: $0) })
    }
}

extension WireVectors {
    /// A 4-octet-AS session with an internal peer (LOCAL_PREF, ORIGINATOR_ID, CLUSTER_LIST, confederations).
    static let internalPeer = CodecOptions(fourOctetAS: true, peerIsExternal: false)
    /// A 2-octet-AS ("OLD", RFC 6793) session with an external peer.
    static let twoOctetPeer = CodecOptions(fourOctetAS: false, peerIsExternal: true)
    /// A 2-octet-AS session with an internal (confederation) peer.
    static let twoOctetInternalPeer = CodecOptions(fourOctetAS: false, peerIsExternal: false)

    /// 70 communities: 280 octets, more than the one-octet length holds.
    static let manyCommunities: [Community] = (1 ... 70).map { Community(65001, UInt16($0)) }

    static let longCommunitiesField: [UInt8] = [
        0xd0,                   // Flags: Optional, Transitive, Extended Length
        0x08,                   // COMMUNITIES
        0x01, 0x18,             // Length 280 (2 octets)
    ] + manyCommunities.flatMap { community -> [UInt8] in [0xfd, 0xe9, 0x00, UInt8(community.low)] } // 65001:1 ... 65001:70

    /// 300 ASNs in one logical AS_SEQUENCE: two segments on the wire (255 + 45), 1204 octets.
    static let longPath: [ASNumber] = (1 ... 300).map { ASNumber(rawValue: 4_200_000_000 + UInt32($0)) }

    static let longASPathField: [UInt8] = [
        0x50,                   // Flags: Transitive, Extended Length
        0x02,                   // AS_PATH
        0x04, 0xb4,             // Length 1204 (2 octets)
        0x02, 0xff,             // AS_SEQUENCE of 255
    ] + longPath[0 ..< 255].flatMap(bigEndian) + [
        0x02, 0x2d,             // AS_SEQUENCE of 45
    ] + longPath[255...].flatMap(bigEndian)

    /// A 300-octet unknown optional transitive attribute (type 200), already marked Partial.
    static let longUnknownValue: [UInt8] = (0 ..< 300).map { UInt8(truncatingIfNeeded: $0 &* 7) }

    static let attributeVectors: [AttributeVector] = [
        AttributeVector(name: "ORIGIN IGP", bytes: [
            0x40, 0x01, 0x01, 0x00, // ORIGIN IGP
        ], attributes: PathAttributes(origin: .igp)),
        AttributeVector(name: "ORIGIN EGP", bytes: [
            0x40, 0x01, 0x01, 0x01, // ORIGIN EGP
        ], attributes: PathAttributes(origin: .egp)),
        AttributeVector(name: "ORIGIN INCOMPLETE", bytes: [
            0x40, 0x01, 0x01, 0x02, // ORIGIN INCOMPLETE
        ], attributes: PathAttributes(origin: .incomplete)),

        AttributeVector(name: "AS_PATH 4-octet sequence and set", bytes: [
            0x40, 0x02, 0x18,       // AS_PATH, length 24
            0x02, 0x03,             // AS_SEQUENCE of 3
            0x00, 0x00, 0xfd, 0xe9, //   65001
            0xfa, 0x56, 0xea, 0x00, //   4200000000
            0x00, 0x00, 0xfd, 0xeb, //   65003
            0x01, 0x02,             // AS_SET of 2
            0x00, 0x00, 0xfc, 0x00, //   64512
            0x00, 0x00, 0xfc, 0x01, //   64513
        ], attributes: PathAttributes(asPath: ASPath(segments: [
            ASPathSegment(type: .asSequence, asns: [65001, 4_200_000_000, 65003]),
            ASPathSegment(type: .asSet, asns: [64512, 64513]),
        ]))),
        AttributeVector(name: "AS_PATH 2-octet sequence and set", bytes: [
            0x40, 0x02, 0x0e,       // AS_PATH, length 14
            0x02, 0x03,             // AS_SEQUENCE of 3
            0xfd, 0xe9,             //   65001
            0x5b, 0xa0,             //   23456 (AS_TRANS)
            0xfd, 0xeb,             //   65003
            0x01, 0x02,             // AS_SET of 2
            0xfc, 0x00,             //   64512
            0xfc, 0x01,             //   64513
        ], attributes: PathAttributes(asPath: ASPath(segments: [
            ASPathSegment(type: .asSequence, asns: [65001, 23456, 65003]),
            ASPathSegment(type: .asSet, asns: [64512, 64513]),
        ])), options: twoOctetPeer),
        AttributeVector(name: "AS_PATH 4-octet confederation", bytes: [
            0x40, 0x02, 0x16,       // AS_PATH, length 22
            0x03, 0x02,             // AS_CONFED_SEQUENCE of 2
            0x00, 0x00, 0xfd, 0xe8, //   65000
            0x00, 0x00, 0xfd, 0xe9, //   65001
            0x04, 0x01,             // AS_CONFED_SET of 1
            0x00, 0x00, 0xfd, 0xea, //   65002
            0x02, 0x01,             // AS_SEQUENCE of 1
            0x00, 0x00, 0x0b, 0x62, //   2914
        ], attributes: PathAttributes(asPath: ASPath(segments: [
            ASPathSegment(type: .confedSequence, asns: [65000, 65001]),
            ASPathSegment(type: .confedSet, asns: [65002]),
            ASPathSegment(type: .asSequence, asns: [2914]),
        ])), options: internalPeer),
        AttributeVector(name: "AS_PATH 2-octet confederation", bytes: [
            0x40, 0x02, 0x0e,       // AS_PATH, length 14
            0x03, 0x02,             // AS_CONFED_SEQUENCE of 2
            0xfd, 0xe8, 0xfd, 0xe9, //   65000 65001
            0x04, 0x01,             // AS_CONFED_SET of 1
            0xfd, 0xea,             //   65002
            0x02, 0x01,             // AS_SEQUENCE of 1
            0x0b, 0x62,             //   2914
        ], attributes: PathAttributes(asPath: ASPath(segments: [
            ASPathSegment(type: .confedSequence, asns: [65000, 65001]),
            ASPathSegment(type: .confedSet, asns: [65002]),
            ASPathSegment(type: .asSequence, asns: [2914]),
        ])), options: twoOctetInternalPeer),
        AttributeVector(name: "AS_PATH empty (iBGP, locally originated)", bytes: [
            0x40, 0x02, 0x00,       // AS_PATH, length 0
        ], attributes: PathAttributes(asPath: .empty), options: internalPeer),
        AttributeVector(name: "AS_PATH 300 ASNs, extended length", bytes: longASPathField,
                        attributes: PathAttributes(asPath: ASPath(sequence: longPath))),

        AttributeVector(name: "NEXT_HOP", bytes: [
            0x40, 0x03, 0x04,       // NEXT_HOP, length 4
            0xc0, 0x00, 0x02, 0x01, //   192.0.2.1
        ], attributes: PathAttributes(nextHop: IPv4Address(192, 0, 2, 1))),
        AttributeVector(name: "MULTI_EXIT_DISC", bytes: [
            0x80, 0x04, 0x04,       // MULTI_EXIT_DISC (optional non-transitive), length 4
            0x00, 0x00, 0x01, 0xf4, //   500
        ], attributes: PathAttributes(multiExitDiscriminator: 500)),
        AttributeVector(name: "LOCAL_PREF (internal peer)", bytes: [
            0x40, 0x05, 0x04,       // LOCAL_PREF (well-known), length 4
            0x00, 0x00, 0x00, 0xc8, //   200
        ], attributes: PathAttributes(localPreference: 200), options: internalPeer),
        AttributeVector(name: "ATOMIC_AGGREGATE", bytes: [
            0x40, 0x06, 0x00,       // ATOMIC_AGGREGATE, length 0
        ], attributes: PathAttributes(atomicAggregate: true)),
        AttributeVector(name: "AGGREGATOR 4-octet", bytes: [
            0xc0, 0x07, 0x08,       // AGGREGATOR (optional transitive), length 8
            0xfa, 0x56, 0xea, 0x00, //   AS 4200000000
            0xc0, 0x00, 0x02, 0x01, //   192.0.2.1
        ], attributes: PathAttributes(aggregator: Aggregator(asn: 4_200_000_000, address: IPv4Address(192, 0, 2, 1)))),
        AttributeVector(name: "AGGREGATOR 2-octet", bytes: [
            0xc0, 0x07, 0x06,       // AGGREGATOR, length 6
            0xfd, 0xe9,             //   AS 65001
            0xc0, 0x00, 0x02, 0x01, //   192.0.2.1
        ], attributes: PathAttributes(aggregator: Aggregator(asn: 65001, address: IPv4Address(192, 0, 2, 1))),
        options: twoOctetPeer),
        AttributeVector(name: "COMMUNITIES", bytes: [
            0xc0, 0x08, 0x10,       // COMMUNITIES (optional transitive), length 16
            0xfd, 0xe9, 0x00, 0x64, //   65001:100
            0xff, 0xff, 0xff, 0x01, //   NO_EXPORT
            0xff, 0xff, 0xff, 0x02, //   NO_ADVERTISE
            0xff, 0xff, 0xff, 0x03, //   NO_EXPORT_SUBCONFED
        ], attributes: PathAttributes(communities: [Community(65001, 100), .noExport, .noAdvertise, .noExportSubconfed])),
        AttributeVector(name: "ORIGINATOR_ID (internal peer)", bytes: [
            0x80, 0x09, 0x04,       // ORIGINATOR_ID (optional non-transitive), length 4
            0x0a, 0x00, 0x00, 0x05, //   10.0.0.5
        ], attributes: PathAttributes(originatorID: IPv4Address(10, 0, 0, 5)), options: internalPeer),
        AttributeVector(name: "CLUSTER_LIST (internal peer)", bytes: [
            0x80, 0x0a, 0x08,       // CLUSTER_LIST (optional non-transitive), length 8
            0x0a, 0x00, 0x00, 0x01, //   10.0.0.1
            0x0a, 0x00, 0x00, 0x02, //   10.0.0.2
        ], attributes: PathAttributes(clusterList: [IPv4Address(10, 0, 0, 1), IPv4Address(10, 0, 0, 2)]),
        options: internalPeer),
        AttributeVector(name: "EXTENDED_COMMUNITIES", bytes: [
            0xc0, 0x10, 0x18,       // EXTENDED_COMMUNITIES (optional transitive), length 24
            0x00, 0x02, 0xfd, 0xe9, 0x00, 0x00, 0x00, 0x64, // Route Target 65001:100 (2-octet AS specific)
            0x00, 0x03, 0xfd, 0xe9, 0x00, 0x00, 0x00, 0x01, // Route Origin 65001:1
            0x02, 0x02, 0xfa, 0x56, 0xea, 0x00, 0x00, 0x07, // Route Target 4200000000:7 (4-octet AS specific)
        ], attributes: PathAttributes(extendedCommunities: [
            .routeTarget(asn: 65001, value: 100),
            ExtendedCommunity(rawValue: 0x0003_FDE9_0000_0001),
            ExtendedCommunity(rawValue: 0x0202_FA56_EA00_0007),
        ])),
        AttributeVector(name: "AS4_PATH and AS4_AGGREGATOR (2-octet session)", bytes: [
            0x40, 0x02, 0x06,       // AS_PATH, length 6
            0x02, 0x02,             // AS_SEQUENCE of 2
            0xfd, 0xe9,             //   65001
            0x5b, 0xa0,             //   23456 (AS_TRANS)
            0xc0, 0x07, 0x06,       // AGGREGATOR, length 6
            0x5b, 0xa0,             //   AS_TRANS
            0xc0, 0x00, 0x02, 0x01, //   192.0.2.1
            0xc0, 0x11, 0x0a,       // AS4_PATH (optional transitive), length 10
            0x02, 0x02,             // AS_SEQUENCE of 2
            0x00, 0x00, 0xfd, 0xe9, //   65001
            0xfa, 0x56, 0xea, 0x00, //   4200000000
            0xc0, 0x12, 0x08,       // AS4_AGGREGATOR (optional transitive), length 8
            0xfa, 0x56, 0xea, 0x00, //   AS 4200000000
            0xc0, 0x00, 0x02, 0x01, //   192.0.2.1
        ], attributes: PathAttributes(
            asPath: ASPath(sequence: [65001, 23456]),
            aggregator: Aggregator(asn: 23456, address: IPv4Address(192, 0, 2, 1)),
            as4Path: ASPath(sequence: [65001, 4_200_000_000]),
            as4Aggregator: Aggregator(asn: 4_200_000_000, address: IPv4Address(192, 0, 2, 1))),
        options: twoOctetPeer),
        AttributeVector(name: "LARGE_COMMUNITY", bytes: [
            0xc0, 0x20, 0x18,       // LARGE_COMMUNITY (optional transitive), length 24
            0xfa, 0x56, 0xea, 0x00, //   Global Administrator 4200000000
            0x00, 0x00, 0x00, 0x01, //   Local Data 1
            0x00, 0x00, 0x00, 0x02, //   Local Data 2
            0x00, 0x00, 0xfd, 0xe9, //   65001
            0xff, 0xff, 0xff, 0xff, //   4294967295
            0x00, 0x00, 0x00, 0x00, //   0
        ], attributes: PathAttributes(largeCommunities: [LargeCommunity(4_200_000_000, 1, 2),
                                                         LargeCommunity(65001, 4_294_967_295, 0)])),
        AttributeVector(name: "ONLY_TO_CUSTOMER", bytes: [
            0xc0, 0x23, 0x04,       // ONLY_TO_CUSTOMER (optional transitive), length 4
            0x00, 0x00, 0xfd, 0xe9, //   AS 65001
        ], attributes: PathAttributes(onlyToCustomer: 65001)),

        AttributeVector(name: "unknown optional transitive gets the Partial bit", bytes: [
            0xc0, 0x63, 0x03,       // type 99, Optional Transitive, length 3
            0x01, 0x02, 0x03,
        ], attributes: PathAttributes(unrecognized: [RawAttribute(flags: [.optional, .transitive], type: 99,
                                                                  value: [1, 2, 3])]),
        canonical: [
            0xe0, 0x63, 0x03,       // type 99, Optional Transitive Partial, length 3
            0x01, 0x02, 0x03,
        ]),
        AttributeVector(name: "unknown optional transitive already Partial", bytes: [
            0xe0, 0x63, 0x03,       // type 99, Optional Transitive Partial, length 3
            0x01, 0x02, 0x03,
        ], attributes: PathAttributes(unrecognized: [RawAttribute(flags: [.optional, .transitive, .partial], type: 99,
                                                                  value: [1, 2, 3])])),
        AttributeVector(name: "unknown optional non-transitive is dropped", bytes: [
            0x80, 0x64, 0x02,       // type 100, Optional non-transitive, length 2
            0xaa, 0xbb,
        ], attributes: PathAttributes(), canonical: []),
        AttributeVector(name: "unknown optional transitive, 300 octets", bytes: [
            0xf0, 0xc8,             // type 200, Optional Transitive Partial Extended Length
            0x01, 0x2c,             // Length 300
        ] + longUnknownValue, attributes: PathAttributes(unrecognized: [
            RawAttribute(flags: [.optional, .transitive, .partial], type: 200, value: longUnknownValue)])),
        AttributeVector(name: "unknown optional transitive, Extended Length although short", bytes: [
            0xd0, 0x63,             // type 99, Optional Transitive Extended Length
            0x00, 0x02,             // Length 2
            0xaa, 0xbb,
        ], attributes: PathAttributes(unrecognized: [RawAttribute(flags: [.optional, .transitive], type: 99,
                                                                  value: [0xaa, 0xbb])]),
        canonical: [
            0xe0, 0x63, 0x02,       // type 99, Optional Transitive Partial, length 2
            0xaa, 0xbb,
        ]),

        AttributeVector(name: "COMMUNITIES 280 octets, extended length", bytes: longCommunitiesField,
                        attributes: PathAttributes(communities: manyCommunities)),
        AttributeVector(name: "ORIGIN sent with Extended Length", bytes: [
            0x50, 0x01,             // ORIGIN, Transitive Extended Length
            0x00, 0x01,             // Length 1 (2 octets)
            0x00,                   //   IGP
        ], attributes: PathAttributes(origin: .igp), canonical: [
            0x40, 0x01, 0x01, 0x00, // ORIGIN IGP
        ]),
        AttributeVector(name: "COMMUNITIES sent with Extended Length", bytes: [
            0xd0, 0x08,             // COMMUNITIES, Optional Transitive Extended Length
            0x00, 0x04,             // Length 4 (2 octets)
            0xff, 0xff, 0xff, 0x01, //   NO_EXPORT
        ], attributes: PathAttributes(communities: [.noExport]), canonical: [
            0xc0, 0x08, 0x04, 0xff, 0xff, 0xff, 0x01,
        ]),
        AttributeVector(name: "COMMUNITIES with the Partial bit", bytes: [
            0xe0, 0x08, 0x04,       // COMMUNITIES, Optional Transitive Partial
            0xfd, 0xe9, 0x00, 0x01, //   65001:1
        ], attributes: PathAttributes(communities: [Community(65001, 1)]), canonical: [
            0xc0, 0x08, 0x04, 0xfd, 0xe9, 0x00, 0x01,
        ]),

        AttributeVector(name: "every attribute (internal peer)", bytes: [
            0x40, 0x01, 0x01, 0x02, // ORIGIN INCOMPLETE
            0x40, 0x02, 0x10,       // AS_PATH, length 16
            0x03, 0x01, 0x00, 0x00, 0xfd, 0xe8, //   AS_CONFED_SEQUENCE (65000)
            0x02, 0x02, 0x00, 0x00, 0xfd, 0xe9, 0x00, 0x00, 0xfd, 0xea, // AS_SEQUENCE 65001 65002
            0x40, 0x03, 0x04, 0x0a, 0x00, 0x00, 0x01, // NEXT_HOP 10.0.0.1
            0x80, 0x04, 0x04, 0x00, 0x00, 0x00, 0x64, // MULTI_EXIT_DISC 100
            0x40, 0x05, 0x04, 0x00, 0x00, 0x01, 0x2c, // LOCAL_PREF 300
            0x40, 0x06, 0x00,                         // ATOMIC_AGGREGATE
            0xc0, 0x07, 0x08, 0x00, 0x00, 0xfd, 0xea, 0x0a, 0x00, 0x00, 0x02, // AGGREGATOR 65002 10.0.0.2
            0xc0, 0x08, 0x08, 0xfd, 0xe9, 0x00, 0x01, 0xff, 0xff, 0x00, 0x00, // COMMUNITIES 65001:1 GRACEFUL_SHUTDOWN
            0x80, 0x09, 0x04, 0x0a, 0x00, 0x00, 0x03, // ORIGINATOR_ID 10.0.0.3
            0x80, 0x0a, 0x04, 0x0a, 0x00, 0x00, 0x04, // CLUSTER_LIST 10.0.0.4
            0xc0, 0x10, 0x08, 0x00, 0x02, 0xfd, 0xe9, 0x00, 0x00, 0x00, 0x01, // EXTENDED_COMMUNITIES rt:65001:1
            0xc0, 0x20, 0x0c, 0x00, 0x00, 0xfd, 0xe9, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, // LARGE 65001:1:2
            0xc0, 0x23, 0x04, 0x00, 0x00, 0xfd, 0xe9, // ONLY_TO_CUSTOMER 65001
            0xe0, 0x63, 0x01, 0xff,                   // unknown type 99, Partial
        ], attributes: PathAttributes(
            origin: .incomplete,
            asPath: ASPath(segments: [ASPathSegment(type: .confedSequence, asns: [65000]),
                                      ASPathSegment(type: .asSequence, asns: [65001, 65002])]),
            nextHop: IPv4Address(10, 0, 0, 1), multiExitDiscriminator: 100, localPreference: 300,
            atomicAggregate: true, aggregator: Aggregator(asn: 65002, address: IPv4Address(10, 0, 0, 2)),
            communities: [Community(65001, 1), .gracefulShutdown], originatorID: IPv4Address(10, 0, 0, 3),
            clusterList: [IPv4Address(10, 0, 0, 4)], extendedCommunities: [.routeTarget(asn: 65001, value: 1)],
            largeCommunities: [LargeCommunity(65001, 1, 2)], onlyToCustomer: 65001,
            unrecognized: [RawAttribute(flags: [.optional, .transitive, .partial], type: 99, value: [0xff])]),
        options: internalPeer),
    ]

    static var pathAttributes: [WireVector] { attributeVectors.map(\.wireVector) }
}

private func bigEndian(_ asn: ASNumber) -> [UInt8] {
    [UInt8(asn.rawValue >> 24), UInt8((asn.rawValue >> 16) & 0xFF), UInt8((asn.rawValue >> 8) & 0xFF),
     UInt8(asn.rawValue & 0xFF)]
}

@Suite struct PathAttributeVectorTests {
    @Test(arguments: WireVectors.attributeVectors)
    func vector(_ vector: AttributeVector) throws {
        try checkWireVector(vector.wireVector)
        // The attribute field alone, through the PathAttributes encoder.
        var writer = ByteWriter()
        vector.attributes.encode(into: &writer, options: vector.options)
        #expect(writer.bytes == (vector.canonical ?? vector.bytes))
        #expect(vector.attributes.encodedSize(options: vector.options) == (vector.canonical ?? vector.bytes).count)
    }

    @Test func unknownTransitiveIsResentWithPartialBit() throws {
        let bytes = wireUpdate(attributes: [0xc0, 0x63, 0x03, 0x01, 0x02, 0x03])
        let update = try #require(try wireDecodeUpdate(bytes))
        let encoded = try BGPMessage.update(update).encode()
        // Header 19, Withdrawn Routes Length 2, Total Path Attribute Length 2: the flags octet is at 23.
        #expect(encoded[23] & 0x20 == 0x20)
        #expect(encoded[23] == 0xe0)
        #expect(Array(encoded[24...]) == [0x63, 0x03, 0x01, 0x02, 0x03])
    }

    @Test func unknownNonTransitiveIsIgnoredQuietly() throws {
        let bytes = wireUpdate(attributes: [
            0x40, 0x01, 0x01, 0x00,       // ORIGIN IGP
            0x80, 0x64, 0x02, 0xaa, 0xbb, // type 100, optional non-transitive
            0x80, 0xfe, 0x00,             // type 254, optional non-transitive, empty
        ])
        let update = try #require(try wireDecodeUpdate(bytes))
        #expect(update.attributes == PathAttributes(origin: .igp))
        #expect(update.malformations.isEmpty)
    }

    @Test func extendedLengthIsUsedOnlyAbove255() throws {
        // 63 communities = 252 octets: one-octet length. 64 = 256 octets: two-octet length.
        for (count, flags, headerLength) in [(63, UInt8(0xc0), 3), (64, UInt8(0xd0), 4)] {
            let attributes = PathAttributes(communities: (0 ..< count).map { Community(65001, UInt16($0)) })
            var writer = ByteWriter()
            attributes.encode(into: &writer, options: .standard)
            #expect(writer.bytes[0] == flags)
            #expect(writer.bytes.count == headerLength + count * 4)
            let update = try #require(try wireDecodeUpdate(wireUpdate(attributes: writer.bytes)))
            #expect(update.attributes == attributes)
        }
    }

    // MARK: Session-dependent attributes

    @Test func localPreferenceFromExternalPeerIsDiscarded() throws {
        let bytes = wireUpdate(attributes: [0x40, 0x05, 0x04, 0x00, 0x00, 0x00, 0xc8])
        let update = try #require(try wireDecodeUpdate(bytes, options: .standard))
        #expect(update.attributes.localPreference == nil)
        #expect(update.malformations.map(\.action) == [.attributeDiscard])
        #expect(update.malformations.map(\.attributeType) == [5])
    }

    @Test func routeReflectionAttributesFromExternalPeerAreDiscarded() throws {
        let bytes = wireUpdate(attributes: [
            0x80, 0x09, 0x04, 0x0a, 0x00, 0x00, 0x05, // ORIGINATOR_ID
            0x80, 0x0a, 0x04, 0x0a, 0x00, 0x00, 0x01, // CLUSTER_LIST
        ])
        let update = try #require(try wireDecodeUpdate(bytes, options: .standard))
        #expect(update.attributes.originatorID == nil)
        #expect(update.attributes.clusterList.isEmpty)
        #expect(update.malformations.map(\.action) == [.attributeDiscard, .attributeDiscard])
        #expect(update.malformations.map(\.attributeType) == [9, 10])
    }

    @Test func confederationSegmentsFromExternalPeerAreTreatedAsWithdraw() throws {
        let bytes = wireUpdate(attributes: [
            0x40, 0x02, 0x06, 0x03, 0x01, 0x00, 0x00, 0xfd, 0xe8, // AS_CONFED_SEQUENCE (65000)
        ])
        let update = try #require(try wireDecodeUpdate(bytes, options: .standard))
        #expect(update.attributes.asPath == nil)
        #expect(update.malformations.map(\.action) == [.treatAsWithdraw])
        #expect(update.malformations.map(\.subcode) == [UpdateMessageSubcode.malformedASPath])
    }

    @Test func as4AttributesBetweenFourOctetSpeakersAreDiscarded() throws {
        // RFC 6793 §6: a NEW speaker discards AS4_PATH / AS4_AGGREGATOR received from a NEW speaker.
        let bytes = wireUpdate(attributes: [
            0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9,       // AS_PATH 65001
            0xc0, 0x11, 0x06, 0x02, 0x01, 0xfa, 0x56, 0xea, 0x00,       // AS4_PATH 4200000000
            0xc0, 0x12, 0x08, 0xfa, 0x56, 0xea, 0x00, 0xc0, 0x00, 0x02, 0x01, // AS4_AGGREGATOR
        ])
        let fourOctet = try #require(try wireDecodeUpdate(bytes, options: .standard))
        #expect(fourOctet.attributes == PathAttributes(asPath: ASPath(sequence: [65001])))
        #expect(fourOctet.malformations.map(\.action) == [.attributeDiscard, .attributeDiscard])
    }

    @Test func as4AttributesMergeBackToTheTruePath() throws {
        let vector = try #require(WireVectors.attributeVectors.first { $0.name.hasPrefix("AS4_PATH") })
        let update = try #require(try wireDecodeUpdate(wireUpdate(attributes: vector.bytes), options: WireVectors.twoOctetPeer))
        let merged = update.attributes.mergingAS4Attributes()
        #expect(merged == PathAttributes(asPath: ASPath(sequence: [65001, 4_200_000_000]),
                                         aggregator: Aggregator(asn: 4_200_000_000, address: IPv4Address(192, 0, 2, 1))))
        // A 4-octet speaker writing the true attributes to a 2-octet session derives the same bytes.
        var writer = ByteWriter()
        merged.encode(into: &writer, options: WireVectors.twoOctetPeer)
        #expect(writer.bytes == vector.bytes)
    }

    @Test func noAS4PathWhenEveryASNFitsTwoOctets() {
        let attributes = PathAttributes(asPath: ASPath(sequence: [65001, 23456, 65535]),
                                        aggregator: Aggregator(asn: 65535, address: IPv4Address(10, 0, 0, 1)))
        var writer = ByteWriter()
        attributes.encode(into: &writer, options: WireVectors.twoOctetPeer)
        #expect(writer.bytes == [
            0x40, 0x02, 0x08, 0x02, 0x03, 0xfd, 0xe9, 0x5b, 0xa0, 0xff, 0xff, // AS_PATH 65001 23456 65535
            0xc0, 0x07, 0x06, 0xff, 0xff, 0x0a, 0x00, 0x00, 0x01,             // AGGREGATOR 65535 10.0.0.1
        ])
    }

    // MARK: Communities

    @Test(arguments: [
        (Community.gracefulShutdown, "graceful-shutdown"), (.acceptOwn, "accept-own"), (.llgrStale, "llgr-stale"),
        (.noLLGR, "no-llgr"), (.blackhole, "blackhole"), (.noExport, "no-export"), (.noAdvertise, "no-advertise"),
        (.noExportSubconfed, "local-AS"), (.noPeer, "no-peer"), (Community(65001, 100), "65001:100"),
        (Community(0, 0), "0:0"), (Community(65535, 65535), "65535:65535"),
    ])
    func communityDescription(_ community: Community, _ text: String) {
        #expect(community.description == text)
        #expect(Community(text) == community)
    }

    @Test func decodedCommunitiesDescribeWellKnownNames() throws {
        let vector = try #require(WireVectors.attributeVectors.first { $0.name == "COMMUNITIES" })
        let update = try #require(try wireDecodeUpdate(wireUpdate(attributes: vector.bytes)))
        #expect(update.attributes.communities.map(\.description) == ["65001:100", "no-export", "no-advertise", "local-AS"])
        #expect(update.attributes.communities.map(\.wellKnownName) == [nil, "no-export", "no-advertise", "local-AS"])
    }

    @Test func extendedCommunityDescriptions() {
        #expect(ExtendedCommunity.routeTarget(asn: 65001, value: 100).description == "rt:65001:100")
        #expect(ExtendedCommunity(rawValue: 0x0003_FDE9_0000_0001).description == "soo:65001:1")
        #expect(ExtendedCommunity(rawValue: 0x0202_FA56_EA00_0007).description == "rt:4200000000:7")
        #expect(ExtendedCommunity.routeTarget(asn: 65001, value: 100).isTransitive)
        #expect(!ExtendedCommunity(rawValue: 0x4300_0000_0000_0000).isTransitive)
        #expect(LargeCommunity(4_200_000_000, 1, 2).description == "4200000000:1:2")
    }
}
