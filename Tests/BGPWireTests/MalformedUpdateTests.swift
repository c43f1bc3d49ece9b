// Malformed-input tests: every entry of `malformedInputTable` (MalformedInputTable.swift) decoded and
// checked against the outcome RFC 4271 §6 and RFC 7606 prescribe, plus a few cases that need more
// than one message or a closer look at the decoded attributes.
//
// Assertions are on error codes, NOTIFICATION code/subcode/data and `AttributeErrorAction`, never on
// the reason text.

import Testing
import NetworkPrimitives
@testable import BGPWire

@Suite("Malformed input (RFC 4271 §6, RFC 7606)")
struct MalformedUpdateTests {
    // MARK: The table

    @Test("the table is large and every name is distinct")
    func tableShape() {
        #expect(malformedInputTable.count >= 45)
        #expect(Set(malformedInputTable.map(\.name)).count == malformedInputTable.count)
    }

    @Test("each message's Length field matches its octets unless the length is the error",
          arguments: malformedInputTable)
    func lengthFieldMatches(_ entry: MalformedInputCase) throws {
        try #require(entry.bytes.count >= BGPLimits.headerLength)
        let lengthField = Int(entry.bytes[16]) << 8 | Int(entry.bytes[17])
        #expect((lengthField == entry.bytes.count) != entry.lengthFieldIsTheError)
    }

    @Test("malformed input yields the RFC outcome", arguments: malformedInputTable)
    func malformedInput(_ entry: MalformedInputCase) throws {
        switch entry.expectation {
        case let .sessionReset(code, notificationCode, subcode, data):
            let error = #expect(throws: BGPDecodeError.self) {
                _ = try BGPMessage.decode(bytes: entry.bytes, options: entry.options)
            }
            guard let error else { return }
            expectNotification(error, code, notificationCode, subcode, data, message: entry.bytes)

        case let .update(expected, announced, checks):
            let decoded = try BGPMessage.decode(bytes: entry.bytes, options: entry.options)
            guard case .update(let update)? = decoded else {
                Issue.record("expected an UPDATE, decoded \(String(describing: decoded))")
                return
            }
            try expectMalformations(update, expected, announced: announced)
            for check in checks { try malformedApply(check, to: update) }

        case let .notificationIgnoringShutdownCommunication(code, subcode):
            let decoded = try BGPMessage.decode(bytes: entry.bytes, options: entry.options)
            guard case .notification(let notification)? = decoded else {
                Issue.record("expected a NOTIFICATION, decoded \(String(describing: decoded))")
                return
            }
            #expect(notification.code == code)
            #expect(notification.subcode == subcode)
            #expect(notification.shutdownCommunication == nil)
        }
    }

    @Test("a header error is found the same way when the bytes arrive one at a time",
          arguments: malformedInputTable.filter { entry in
              if case .sessionReset(_, .messageHeaderError, _, _) = entry.expectation { return true }
              return false
          })
    func headerErrorsByteByByte(_ entry: MalformedInputCase) throws {
        guard case let .sessionReset(code, notificationCode, subcode, data) = entry.expectation else { return }
        var framer = MessageFramer(maxMessageLength: entry.options.maxMessageLength)
        var thrown: BGPDecodeError?
        feeding: for byte in entry.bytes {
            framer.append([byte])
            do {
                if let frame = try framer.next() {
                    _ = try BGPMessage.decode(frame, options: entry.options)
                    break feeding
                }
            } catch {
                thrown = error
                break feeding
            }
        }
        let error = try #require(thrown)
        expectNotification(error, code, notificationCode, subcode, data, message: entry.bytes)
    }

    // MARK: Beyond the table

    @Test("treat-as-withdraw reports the NLRI field and MP_REACH_NLRI prefixes alike")
    func treatAsWithdrawListsEveryFamily() throws {
        let bytes = malformedMessageBytes([
            0x00, 0x50, 0x02,                               // length 80, UPDATE
            0x00, 0x00,                                     // withdrawn routes length 0
            0x00, 0x37,                                     // total path attribute length 55
            0x80, 0x0e, 0x1a,                               // MP_REACH_NLRI, length 26
            0x00, 0x02, 0x01, 0x10,                         //   AFI 2, SAFI 1, next hop length 16
            0x20, 0x01, 0x0d, 0xb8, 0x00, 0x00, 0x00, 0x00, //   next hop 2001:db8::1
            0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x01,
            0x00,                                           //   reserved
            0x20, 0x20, 0x01, 0x0d, 0xb8,                   //   NLRI 2001:db8::/32
            0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
            0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
            0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
            0xc0, 0x08, 0x03, 0xff, 0xff, 0xff,             // COMMUNITIES - invalid length 3
            0x08, 0x0a,                                     // NLRI 10.0.0.0/8
        ])
        guard case .update(let update)? = try BGPMessage.decode(bytes: bytes) else {
            Issue.record("not an UPDATE")
            return
        }
        #expect(update.errorAction == .treatAsWithdraw)
        #expect(update.treatAsWithdraw)
        #expect(update.disabledFamilies.isEmpty)
        #expect(update.allAnnouncedPrefixes == [try malformedPrefix("10.0.0.0/8"), try malformedPrefix("2001:db8::/32")])
        #expect(update.endOfRIBFamily == nil)
    }

    @Test("attribute-discard alone keeps the routes usable")
    func discardIsNotWithdraw() throws {
        let entry = try #require(malformedInputTable.first { $0.name.hasPrefix("ATOMIC_AGGREGATE length 1") })
        guard case .update(let update)? = try BGPMessage.decode(bytes: entry.bytes, options: entry.options) else {
            Issue.record("not an UPDATE")
            return
        }
        #expect(update.errorAction == .attributeDiscard)
        #expect(!update.treatAsWithdraw)
        #expect(update.attributes.origin == .igp)
        #expect(update.attributes.asPath == ASPath(sequence: [65001]))
        #expect(update.attributes.nextHop == IPv4Address(192, 0, 2, 1))
    }

    @Test("an attribute after an overrun is not read (RFC 7606 §4: the rest of the field is unparseable)")
    func overrunStopsAttributeParsing() throws {
        // MED claims 10 octets inside a field that has 6 left, and its "value" happens to look like a
        // COMMUNITIES attribute: it must not be decoded.
        let bytes = malformedMessageBytes([
            0x00, 0x3a, 0x02,                               // length 58, UPDATE
            0x00, 0x00,                                     // withdrawn routes length 0
            0x00, 0x1d,                                     // total path attribute length 29
            0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
            0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
            0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
            0x80, 0x04, 0x0a,                               // MULTI_EXIT_DISC, length 10 - 6 octets left
            0xc0, 0x08, 0x04, 0xff, 0xff, 0xff,             //   (looks like COMMUNITIES, cut)
            0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
        ])
        guard case .update(let update)? = try BGPMessage.decode(bytes: bytes) else {
            Issue.record("not an UPDATE")
            return
        }
        #expect(update.errorAction == .treatAsWithdraw)
        #expect(update.attributes.communities.isEmpty)
        #expect(update.attributes.multiExitDiscriminator == nil)
        #expect(update.nlri.count == 2)
    }

    @Test("redundant LARGE_COMMUNITY values are removed on receipt (RFC 8092 §3)")
    func largeCommunityDuplicatesRemoved() throws {
        let bytes = malformedMessageBytes([
            0x00, 0x58, 0x02,                               // length 88, UPDATE
            0x00, 0x00,                                     // withdrawn routes length 0
            0x00, 0x3b,                                     // total path attribute length 59
            0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
            0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
            0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
            0xc0, 0x20, 0x24,                               // LARGE_COMMUNITY, length 36
            0x00, 0x00, 0xfd, 0xe9, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, // 65001:1:2
            0x00, 0x00, 0xfd, 0xea, 0x00, 0x00, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04, // 65002:3:4
            0x00, 0x00, 0xfd, 0xe9, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x02, // 65001:1:2 - redundant
            0x08, 0x0a, 0x18, 0xc0, 0xa8, 0x01,             // NLRI 10.0.0.0/8, 192.168.1.0/24
        ])
        guard case .update(let update)? = try BGPMessage.decode(bytes: bytes) else {
            Issue.record("not an UPDATE")
            return
        }
        #expect(update.malformations.isEmpty)
        #expect(update.attributes.largeCommunities == [LargeCommunity(65001, 1, 2), LargeCommunity(65002, 3, 4)])
    }

    @Test("a well-formed shutdown communication is still read (RFC 9003 §2)")
    func wellFormedShutdownCommunication() throws {
        let bytes = malformedMessageBytes([
            0x00, 0x19, 0x03,                               // length 25, NOTIFICATION
            0x06, 0x02,                                     // Cease / Administrative Shutdown
            0x03, 0x62, 0x79, 0x65,                         // communication "bye"
        ])
        guard case .notification(let notification)? = try BGPMessage.decode(bytes: bytes) else {
            Issue.record("not a NOTIFICATION")
            return
        }
        #expect(notification.shutdownCommunication == "bye")
    }

    @Test("an UPDATE of 4097 octets is accepted once Extended Message is negotiated (RFC 8654)")
    func extendedMessageLiftsTheLimit() throws {
        // 4097 octets: header 19 + lengths 4 + 20 attribute octets + 4054 NLRI octets (2027 × /8).
        var bytes: [UInt8] = malformedMessageBytes([
            0x10, 0x01, 0x02,                               // length 4097, UPDATE
            0x00, 0x00,                                     // withdrawn routes length 0
            0x00, 0x14,                                     // total path attribute length 20
            0x40, 0x01, 0x01, 0x00,                         // ORIGIN IGP
            0x40, 0x02, 0x06, 0x02, 0x01, 0x00, 0x00, 0xfd, 0xe9, // AS_PATH [65001]
            0x40, 0x03, 0x04, 0xc0, 0x00, 0x02, 0x01,       // NEXT_HOP 192.0.2.1
        ])
        for _ in 0 ..< 2027 { bytes += [0x08, 0x0a] }
        #expect(bytes.count == 4097)
        let error = #expect(throws: BGPDecodeError.self) { _ = try BGPMessage.decode(bytes: bytes) }
        #expect(error?.code == .badMessageLength)
        let extended = CodecOptions(fourOctetAS: true, extendedMessage: true, peerIsExternal: true)
        guard case .update(let update)? = try BGPMessage.decode(bytes: bytes, options: extended) else {
            Issue.record("not an UPDATE")
            return
        }
        #expect(update.malformations.isEmpty)
        #expect(update.nlri.count == 2027)
    }

    // MARK: Helpers

    private func expectNotification(
        _ error: BGPDecodeError, _ code: BGPDecodeError.Code, _ notificationCode: NotificationCode,
        _ subcode: UInt8, _ data: MalformedExpectedData, message: [UInt8],
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        #expect(error.code == code, sourceLocation: sourceLocation)
        #expect(error.notification.code == notificationCode, sourceLocation: sourceLocation)
        #expect(error.notification.subcode == subcode, sourceLocation: sourceLocation)
        switch data {
        case .unchecked: break
        case .exactly(let bytes): #expect(error.notification.data == bytes, sourceLocation: sourceLocation)
        case .wholeMessage: #expect(error.notification.data == message, sourceLocation: sourceLocation)
        }
    }

    private func expectMalformations(
        _ update: UpdateMessage, _ expected: [MalformedExpectedMalformation], announced: [String]
    ) throws {
        let strongest = expected.map(\.action).max()
        #expect(update.errorAction == strongest)
        #expect(update.treatAsWithdraw == expected.contains { $0.action >= .treatAsWithdraw })
        let got = update.malformations.map {
            "\($0.action) of attribute \($0.attributeType) subcode \($0.subcode)"
                + ($0.addressFamily.map { " family \($0)" } ?? "")
        }
        #expect(update.malformations.count == expected.count, "got \(got)")
        for want in expected {
            let found = update.malformations.contains { m in
                m.attributeType == want.attributeType && m.action == want.action
                    && (want.subcode == nil || m.subcode == want.subcode) && m.addressFamily == want.family
            }
            #expect(found, "missing \(want); got \(got)")
        }
        #expect(update.disabledFamilies == expected.compactMap { $0.action == .afiSafiDisable ? $0.family : nil })

        // Treat-as-withdraw: every prefix of the UPDATE must still be listed so it can be withdrawn.
        if expected.contains(where: { $0.action == .treatAsWithdraw }) {
            #expect(!announced.isEmpty, "a treat-as-withdraw case must name the prefixes to withdraw")
        }
        #expect(update.allAnnouncedPrefixes == (try announced.map(malformedPrefix)))
    }

    private func malformedApply(_ check: MalformedUpdateCheck, to update: UpdateMessage) throws {
        switch check {
        case .origin(let origin):
            #expect(update.attributes.origin == origin)
        case .absent(let field):
            #expect(!malformedIsPresent(field, in: update), "\(field) should be absent")
        case .present(let field):
            #expect(malformedIsPresent(field, in: update), "\(field) should be present")
        case .unrecognizedAttributeCount(let count):
            #expect(update.attributes.unrecognized.count == count)
        case .withdrawn(let prefixes):
            #expect(update.allWithdrawnPrefixes == (try prefixes.map(malformedPrefix)))
        }
    }

    private func malformedIsPresent(_ field: MalformedAttributeField, in update: UpdateMessage) -> Bool {
        let a = update.attributes
        switch field {
        case .origin: return a.origin != nil
        case .asPath: return a.asPath != nil
        case .nextHop: return a.nextHop != nil
        case .multiExitDiscriminator: return a.multiExitDiscriminator != nil
        case .localPreference: return a.localPreference != nil
        case .atomicAggregate: return a.atomicAggregate
        case .aggregator: return a.aggregator != nil
        case .communities: return !a.communities.isEmpty
        case .originatorID: return a.originatorID != nil
        case .clusterList: return !a.clusterList.isEmpty
        case .as4Path: return a.as4Path != nil
        case .as4Aggregator: return a.as4Aggregator != nil
        case .mpReach: return update.mpReach != nil
        }
    }
}

/// The 16-octet marker followed by `rest`.
private func malformedMessageBytes(_ rest: [UInt8]) -> [UInt8] {
    [UInt8](repeating: 0xff, count: 16) + rest
}

private struct MalformedBadPrefix: Error {
    var text: String
}

private func malformedPrefix(_ text: String) throws -> IPPrefix {
    guard let prefix = IPPrefix(text) else { throw MalformedBadPrefix(text: text) }
    return prefix
}
