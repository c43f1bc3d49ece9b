// ASPath and ASPathCodec: path length for route selection (RFC 4271 §9.1.2.2 a, RFC 5065 §5.3),
// neighbour and origin AS, loop detection, prepending (RFC 4271 §5.1.2), the text form, and the
// wire form including segments of more than 255 ASes and the RFC 7606 §7.2 / RFC 7607 problems.

import Testing
import NetworkPrimitives
@testable import BGPWire

@Suite("AS_PATH model and codec")
struct ASPathTests {
    // MARK: Length

    @Test("length: a sequence counts each AS, a set 1, confederation segments 0")
    func length() {
        #expect(ASPath.empty.length == 0)
        #expect(ASPath(sequence: [65001, 65002, 65003]).length == 3)
        #expect(ASPath(segments: [ASPathSegment(type: .asSet, asns: [1, 2, 3])]).length == 1)
        #expect(ASPath(segments: [ASPathSegment(type: .confedSequence, asns: [65100, 65101])]).length == 0)
        #expect(ASPath(segments: [ASPathSegment(type: .confedSet, asns: [65100, 65101])]).length == 0)
        #expect(mixedPath.length == 3)  // (65100 65101) 65001 65002 {64512,64513}
    }

    // MARK: Neighbour, origin, contains

    @Test("neighborAS is the first AS of the leading sequence, after confederation segments")
    func neighborAS() {
        #expect(ASPath(sequence: [65001, 65002]).neighborAS == 65001)
        #expect(mixedPath.neighborAS == 65001)
        #expect(ASPath(segments: [ASPathSegment(type: .asSet, asns: [65001, 65002])]).neighborAS == nil)
        #expect(ASPath.empty.neighborAS == nil)
        #expect(ASPath(segments: [ASPathSegment(type: .confedSequence, asns: [65100])]).neighborAS == nil)
    }

    @Test("originAS is the last AS of a trailing sequence")
    func originAS() {
        #expect(ASPath(sequence: [65001, 65002]).originAS == 65002)
        #expect(mixedPath.originAS == nil)  // ends with a set
        #expect(ASPath(segments: [
            ASPathSegment(type: .asSet, asns: [64512, 64513]),
            ASPathSegment(type: .asSequence, asns: [65003]),
        ]).originAS == 65003)
        #expect(ASPath.empty.originAS == nil)
    }

    @Test("contains finds an AS in sequences, sets and confederation segments")
    func contains() {
        #expect(mixedPath.contains(65002))
        #expect(mixedPath.contains(64513))
        #expect(mixedPath.contains(65100))
        #expect(!mixedPath.contains(65003))
        #expect(!ASPath.empty.contains(65001))
        #expect(mixedPath.allASNumbers == [65100, 65101, 65001, 65002, 64512, 64513])
    }

    // MARK: Prepending

    @Test("prepending joins a leading AS_SEQUENCE")
    func prependJoinsSequence() {
        #expect(ASPath(sequence: [65002, 65003]).prepending(65001) == ASPath(sequence: [65001, 65002, 65003]))
        #expect(ASPath(sequence: [65002]).prepending(65001, count: 3) == ASPath(sequence: [65001, 65001, 65001, 65002]))
    }

    @Test("prepending in front of a set, a confederation segment or nothing starts a new AS_SEQUENCE")
    func prependNewSegment() {
        let set = ASPathSegment(type: .asSet, asns: [64512, 64513])
        #expect(ASPath(segments: [set]).prepending(65001) == ASPath(segments: [
            ASPathSegment(type: .asSequence, asns: [65001]), set,
        ]))
        let confed = ASPathSegment(type: .confedSequence, asns: [65100])
        #expect(ASPath(segments: [confed]).prepending(65001, count: 2) == ASPath(segments: [
            ASPathSegment(type: .asSequence, asns: [65001, 65001]), confed,
        ]))
        #expect(ASPath.empty.prepending(65001) == ASPath(sequence: [65001]))
    }

    @Test("prepending zero times changes nothing")
    func prependZero() {
        #expect(mixedPath.prepending(65001, count: 0) == mixedPath)
    }

    @Test("prepending beyond 255 ASes keeps one logical sequence, split only on the wire")
    func prependPastSegmentLimit() {
        let path = ASPath(sequence: [ASNumber](repeating: 65002, count: 255)).prepending(65001)
        #expect(path.segments.count == 1)
        #expect(path.length == 256)
        #expect(roundTrip(path, asnSize: 4) == path)
    }

    // MARK: Text

    @Test("description uses spaces, {set}, (confed sequence) and [confed set]")
    func description() {
        #expect(mixedPath.description == "(65100 65101) 65001 65002 {64512,64513}")
        #expect(ASPath(segments: [
            ASPathSegment(type: .confedSet, asns: [65200, 65201]),
            ASPathSegment(type: .asSequence, asns: [4_200_000_000]),
        ]).description == "[65200,65201] 4200000000")
        #expect(ASPath.empty.description == "")
    }

    // MARK: Wire form

    @Test("the wire form with 4-octet and 2-octet ASNs", arguments: [4, 2])
    func wireForm(asnSize: Int) throws {
        var writer = ByteWriter()
        ASPathCodec.encode(mixedPath, asnSize: asnSize, into: &writer)
        let expected: [UInt8] = asnSize == 4 ? [
            0x03, 0x02, 0x00, 0x00, 0xfe, 0x4c, 0x00, 0x00, 0xfe, 0x4d, // AS_CONFED_SEQUENCE 65100 65101
            0x02, 0x02, 0x00, 0x00, 0xfd, 0xe9, 0x00, 0x00, 0xfd, 0xea, // AS_SEQUENCE 65001 65002
            0x01, 0x02, 0x00, 0x00, 0xfc, 0x00, 0x00, 0x00, 0xfc, 0x01, // AS_SET 64512 64513
        ] : [
            0x03, 0x02, 0xfe, 0x4c, 0xfe, 0x4d,             // AS_CONFED_SEQUENCE 65100 65101
            0x02, 0x02, 0xfd, 0xe9, 0xfd, 0xea,             // AS_SEQUENCE 65001 65002
            0x01, 0x02, 0xfc, 0x00, 0xfc, 0x01,             // AS_SET 64512 64513
        ]
        #expect(writer.bytes == expected)
        #expect(ASPathCodec.encodedSize(mixedPath, asnSize: asnSize) == expected.count)
        #expect(roundTrip(mixedPath, asnSize: asnSize) == mixedPath)
    }

    @Test("a sequence of more than 255 ASes is split on encode and joined on decode",
          arguments: [(300, 4), (300, 2), (255, 4), (510, 2), (511, 4)])
    func longSequence(count: Int, asnSize: Int) throws {
        let asns = (0 ..< count).map { ASNumber(rawValue: UInt32(64_512 + $0 % 1000)) }
        let path = ASPath(sequence: asns)
        var writer = ByteWriter()
        ASPathCodec.encode(path, asnSize: asnSize, into: &writer)
        let bytes = writer.bytes

        // Segment headers: full segments of 255, then the remainder.
        var chunks: [Int] = []
        var offset = 0
        while offset < bytes.count {
            #expect(bytes[offset] == ASPathSegmentType.asSequence.rawValue)
            let length = Int(bytes[offset + 1])
            chunks.append(length)
            offset += 2 + length * asnSize
        }
        #expect(offset == bytes.count)
        let expectedChunks = Array(repeating: 255, count: count / 255) + (count % 255 == 0 ? [] : [count % 255])
        #expect(chunks == expectedChunks)
        #expect(ASPathCodec.encodedSize(path, asnSize: asnSize) == bytes.count)

        let decoded = roundTrip(path, asnSize: asnSize)
        #expect(decoded == path)
        #expect(decoded?.segments.count == 1)
        #expect(decoded?.length == count)
    }

    @Test("adjacent sequences not split by the 255 limit stay separate segments")
    func adjacentShortSequencesKept() throws {
        var reader = ByteReader([
            0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9,             // AS_SEQUENCE [65001]
            0x02, 0x01, 0x00, 0x00, 0xfd, 0xea,             // AS_SEQUENCE [65002]
        ])
        let path = try ASPathCodec.decode(&reader, asnSize: 4, allowConfederation: false).get()
        #expect(path.segments.count == 2)
        #expect(path.length == 2)
    }

    @Test("an AS_PATH through a whole UPDATE keeps a 300-AS sequence")
    func longSequenceInUpdate() throws {
        let path = ASPath(sequence: (0 ..< 300).map { ASNumber(rawValue: 4_200_000_000 + UInt32($0)) })
        let attributes = PathAttributes(origin: .igp, asPath: path, nextHop: IPv4Address(192, 0, 2, 1))
        let update = UpdateMessage(attributes: attributes, nlri: [try #require(IPv4Prefix("10.0.0.0/8"))])
        let bytes = try BGPMessage.update(update).encode()
        guard case .update(let decoded)? = try BGPMessage.decode(bytes: bytes) else {
            Issue.record("not an UPDATE")
            return
        }
        #expect(decoded.malformations.isEmpty)
        #expect(decoded.attributes.asPath == path)
    }

    // MARK: Problems (RFC 7606 §7.2, RFC 7607, RFC 5065 §5.3)

    @Test("each malformed AS path is reported with its problem", arguments: asPathProblemCases)
    func problems(_ entry: ASPathProblemCase) {
        var reader = ByteReader(entry.bytes)
        let result = ASPathCodec.decode(&reader, asnSize: entry.asnSize, allowConfederation: entry.allowConfederation)
        switch result {
        case .success(let path): Issue.record("decoded \(path); expected \(entry.problem)")
        case .failure(let problem): #expect(problem == entry.problem)
        }
    }

    @Test("an empty AS_PATH is valid")
    func emptyPath() throws {
        var reader = ByteReader([])
        #expect(try ASPathCodec.decode(&reader, asnSize: 4, allowConfederation: false).get() == .empty)
        #expect(ASPathCodec.encodedSize(.empty, asnSize: 4) == 0)
    }

    // MARK: Helpers

    private func roundTrip(_ path: ASPath, asnSize: Int) -> ASPath? {
        var writer = ByteWriter()
        ASPathCodec.encode(path, asnSize: asnSize, into: &writer)
        var reader = ByteReader(writer.bytes)
        return try? ASPathCodec.decode(&reader, asnSize: asnSize, allowConfederation: true).get()
    }
}

/// `(65100 65101) 65001 65002 {64512,64513}`.
private let mixedPath = ASPath(segments: [
    ASPathSegment(type: .confedSequence, asns: [65100, 65101]),
    ASPathSegment(type: .asSequence, asns: [65001, 65002]),
    ASPathSegment(type: .asSet, asns: [64512, 64513]),
])

/// One malformed AS path value and the problem the codec must name.
struct ASPathProblemCase: Sendable, CustomTestStringConvertible {
    var name: String
    var bytes: [UInt8]
    var asnSize: Int = 4
    var allowConfederation = false
    var problem: ASPathCodec.Problem
    var testDescription: String { name }
}

let asPathProblemCases: [ASPathProblemCase] = [
    ASPathProblemCase(name: "segment type 0", bytes: [
        0x00, 0x01, 0x00, 0x00, 0xfd, 0xe9,                 // type 0 - unknown
    ], problem: .unknownSegmentType(0)),
    ASPathProblemCase(name: "segment type 5", bytes: [
        0x05, 0x01, 0x00, 0x00, 0xfd, 0xe9,                 // type 5 - unknown
    ], problem: .unknownSegmentType(5)),
    ASPathProblemCase(name: "zero-length segment", bytes: [
        0x02, 0x00,                                         // AS_SEQUENCE of 0
    ], problem: .emptySegment),
    ASPathProblemCase(name: "segment overrun", bytes: [
        0x02, 0x02, 0x00, 0x00, 0xfd, 0xe9,                 // AS_SEQUENCE of 2: 8 octets declared, 4 left
    ], problem: .segmentOverrun(declared: 8, available: 4)),
    ASPathProblemCase(name: "2-octet path read as 4-octet", bytes: [
        0x02, 0x03, 0xfd, 0xe9, 0xfd, 0xea, 0xfd, 0xeb,     // AS_SEQUENCE of 3 in 2 octets each
    ], problem: .segmentOverrun(declared: 12, available: 6)),
    ASPathProblemCase(name: "single trailing octet", bytes: [
        0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9,                 // AS_SEQUENCE [65001]
        0x01,                                               // one octet left
    ], problem: .trailingOctet),
    ASPathProblemCase(name: "AS 0 in 4-octet form", bytes: [
        0x02, 0x02, 0x00, 0x00, 0xfd, 0xe9, 0x00, 0x00, 0x00, 0x00, // AS_SEQUENCE [65001, 0]
    ], problem: .asZero),
    ASPathProblemCase(name: "AS 0 in 2-octet form, in a set", bytes: [
        0x01, 0x02, 0xfd, 0xe9, 0x00, 0x00,                 // AS_SET {65001, 0}
    ], asnSize: 2, problem: .asZero),
    ASPathProblemCase(name: "confederation sequence from an external peer", bytes: [
        0x03, 0x01, 0x00, 0x00, 0xfe, 0x4c,                 // AS_CONFED_SEQUENCE [65100]
    ], problem: .confederationFromExternalPeer),
    ASPathProblemCase(name: "confederation set from an external peer", bytes: [
        0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9,                 // AS_SEQUENCE [65001]
        0x04, 0x01, 0x00, 0x00, 0xfe, 0x4c,                 // AS_CONFED_SET [65100]
    ], problem: .confederationFromExternalPeer),
]
