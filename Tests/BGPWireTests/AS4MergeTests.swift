// RFC 6793: a NEW (4-octet) speaker talking to an OLD (2-octet) one.
//
// §4.2.2 (sending): ASNs above 65535 go out as AS_TRANS in AS_PATH and AGGREGATOR, and the true
// values in AS4_PATH / AS4_AGGREGATOR, which are sent only when such an ASN exists.
// §4.2.3 (receiving): the AS path information is rebuilt from AS_PATH and AS4_PATH:
//   - when AGGREGATOR and AS4_AGGREGATOR are both received and AGGREGATOR is not AS_TRANS, both AS4
//     attributes are ignored; otherwise AS4_AGGREGATOR replaces AGGREGATOR;
//   - ASes are counted as for route selection (a set counts 1, confederation segments 0);
//   - if AS_PATH counts fewer than AS4_PATH, AS4_PATH is ignored;
//   - otherwise the leading ASes of AS_PATH that AS4_PATH does not cover are prepended to AS4_PATH,
//     and a confederation segment is prepended when it leads or is adjacent to a prepended segment.

import Testing
import NetworkPrimitives
@testable import BGPWire

@Suite("AS4_PATH and AS4_AGGREGATOR (RFC 6793)")
struct AS4MergeTests {
    // MARK: Receiving (RFC 6793 §4.2.3)

    @Test("AS_TRANS in AS_PATH is replaced by AS4_PATH, keeping the leading 2-octet ASes")
    func asTransReplaced() {
        let received = PathAttributes(
            asPath: ASPath(sequence: [65001, .trans, .trans]),
            as4Path: ASPath(sequence: [4_200_000_001, 4_200_000_002]))
        let merged = received.mergingAS4Attributes()
        #expect(merged.asPath == ASPath(sequence: [65001, 4_200_000_001, 4_200_000_002]))
        #expect(merged.as4Path == nil)
        #expect(merged.as4Aggregator == nil)
    }

    @Test("equal counts: AS4_PATH is the whole path")
    func equalCounts() {
        let received = PathAttributes(
            asPath: ASPath(sequence: [.trans, 65002]),
            as4Path: ASPath(sequence: [4_200_000_001, 65002]))
        #expect(received.mergingAS4Attributes().asPath == ASPath(sequence: [4_200_000_001, 65002]))
    }

    @Test("merging an UPDATE decoded from a 2-octet session")
    func mergeFromWire() throws {
        let bytes: [UInt8] = [UInt8](repeating: 0xff, count: 16) + [
            0x00, 0x36, 0x02,                               // length 54, UPDATE
            0x00, 0x00,                                     // withdrawn routes length 0
            0x00, 0x1d,                                     // total path attribute length 29
            0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
            0x40, 0x02, 0x06, 0x02, 0x02, 0xfd, 0xe9, 0x5b, 0xa0, // AS_PATH [65001, 23456], 2-octet
            0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
            0xc0, 0x11, 0x06, 0x02, 0x01, 0xfa, 0x56, 0xea, 0x01, // AS4_PATH [4200000001]
            0x08, 0x0a,                                     // NLRI 10.0.0.0/8
        ]
        guard case .update(let update)? = try BGPMessage.decode(bytes: bytes, options: CodecOptions(fourOctetAS: false))
        else {
            Issue.record("not an UPDATE")
            return
        }
        #expect(update.malformations.isEmpty)
        #expect(update.attributes.asPath == ASPath(sequence: [65001, .trans]))
        #expect(update.attributes.as4Path == ASPath(sequence: [4_200_000_001]))
        #expect(update.attributes.mergingAS4Attributes().asPath == ASPath(sequence: [65001, 4_200_000_001]))
    }

    @Test("AS_PATH counting fewer ASes than AS4_PATH: AS4_PATH is ignored")
    func shorterASPathIgnoresAS4Path() {
        let received = PathAttributes(
            asPath: ASPath(sequence: [.trans]),
            as4Path: ASPath(sequence: [65001, 4_200_000_001]))
        let merged = received.mergingAS4Attributes()
        #expect(merged.asPath == ASPath(sequence: [.trans]))
        #expect(merged.as4Path == nil)
    }

    @Test("an AS_SET counts as one AS when the two paths are compared")
    func setCountsOneInComparison() {
        // AS_PATH holds three ASes but counts 1; AS4_PATH counts 2: AS4_PATH is ignored.
        let asPath = ASPath(segments: [ASPathSegment(type: .asSet, asns: [65001, 65002, .trans])])
        let received = PathAttributes(asPath: asPath, as4Path: ASPath(sequence: [4_200_000_001, 4_200_000_002]))
        #expect(received.mergingAS4Attributes().asPath == asPath)
    }

    @Test("a leading AS_SET is taken whole and counts one")
    func leadingSetTakenWhole() {
        let received = PathAttributes(
            asPath: ASPath(segments: [
                ASPathSegment(type: .asSet, asns: [65010, 65011]),
                ASPathSegment(type: .asSequence, asns: [65001, .trans]),
            ]),
            as4Path: ASPath(sequence: [4_200_000_001]))
        // Count 3 against 1: take 2 from the front, the set (1) and 65001 (1).
        #expect(received.mergingAS4Attributes().asPath == ASPath(segments: [
            ASPathSegment(type: .asSet, asns: [65010, 65011]),
            ASPathSegment(type: .asSequence, asns: [65001, 4_200_000_001]),
        ]))
    }

    @Test("an AS_SET inside AS4_PATH is kept as AS4_PATH gives it")
    func setInsideAS4Path() {
        let received = PathAttributes(
            asPath: ASPath(segments: [
                ASPathSegment(type: .asSequence, asns: [65001, 65002]),
                ASPathSegment(type: .asSet, asns: [65003, .trans]),
                ASPathSegment(type: .asSequence, asns: [.trans]),
            ]),
            as4Path: ASPath(segments: [
                ASPathSegment(type: .asSet, asns: [65003, 4_200_000_001]),
                ASPathSegment(type: .asSequence, asns: [4_200_000_002]),
            ]))
        #expect(received.mergingAS4Attributes().asPath == ASPath(segments: [
            ASPathSegment(type: .asSequence, asns: [65001, 65002]),
            ASPathSegment(type: .asSet, asns: [65003, 4_200_000_001]),
            ASPathSegment(type: .asSequence, asns: [4_200_000_002]),
        ]))
    }

    @Test("confederation segments in AS4_PATH are dropped")
    func confederationInAS4PathDropped() {
        let received = PathAttributes(
            asPath: ASPath(sequence: [65001, .trans]),
            as4Path: ASPath(segments: [
                ASPathSegment(type: .confedSequence, asns: [4_200_000_005]),
                ASPathSegment(type: .asSequence, asns: [4_200_000_001]),
            ]))
        #expect(received.mergingAS4Attributes().asPath == ASPath(sequence: [65001, 4_200_000_001]))
    }

    @Test("a leading confederation segment of AS_PATH is kept and not counted")
    func leadingConfederationKept() {
        let received = PathAttributes(
            asPath: ASPath(segments: [
                ASPathSegment(type: .confedSequence, asns: [65100]),
                ASPathSegment(type: .asSequence, asns: [65001, .trans]),
            ]),
            as4Path: ASPath(sequence: [4_200_000_001]))
        #expect(received.mergingAS4Attributes().asPath == ASPath(segments: [
            ASPathSegment(type: .confedSequence, asns: [65100]),
            ASPathSegment(type: .asSequence, asns: [65001, 4_200_000_001]),
        ]))
    }

    @Test("a leading confederation segment is kept even when no AS of AS_PATH is needed")
    func leadingConfederationKeptWhenCountsAreEqual() {
        // RFC 6793 §4.2.3: "a valid AS_CONFED_SEQUENCE or AS_CONFED_SET path segment SHALL be
        // prepended if it is either the leading path segment or is adjacent to a path segment that
        // is prepended." Counts are 1 and 1, so no AS is taken, but the leading segment still is.
        let received = PathAttributes(
            asPath: ASPath(segments: [
                ASPathSegment(type: .confedSequence, asns: [65100, 65101]),
                ASPathSegment(type: .asSequence, asns: [.trans]),
            ]),
            as4Path: ASPath(sequence: [4_200_000_001]))
        #expect(received.mergingAS4Attributes().asPath == ASPath(segments: [
            ASPathSegment(type: .confedSequence, asns: [65100, 65101]),
            ASPathSegment(type: .asSequence, asns: [4_200_000_001]),
        ]))
    }

    @Test("AGGREGATOR not AS_TRANS with AS4_AGGREGATOR: both AS4 attributes are ignored")
    func realAggregatorIgnoresBothAS4Attributes() {
        let aggregator = Aggregator(asn: 65010, address: IPv4Address(192, 0, 2, 9))
        let received = PathAttributes(
            asPath: ASPath(sequence: [65001, .trans]), aggregator: aggregator,
            as4Path: ASPath(sequence: [4_200_000_001]),
            as4Aggregator: Aggregator(asn: 4_200_000_009, address: IPv4Address(192, 0, 2, 9)))
        let merged = received.mergingAS4Attributes()
        #expect(merged.aggregator == aggregator)
        #expect(merged.asPath == ASPath(sequence: [65001, .trans]))
        #expect(merged.as4Path == nil)
        #expect(merged.as4Aggregator == nil)
    }

    @Test("AGGREGATOR not AS_TRANS without AS4_AGGREGATOR: AS4_PATH is still used")
    func realAggregatorAloneKeepsAS4Path() {
        // The §4.2.3 rule applies "when both of the attributes are received"; with AGGREGATOR alone
        // the AS path information is constructed as in all other cases.
        let aggregator = Aggregator(asn: 65010, address: IPv4Address(192, 0, 2, 9))
        let received = PathAttributes(
            asPath: ASPath(sequence: [65001, .trans]), aggregator: aggregator,
            as4Path: ASPath(sequence: [4_200_000_001]))
        let merged = received.mergingAS4Attributes()
        #expect(merged.aggregator == aggregator)
        #expect(merged.asPath == ASPath(sequence: [65001, 4_200_000_001]))
    }

    @Test("AGGREGATOR AS_TRANS with AS4_AGGREGATOR: AS4_AGGREGATOR replaces it and the path is merged")
    func transAggregatorReplaced() {
        let received = PathAttributes(
            asPath: ASPath(sequence: [65001, .trans]),
            aggregator: Aggregator(asn: .trans, address: IPv4Address(192, 0, 2, 9)),
            as4Path: ASPath(sequence: [4_200_000_001]),
            as4Aggregator: Aggregator(asn: 4_200_000_009, address: IPv4Address(192, 0, 2, 9)))
        let merged = received.mergingAS4Attributes()
        #expect(merged.aggregator == Aggregator(asn: 4_200_000_009, address: IPv4Address(192, 0, 2, 9)))
        #expect(merged.asPath == ASPath(sequence: [65001, 4_200_000_001]))
        #expect(merged.as4Aggregator == nil)
    }

    @Test("AGGREGATOR AS_TRANS without AS4_AGGREGATOR stays as received")
    func transAggregatorAlone() {
        let aggregator = Aggregator(asn: .trans, address: IPv4Address(192, 0, 2, 9))
        let received = PathAttributes(
            asPath: ASPath(sequence: [65001, .trans]), aggregator: aggregator,
            as4Path: ASPath(sequence: [4_200_000_001]))
        let merged = received.mergingAS4Attributes()
        #expect(merged.aggregator == aggregator)
        #expect(merged.asPath == ASPath(sequence: [65001, 4_200_000_001]))
    }

    @Test("without AS4 attributes the attributes are unchanged")
    func nothingToMerge() {
        let received = PathAttributes(
            origin: .igp, asPath: ASPath(sequence: [65001, 65002]),
            aggregator: Aggregator(asn: 65010, address: IPv4Address(192, 0, 2, 9)))
        #expect(received.mergingAS4Attributes() == received)
    }

    // MARK: Sending (RFC 6793 §4.2.2)

    @Test("to a 2-octet peer: AS_TRANS in AS_PATH and AGGREGATOR, true values in AS4_PATH and AS4_AGGREGATOR")
    func encodeForTwoOctetPeer() {
        let attributes = PathAttributes(
            origin: .igp, asPath: ASPath(sequence: [65001, 4_200_000_001]), nextHop: IPv4Address(192, 0, 2, 1),
            aggregator: Aggregator(asn: 4_200_000_009, address: IPv4Address(192, 0, 2, 9)))
        #expect(encodedAttributes(attributes, fourOctetAS: false) == [
            0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
            0x40, 0x02, 0x06, 0x02, 0x02, 0xfd, 0xe9, 0x5b, 0xa0, // AS_PATH [65001, AS_TRANS]
            0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
            0xc0, 0x07, 0x06, 0x5b, 0xa0, 0xc0, 0x00, 0x02, 0x09, // AGGREGATOR AS_TRANS, 192.0.2.9
            0xc0, 0x11, 0x0a, 0x02, 0x02,                   // AS4_PATH, AS_SEQUENCE of 2
            0x00, 0x00, 0xfd, 0xe9, 0xfa, 0x56, 0xea, 0x01, //   65001, 4200000001
            0xc0, 0x12, 0x08, 0xfa, 0x56, 0xea, 0x09, 0xc0, 0x00, 0x02, 0x09, // AS4_AGGREGATOR 4200000009
        ])
    }

    @Test("to a 2-octet peer with only 2-octet ASNs: no AS4_PATH, no AS4_AGGREGATOR")
    func encodeForTwoOctetPeerWithoutLargeASNs() {
        let attributes = PathAttributes(
            origin: .igp, asPath: ASPath(sequence: [65001, 65002]),
            aggregator: Aggregator(asn: 65010, address: IPv4Address(192, 0, 2, 9)))
        #expect(encodedAttributes(attributes, fourOctetAS: false) == [
            0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
            0x40, 0x02, 0x06, 0x02, 0x02, 0xfd, 0xe9, 0xfd, 0xea, // AS_PATH [65001, 65002]
            0xc0, 0x07, 0x06, 0xfd, 0xf2, 0xc0, 0x00, 0x02, 0x09, // AGGREGATOR 65010, 192.0.2.9
        ])
    }

    @Test("to a 2-octet peer: a large ASN only in AGGREGATOR gives AS4_AGGREGATOR, not AS4_PATH")
    func encodeOnlyAggregatorNeedsAS4() {
        let attributes = PathAttributes(
            asPath: ASPath(sequence: [65001]),
            aggregator: Aggregator(asn: 4_200_000_009, address: IPv4Address(192, 0, 2, 9)))
        #expect(encodedAttributes(attributes, fourOctetAS: false) == [
            0x40, 0x02, 0x04, 0x02, 0x01, 0xfd, 0xe9,       // AS_PATH [65001]
            0xc0, 0x07, 0x06, 0x5b, 0xa0, 0xc0, 0x00, 0x02, 0x09, // AGGREGATOR AS_TRANS, 192.0.2.9
            0xc0, 0x12, 0x08, 0xfa, 0x56, 0xea, 0x09, 0xc0, 0x00, 0x02, 0x09, // AS4_AGGREGATOR 4200000009
        ])
    }

    @Test("to a 2-octet peer: confederation segments stay out of AS4_PATH")
    func encodeConfederationNotInAS4Path() {
        let attributes = PathAttributes(asPath: ASPath(segments: [
            ASPathSegment(type: .confedSequence, asns: [65100]),
            ASPathSegment(type: .asSequence, asns: [4_200_000_001]),
        ]))
        #expect(encodedAttributes(attributes, fourOctetAS: false) == [
            0x40, 0x02, 0x08,                               // AS_PATH, length 8
            0x03, 0x01, 0xfe, 0x4c,                         //   AS_CONFED_SEQUENCE [65100]
            0x02, 0x01, 0x5b, 0xa0,                         //   AS_SEQUENCE [AS_TRANS]
            0xc0, 0x11, 0x06, 0x02, 0x01, 0xfa, 0x56, 0xea, 0x01, // AS4_PATH [4200000001] only
        ])
    }

    @Test("to a 2-octet peer: no empty AS4_PATH when the only large ASN is a confederation member")
    func encodeNoEmptyAS4Path() {
        // RFC 7606 §4: only AS_PATH and ATOMIC_AGGREGATE may have length 0.
        let attributes = PathAttributes(asPath: ASPath(segments: [
            ASPathSegment(type: .confedSequence, asns: [4_200_000_100]),
        ]))
        #expect(encodedAttributes(attributes, fourOctetAS: false) == [
            0x40, 0x02, 0x04, 0x03, 0x01, 0x5b, 0xa0,       // AS_PATH: AS_CONFED_SEQUENCE [AS_TRANS]
        ])
    }

    @Test("to a 4-octet peer: never AS4_PATH or AS4_AGGREGATOR")
    func encodeForFourOctetPeer() {
        let attributes = PathAttributes(
            asPath: ASPath(sequence: [4_200_000_001]),
            aggregator: Aggregator(asn: 4_200_000_009, address: IPv4Address(192, 0, 2, 9)))
        #expect(encodedAttributes(attributes, fourOctetAS: true) == [
            0x40, 0x02, 0x06, 0x02, 0x01, 0xfa, 0x56, 0xea, 0x01, // AS_PATH [4200000001]
            0xc0, 0x07, 0x08, 0xfa, 0x56, 0xea, 0x09, 0xc0, 0x00, 0x02, 0x09, // AGGREGATOR 4200000009
        ])
    }

    // MARK: End to end

    @Test("encode for a 2-octet peer, decode, merge: the original 4-octet path and aggregator",
          arguments: as4RoundTripCases)
    func roundTrip(_ entry: AS4RoundTripCase) throws {
        let original = PathAttributes(
            origin: .igp, asPath: entry.path, nextHop: IPv4Address(192, 0, 2, 1), aggregator: entry.aggregator)
        let update = UpdateMessage(attributes: original, nlri: [try #require(IPv4Prefix("10.0.0.0/8"))])
        // An internal peer, so that confederation segments are legal on the way back in.
        let oldSpeaker = CodecOptions(fourOctetAS: false, extendedMessage: false, peerIsExternal: false)
        let bytes = try BGPMessage.update(update).encode(options: oldSpeaker)
        guard case .update(let decoded)? = try BGPMessage.decode(bytes: bytes, options: oldSpeaker) else {
            Issue.record("not an UPDATE")
            return
        }
        #expect(decoded.malformations.isEmpty)
        let needsAS4 = entry.path.allASNumbers.contains { !$0.isTwoOctet }
        #expect((decoded.attributes.as4Path != nil) == needsAS4)
        #expect(decoded.attributes.asPath?.allASNumbers.allSatisfy(\.isTwoOctet) == true)
        #expect(decoded.attributes.mergingAS4Attributes() == original)
    }

    private func encodedAttributes(_ attributes: PathAttributes, fourOctetAS: Bool) -> [UInt8] {
        var writer = ByteWriter()
        attributes.encode(into: &writer, options: CodecOptions(fourOctetAS: fourOctetAS))
        return writer.bytes
    }
}

/// One path for the end-to-end round trip through a 2-octet session.
struct AS4RoundTripCase: Sendable, CustomTestStringConvertible {
    var name: String
    var path: ASPath
    var aggregator: Aggregator?
    var testDescription: String { name }
}

private let as4Aggregator = Aggregator(asn: 4_200_000_009, address: IPv4Address(192, 0, 2, 9))
private let as2Aggregator = Aggregator(asn: 65010, address: IPv4Address(192, 0, 2, 9))

let as4RoundTripCases: [AS4RoundTripCase] = [
    AS4RoundTripCase(name: "2-octet path, 2-octet aggregator",
                     path: ASPath(sequence: [65001, 65002]), aggregator: as2Aggregator),
    AS4RoundTripCase(name: "one 4-octet ASN, 4-octet aggregator",
                     path: ASPath(sequence: [65001, 4_200_000_001]), aggregator: as4Aggregator),
    AS4RoundTripCase(name: "4-octet ASNs, 2-octet aggregator",
                     path: ASPath(sequence: [4_200_000_001, 65002, 4_200_000_003]), aggregator: as2Aggregator),
    AS4RoundTripCase(name: "4-octet ASNs, no aggregator",
                     path: ASPath(sequence: [4_200_000_001, 65002, 4_200_000_003]), aggregator: nil),
    AS4RoundTripCase(name: "sequence then set", path: ASPath(segments: [
        ASPathSegment(type: .asSequence, asns: [4_200_000_001]),
        ASPathSegment(type: .asSet, asns: [65010, 4_200_000_002]),
    ]), aggregator: as4Aggregator),
    AS4RoundTripCase(name: "confederation sequence in front", path: ASPath(segments: [
        ASPathSegment(type: .confedSequence, asns: [65100, 65101]),
        ASPathSegment(type: .asSequence, asns: [65001, 4_200_000_001]),
        ASPathSegment(type: .asSet, asns: [65003, 4_200_000_002]),
    ]), aggregator: as4Aggregator),
    AS4RoundTripCase(name: "confederation set in front of a single 4-octet ASN", path: ASPath(segments: [
        ASPathSegment(type: .confedSet, asns: [65100, 65101]),
        ASPathSegment(type: .asSequence, asns: [4_200_000_001]),
    ]), aggregator: nil),
    AS4RoundTripCase(name: "300 ASNs, split on the wire",
                     path: ASPath(sequence: (0 ..< 300).map { (i: Int) -> ASNumber in
                         ASNumber(rawValue: i % 2 == 0 ? 4_200_000_000 + UInt32(i) : 64_512 + UInt32(i))
                     }),
                     aggregator: as4Aggregator),
]
