// OPEN checks (RFC 4271 §6.2, RFC 6793 §4.1, RFC 6286 §2.2) and the NOTIFICATION each one sends
// from OpenSent: NOTIFICATION, drop, ConnectRetryCounter + 1, Idle.

import Testing
import BGPSession
import BGPWire
import NetworkPrimitives

@Suite struct OpenValidationTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var config: SessionConfig = Fixture.config
        var open: OpenMessage
        var subcode: UInt8
        var data: [UInt8] = []
        var testDescription: String { name }
    }

    static let errors: [Case] = [
        Case(name: "version 3",
             open: OpenMessage(version: 3, myASField: 65001, holdTime: 90, identifier: Fixture.peerID,
                               capabilities: []),
             subcode: OpenMessageSubcode.unsupportedVersionNumber, data: [0, 4]),
        Case(name: "version 5",
             open: OpenMessage(version: 5, myASField: 65001, holdTime: 90, identifier: Fixture.peerID,
                               capabilities: []),
             subcode: OpenMessageSubcode.unsupportedVersionNumber, data: [0, 4]),
        Case(name: "unexpected AS", open: Fixture.peerOpen(asn: 65002), subcode: OpenMessageSubcode.badPeerAS),
        Case(name: "4-octet capability contradicts the expected AS",
             config: SessionConfig(localASN: 65000, routerID: Fixture.localID, peerASN: 4_200_000_002),
             open: Fixture.peerOpen(asn: 4_200_000_001), subcode: OpenMessageSubcode.badPeerAS),
        Case(name: "2-octet speaker where a 4-octet AS is expected (AS_TRANS)",
             config: SessionConfig(localASN: 65000, routerID: Fixture.localID, peerASN: 4_200_000_001),
             open: OpenMessage(myASField: 23456, holdTime: 90, identifier: Fixture.peerID, capabilities: []),
             subcode: OpenMessageSubcode.badPeerAS),
        Case(name: "hold time 1", open: Fixture.peerOpen(holdTime: 1),
             subcode: OpenMessageSubcode.unacceptableHoldTime),
        Case(name: "hold time 2", open: Fixture.peerOpen(holdTime: 2),
             subcode: OpenMessageSubcode.unacceptableHoldTime),
        Case(name: "hold time under the configured minimum",
             config: SessionConfig(localASN: 65000, routerID: Fixture.localID, peerASN: 65001,
                                   minimumHoldTime: .seconds(10)),
             open: Fixture.peerOpen(holdTime: 9), subcode: OpenMessageSubcode.unacceptableHoldTime),
        Case(name: "BGP Identifier 0", open: Fixture.peerOpen(identifier: .any),
             subcode: OpenMessageSubcode.badBGPIdentifier),
        Case(name: "iBGP peer with our BGP Identifier",
             config: SessionConfig(localASN: 65000, routerID: Fixture.localID, peerASN: 65000),
             open: Fixture.peerOpen(asn: 65000, identifier: Fixture.localID),
             subcode: OpenMessageSubcode.badBGPIdentifier),
    ]

    @Test(arguments: errors)
    func openErrorSendsItsNotificationAndFallsToIdle(_ c: Case) {
        let expected = NotificationMessage(code: .openMessageError, subcode: c.subcode, data: c.data)
        #expect(OpenValidation.notification(for: c.open, config: c.config) == expected)

        var session = BGPSession(config: c.config)
        _ = session.handle(.manualStart)
        _ = session.handle(.tcpConnectionRequestAcked)
        let actions = session.handle(.bgpOpen(c.open))
        #expect(actions.sentNotifications == [expected])
        #expect(actions.contains(.dropTCPConnection))
        #expect(session.state == .idle)
        #expect(session.connectRetryCounter == 1)
        #expect(session.lastError == .notificationSent(expected))
        #expect(actions.downReason == .notificationSent(expected))
        // The NOTIFICATION goes out before the connection is dropped.
        let sendIndex = actions.firstIndex(of: .send(.notification(expected)))
        let dropIndex = actions.firstIndex(of: .dropTCPConnection)
        #expect(sendIndex! < dropIndex!)
    }

    @Test(arguments: [
        ("hold time 0", Fixture.config, Fixture.peerOpen(holdTime: 0)),
        ("hold time 3", Fixture.config, Fixture.peerOpen(holdTime: 3)),
        ("eBGP peer with our BGP Identifier (RFC 6286)", Fixture.config, Fixture.peerOpen(identifier: Fixture.localID)),
        ("4-octet AS via capability",
         SessionConfig(localASN: 65000, routerID: Fixture.localID, peerASN: 4_200_000_001),
         Fixture.peerOpen(asn: 4_200_000_001)),
        ("2-octet speaker", Fixture.config,
         OpenMessage(myASField: 65001, holdTime: 90, identifier: Fixture.peerID, capabilities: [])),
        ("no capabilities at all, from a 4-octet-AS-free peer", Fixture.config,
         OpenMessage(myASField: 65001, holdTime: 180, identifier: Fixture.peerID, capabilities: [])),
    ])
    func acceptableOpenIsAccepted(_ name: String, _ config: SessionConfig, _ open: OpenMessage) {
        #expect(OpenValidation.notification(for: open, config: config) == nil, "\(name)")
    }

    @Test func zeroHoldTimeIsAcceptedWhateverTheMinimum() {
        let config = SessionConfig(localASN: 65000, routerID: Fixture.localID, peerASN: 65001,
                                   minimumHoldTime: .seconds(30))
        #expect(OpenValidation.notification(for: Fixture.peerOpen(holdTime: 0), config: config) == nil)
        #expect(OpenValidation.notification(for: Fixture.peerOpen(holdTime: 30), config: config) == nil)
    }

    @Test func aDecodedBadOpenTakesTheBGPOpenMsgErrPath() throws {
        // Version 3 on the wire: the decoder throws, the machine sends the decoder's NOTIFICATION.
        let bytes = try BGPMessage.open(OpenMessage(version: 3, myASField: 65001, holdTime: 90,
                                                    identifier: Fixture.peerID, capabilities: [])).encode()
        let error = #expect(throws: BGPDecodeError.self) { try BGPMessage.decode(bytes: bytes) }
        var session = StartPoint.openSent.machine()
        let actions = session.handle(decodeError: try #require(error))
        #expect(actions.sentNotifications == [
            NotificationMessage(code: .openMessageError, subcode: OpenMessageSubcode.unsupportedVersionNumber,
                                data: [0, 4]),
        ])
        #expect(session.state == .idle)
        #expect(session.connectRetryCounter == 1)
    }

    @Test func anOpenErrorWhileDelayingOurOpenIsNotSentWithoutSendNotificationWithoutOpen() {
        var quiet = StartPoint.connectDelayingOpen.machine()
        let silent = quiet.handle(.bgpOpenWithDelayOpenTimerRunning(Fixture.peerOpen(holdTime: 1)))
        #expect(silent.sent.isEmpty)
        #expect(quiet.lastError == .invalidMessage(NotificationMessage(code: .openMessageError, subcode: 6)))

        var loud = StartPoint.connectDelayingOpenNotifying.machine()
        let notified = loud.handle(.bgpOpenWithDelayOpenTimerRunning(Fixture.peerOpen(holdTime: 1)))
        #expect(notified.sent == [.notification(2, 6)])
    }
}
