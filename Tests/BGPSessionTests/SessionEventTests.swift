// Event numbering and names (RFC 4271 §8.1), and the mapping of decoded messages and decode
// errors to events (RFC 4271 §6, §8.1.5).

import Testing
import BGPSession
import BGPWire
import NetworkPrimitives

@Suite struct SessionEventTests {
    @Test func eventsCarryTheirRFCNumbersAndNames() {
        let kinds = SessionEventKind.allCases
        #expect(kinds.prefix(28).map(\.rfcNumber) == (1 ... 28).map { Optional($0) })
        #expect(kinds.dropFirst(28).allSatisfy { $0.rfcNumber == nil })
        #expect(SessionEventKind.tcpConnectionRequestAcked.description == "Tcp_CR_Acked (16)")
        #expect(SessionEventKind.tcpConnectionRequestInvalid.rfcName == "Tcp_CR_Invalid")
        #expect(SessionEventKind.automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment.rfcName
                == "AutomaticStart_with_DampPeerOscillations_and_PassiveTcpEstablishment")
        #expect(SessionEventKind.notificationVersionError.rfcName == "NotifMsgVerErr")
        #expect(Set(kinds.map(\.rfcName)).count == kinds.count)
        for kind in kinds {
            #expect(Fixture.event(kind).kind == kind)
            #expect(Fixture.event(kind).rfcNumber == kind.rfcNumber)
        }
        #expect(SessionEvent.bgpOpen(Fixture.peerOpen()).description.hasPrefix("BGPOpen (19) OPEN AS 65001"))
    }

    @Test func statesAndTimersUseTheRFCNames() {
        #expect(SessionState.allCases.map(\.description)
                == ["Idle", "Connect", "Active", "OpenSent", "OpenConfirm", "Established"])
        #expect(SessionTimer.hold.description == "HoldTimer")
        #expect(SessionAction.stateChanged(from: .openConfirm, to: .established).description
                == "OpenConfirm -> Established")
    }

    @Test func receivedMessagesBecomeEvents() {
        let open = Fixture.peerOpen()
        #expect(SessionEvent(received: .open(open), delayOpenTimerRunning: false) == .bgpOpen(open))
        #expect(SessionEvent(received: .open(open), delayOpenTimerRunning: true)
                == .bgpOpenWithDelayOpenTimerRunning(open))
        #expect(SessionEvent(received: .notification(Fixture.versionError), delayOpenTimerRunning: false)
                == .notificationVersionError(Fixture.versionError))
        #expect(SessionEvent(received: .notification(Fixture.peerCease), delayOpenTimerRunning: false)
                == .notification(Fixture.peerCease))
        #expect(SessionEvent(received: .keepalive, delayOpenTimerRunning: false) == .keepaliveMessage)
        #expect(SessionEvent(received: .update(Fixture.update), delayOpenTimerRunning: false)
                == .updateMessage(Fixture.update))
        #expect(SessionEvent(received: .routeRefresh(Fixture.refresh), delayOpenTimerRunning: false)
                == .routeRefreshMessage(Fixture.refresh))
    }

    @Test func decodeErrorsBecomeEvents21_22And28() throws {
        let marker = [UInt8](repeating: 0xff, count: 16)
        // A KEEPALIVE claiming 20 octets: Message Header Error / Bad Message Length.
        let header = #expect(throws: BGPDecodeError.self) {
            try BGPMessage.decode(bytes: marker + [0x00, 0x14, 0x04, 0x00])
        }
        let headerEvent = SessionEvent(decodeError: try #require(header))
        #expect(headerEvent.kind == .bgpHeaderError)

        let badOpen = try BGPMessage.open(OpenMessage(version: 4, myASField: 65001, holdTime: 1,
                                                      identifier: Fixture.peerID, capabilities: [])).encode()
        let open = #expect(throws: BGPDecodeError.self) { try BGPMessage.decode(bytes: badOpen) }
        #expect(SessionEvent(decodeError: try #require(open))
                == .bgpOpenMessageError(NotificationMessage(code: .openMessageError, subcode: 6)))

        // A ROUTE-REFRESH with a 5-octet body: ROUTE-REFRESH Message Error, handled as Event 28.
        let refresh = #expect(throws: BGPDecodeError.self) {
            try BGPMessage.decode(bytes: marker + [0x00, 0x18, 0x05, 0x00, 0x01, 0x00, 0x01, 0x00])
        }
        let refreshEvent = SessionEvent(decodeError: try #require(refresh))
        #expect(refreshEvent.kind == .updateMessageError)
        var session = StartPoint.established.machine()
        let actions = session.handle(decodeError: try #require(refresh))
        #expect(actions.sentNotifications.first?.code == .routeRefreshMessageError)
        #expect(session.state == .idle)
    }
}
