// ManualStop: Cease / Administrative Shutdown (RFC 4486 §4) carrying the shutdown communication
// of RFC 8203 / RFC 9003 (UTF-8, length-prefixed, at most 255 octets), and AutomaticStop.

import Testing
import BGPSession
import BGPWire
import NetworkPrimitives

@Suite struct AdministrativeShutdownTests {
    @Test func manualStopSendsTheShutdownCommunicationOnTheWire() throws {
        var session = StartPoint.established.machine()
        let actions = session.handle(.manualStop(shutdownCommunication: "Mise à jour"))
        let notification = try #require(actions.sentNotifications.first)
        #expect(notification.code == .cease)
        #expect(notification.subcode == CeaseSubcode.administrativeShutdown)
        #expect(notification.shutdownCommunication == "Mise à jour")

        let bytes = try BGPMessage.notification(notification).encode()
        #expect(bytes == [UInt8](repeating: 0xff, count: 16) + [
            0x00, 0x22,                         // Length 34
            0x03,                               // Type NOTIFICATION
            0x06,                               // Error Code 6 (Cease)
            0x02,                               // Subcode 2 (Administrative Shutdown)
            0x0c,                               // Shutdown Communication length 12
            0x4d, 0x69, 0x73, 0x65, 0x20,       //   "Mise "
            0xc3, 0xa0,                         //   "à" (U+00E0)
            0x20, 0x6a, 0x6f, 0x75, 0x72,       //   " jour"
        ])
        #expect(try BGPMessage.decode(bytes: bytes) == .notification(notification))
    }

    @Test func manualStopResetsTheCounterAndReportsTheReason() {
        var session = StartPoint.established.machine()
        let actions = session.handle(.manualStop(shutdownCommunication: "bye"))
        #expect(actions == [
            .send(.notification(.cease(CeaseSubcode.administrativeShutdown, message: "bye"))),
            .stopTimer(.hold),
            .stopTimer(.keepalive),
            .dropTCPConnection,
            .stateChanged(from: .established, to: .idle),
            .sessionDown(.manualStop),
        ])
        #expect(session.connectRetryCounter == 0)
        #expect(session.lastError == .manualStop)
        #expect(session.negotiated == nil)
    }

    @Test func aLongCommunicationIsCutAtACharacterBoundaryWithin255Octets() throws {
        var session = StartPoint.established.machine()
        let text = String(repeating: "é", count: 200)  // 400 octets of UTF-8
        let actions = session.handle(.manualStop(shutdownCommunication: text))
        let notification = try #require(actions.sentNotifications.first)
        let length = Int(notification.data[0])
        #expect(length == 254)  // 127 two-octet characters; 255 would split one
        #expect(notification.data.count == 1 + length)
        #expect(notification.shutdownCommunication == String(repeating: "é", count: 127))
    }

    @Test func withoutACommunicationTheCeaseCarriesNoData() {
        var session = StartPoint.openConfirm.machine()
        #expect(session.handle(.manualStop()).sentNotifications == [
            NotificationMessage(code: .cease, subcode: CeaseSubcode.administrativeShutdown),
        ])
    }

    @Test func beforeAnyOpenNothingIsSent() {
        for start in [StartPoint.connect, .active, .connectDelayingOpen, .activeDelayingOpen] {
            var session = start.machine()
            let actions = session.handle(.manualStop(shutdownCommunication: "bye"))
            #expect(actions.sent.isEmpty, "\(start)")
            #expect(session.state == .idle)
        }
    }

    @Test func automaticStopSendsItsCeaseAndCountsAsAFailure() {
        var session = StartPoint.established.machine()
        let cease = NotificationMessage(code: .cease, subcode: CeaseSubcode.maximumPrefixesReached,
                                        data: [0x00, 0x01, 0x01, 0x00, 0x00, 0x03, 0xe8])
        let actions = session.handle(.automaticStop(cease: cease))
        #expect(actions.sentNotifications == [cease])
        #expect(session.connectRetryCounter == 1)
        #expect(actions.startedTimers[.idleHold] == .seconds(5))
        #expect(session.lastError == .automaticStop)
    }
}
