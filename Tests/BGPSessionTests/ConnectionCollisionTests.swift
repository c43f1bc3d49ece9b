// Connection collision detection and resolution (RFC 4271 §6.8, RFC 6286 §2.3), and the
// OpenCollisionDump it leads to (Cease / Connection Collision Resolution, RFC 4486).

import Testing
import BGPSession
import BGPWire
import NetworkPrimitives

@Suite struct ConnectionCollisionTests {
    private let low = IPv4Address(10, 0, 0, 1)
    private let high = IPv4Address(10, 0, 0, 2)

    @Test func theConnectionInitiatedByTheLowerIdentifierIsClosed() {
        // We have the lower identifier: close the connection we initiated.
        #expect(ConnectionCollision.connectionToClose(localIdentifier: low, localASN: 65000, peerIdentifier: high,
                                                      peerASN: 65001) == .outgoing)
        // We have the higher identifier: close the one the peer initiated.
        #expect(ConnectionCollision.connectionToClose(localIdentifier: high, localASN: 65000, peerIdentifier: low,
                                                      peerASN: 65001) == .incoming)
    }

    @Test func identifiersCompareAsUnsignedIntegers() {
        // 200.0.0.1 is above 100.0.0.1 as an unsigned 32-bit value (negative if read as signed).
        #expect(ConnectionCollision.connectionToClose(
            localIdentifier: IPv4Address(100, 0, 0, 1), localASN: 65000,
            peerIdentifier: IPv4Address(200, 0, 0, 1), peerASN: 65001) == .outgoing)
        #expect(ConnectionCollision.connectionToClose(
            localIdentifier: IPv4Address(200, 0, 0, 1), localASN: 65000,
            peerIdentifier: IPv4Address(100, 0, 0, 1), peerASN: 65001) == .incoming)
    }

    @Test func equalIdentifiersKeepTheConnectionOfTheLargerAS() {
        // RFC 6286 §2.3: "the connection initiated by the BGP speaker with the larger AS number is preserved".
        #expect(ConnectionCollision.connectionToClose(localIdentifier: low, localASN: 65000, peerIdentifier: low,
                                                      peerASN: 65001) == .outgoing)
        #expect(ConnectionCollision.connectionToClose(localIdentifier: low, localASN: 65002, peerIdentifier: low,
                                                      peerASN: 65001) == .incoming)
    }

    @Test func bothSpeakersCloseTheSameConnection() {
        // A's outgoing connection is B's incoming one, and vice versa.
        for (a, b) in [(low, high), (high, low)] {
            let closedByA = ConnectionCollision.connectionToClose(localIdentifier: a, localASN: 65000,
                                                                  peerIdentifier: b, peerASN: 65001)
            let closedByB = ConnectionCollision.connectionToClose(localIdentifier: b, localASN: 65001,
                                                                  peerIdentifier: a, peerASN: 65000)
            #expect(closedByA == closedByB.opposite)
        }
    }

    @Test func anOpenOnTheIncomingConnectionAgainstOurOutgoingOneInOpenConfirm() {
        let open = Fixture.peerOpen(identifier: high)
        let other = ConnectionCollision.OtherConnection(state: .openConfirm, peerIdentifier: high)
        // Lower local identifier: the existing outgoing connection goes, the new incoming one stays.
        #expect(ConnectionCollision.resolve(localIdentifier: low, localASN: 65000, open: open, receivedOn: .incoming,
                                            other: other) == .close(.outgoing))
        // Higher local identifier: the new incoming connection goes.
        let lowPeerOpen = Fixture.peerOpen(identifier: low)
        let lowOther = ConnectionCollision.OtherConnection(state: .openConfirm, peerIdentifier: low)
        #expect(ConnectionCollision.resolve(localIdentifier: high, localASN: 65000, open: lowPeerOpen,
                                            receivedOn: .incoming, other: lowOther) == .close(.incoming))
    }

    @Test func noCollisionWithoutAComparableOtherConnection() {
        let open = Fixture.peerOpen(identifier: high)
        func resolve(_ other: ConnectionCollision.OtherConnection?) -> ConnectionCollision.Outcome {
            ConnectionCollision.resolve(localIdentifier: low, localASN: 65000, open: open, receivedOn: .incoming,
                                        other: other)
        }
        #expect(resolve(nil) == .noCollision)
        for state in [SessionState.idle, .connect, .active] {
            #expect(resolve(.init(state: state, peerIdentifier: nil)) == .noCollision)
        }
        // OpenSent counts only when the identifier is known by other means.
        #expect(resolve(.init(state: .openSent, peerIdentifier: nil)) == .noCollision)
        #expect(resolve(.init(state: .openSent, peerIdentifier: high)) == .close(.outgoing))
        // Another identifier is another speaker.
        #expect(resolve(.init(state: .openConfirm, peerIdentifier: IPv4Address(10, 0, 0, 3))) == .noCollision)
    }

    @Test func anEstablishedConnectionWinsUnlessConfiguredOtherwise() {
        let open = Fixture.peerOpen(identifier: high)
        let established = ConnectionCollision.OtherConnection(state: .established, peerIdentifier: high)
        #expect(ConnectionCollision.resolve(localIdentifier: low, localASN: 65000, open: open, receivedOn: .incoming,
                                            other: established) == .close(.incoming))
        #expect(ConnectionCollision.resolve(localIdentifier: low, localASN: 65000, open: open, receivedOn: .incoming,
                                            other: established, collisionDetectEstablishedState: true)
                == .close(.outgoing))
    }

    @Test func theLosingMachineSendsCeaseConnectionCollisionResolution() {
        // Our outgoing connection reached OpenConfirm; the peer's incoming one delivers its OPEN.
        var outgoing = StartPoint.openConfirm.machine()
        var incoming = BGPSession(config: Fixture.config)
        _ = incoming.handle(.manualStartWithPassiveTCPEstablishment)
        _ = incoming.handle(.tcpConnectionConfirmed)
        #expect(incoming.state == .openSent)

        let open = Fixture.peerOpen()
        let outcome = ConnectionCollision.resolve(
            localIdentifier: Fixture.localID, localASN: Fixture.localASN, open: open, receivedOn: .incoming,
            other: .init(state: outgoing.state, peerIdentifier: outgoing.negotiated?.peerRouterID))
        #expect(outcome == .close(.outgoing))  // 10.0.0.1 < 10.0.0.2

        let dumped = outgoing.handle(.openCollisionDump)
        #expect(dumped.sentNotifications == [
            NotificationMessage(code: .cease, subcode: CeaseSubcode.connectionCollisionResolution),
        ])
        #expect(dumped.contains(.dropTCPConnection))
        #expect(outgoing.state == .idle)
        #expect(outgoing.lastError == .connectionCollision)
        #expect(outgoing.connectRetryCounter == 1)

        _ = incoming.handle(.bgpOpen(open))
        _ = incoming.handle(.keepaliveMessage)
        #expect(incoming.state == .established)
    }

    @Test func aNewConnectionInOpenSentIsDumpedInsteadOfGivenTheOpen() {
        var incoming = StartPoint.openSent.machine()
        let actions = incoming.handle(.openCollisionDump)
        #expect(actions.sent == [.notification(6, 7)])
        #expect(incoming.state == .idle)
    }
}
