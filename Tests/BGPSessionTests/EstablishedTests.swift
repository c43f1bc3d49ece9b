// Established: UPDATE and ROUTE-REFRESH delivery (RFC 4271 §8.2.2, RFC 2918 §4, RFC 7313 §4)
// and what the owner may send.

import Testing
import BGPSession
import BGPWire
import NetworkPrimitives

@Suite struct EstablishedTests {
    private func established(peerCapabilities: [Capability]) -> BGPSession {
        let (session, _) = drive([
            .manualStart, .tcpConnectionRequestAcked, .bgpOpen(Fixture.peerOpen(capabilities: peerCapabilities)),
            .keepaliveMessage,
        ])
        precondition(session.state == .established)
        return session
    }

    @Test func anUpdateIsDeliveredThenTheHoldTimerRestarts() {
        var session = StartPoint.established.machine()
        #expect(session.handle(.updateMessage(Fixture.update)) == [
            .deliverUpdate(Fixture.update),
            .startTimer(.hold, .seconds(90)),
        ])
    }

    @Test func anUpdateKeptByTheOwnerOnlyRestartsTheHoldTimer() {
        // The owner that processes the UPDATE itself gets the same actions without the delivery.
        var session = StartPoint.established.machine()
        var reference = session
        var actions: [SessionAction] = []
        let processed = session.handleUpdateInEstablished(into: &actions)
        #expect(processed)
        let delivered = reference.handle(.updateMessage(Fixture.update))
        #expect(actions == delivered.filter { $0 != .deliverUpdate(Fixture.update) })
        #expect(actions == [.startTimer(.hold, .seconds(90))])
        #expect(session.state == reference.state && session.runningTimers == reference.runningTimers)
    }

    @Test(arguments: StartPoint.allCases.filter { $0 != .established })
    func anUpdateKeptByTheOwnerOutsideEstablishedIsLeftToHandle(_ start: StartPoint) {
        // Outside Established nothing happens here: the owner passes Event 27 to `handle`.
        var session = start.machine()
        let before = session
        var actions: [SessionAction] = []
        let processed = session.handleUpdateInEstablished(into: &actions)
        #expect(!processed)
        #expect(actions.isEmpty)
        #expect(session.state == before.state && session.runningTimers == before.runningTimers)
    }

    @Test func aRouteRefreshForACarriedFamilyIsDelivered() {
        var session = StartPoint.established.machine()
        let v6 = RouteRefreshMessage(family: .ipv6Unicast)
        #expect(session.handle(.routeRefreshMessage(v6))
                == [.deliverRouteRefresh(v6), .startTimer(.hold, .seconds(90))])
        let begin = RouteRefreshMessage(family: .ipv4Unicast, subtype: .beginningOfRefresh)
        #expect(session.handle(.routeRefreshMessage(begin)).contains(.deliverRouteRefresh(begin)))
    }

    @Test func aRouteRefreshOutsideTheNegotiatedCapabilitiesIsIgnored() {
        // A family the session does not carry (RFC 2918 §4: "ignore such a message").
        var session = established(peerCapabilities: [.multiprotocol(.ipv4Unicast), .routeRefresh])
        let v6 = RouteRefreshMessage(family: .ipv6Unicast)
        #expect(session.handle(.routeRefreshMessage(v6)) == [.startTimer(.hold, .seconds(90))])
        // Enhanced Route Refresh subtypes without the capability.
        let end = RouteRefreshMessage(family: .ipv4Unicast, subtype: .endOfRefresh)
        #expect(session.handle(.routeRefreshMessage(end)) == [.startTimer(.hold, .seconds(90))])
        #expect(session.handle(.sendRouteRefresh(end)).isEmpty)
        // Route Refresh not negotiated at all.
        var plain = established(peerCapabilities: [.multiprotocol(.ipv4Unicast)])
        #expect(plain.handle(.sendRouteRefresh(Fixture.refresh)).isEmpty)
        #expect(plain.handle(.routeRefreshMessage(Fixture.refresh)) == [.startTimer(.hold, .seconds(90))])
        #expect(plain.state == .established)
    }

    @Test func theOwnerCanSendOnlyInEstablished() {
        for start in StartPoint.allCases where start.state != .established {
            var session = start.machine()
            #expect(session.handle(.sendUpdate(Fixture.update)).isEmpty, "\(start)")
            #expect(session.handle(.sendRouteRefresh(Fixture.refresh)).isEmpty, "\(start)")
        }
        var session = StartPoint.established.machine()
        #expect(session.handle(.sendRouteRefresh(Fixture.refresh)) == [.send(.routeRefresh(Fixture.refresh))])
        #expect(session.handle(.sendUpdate(Fixture.update)) == [
            .send(.update(Fixture.update)),
            .startTimer(.keepalive, .seconds(30)),
        ])
    }

    @Test func receivedMessagesMapToTheirEvents() {
        var session = StartPoint.established.machine()
        #expect(session.handle(received: .update(Fixture.update)).contains(.deliverUpdate(Fixture.update)))
        #expect(session.handle(received: .keepalive) == [.startTimer(.hold, .seconds(90))])
        let down = session.handle(received: .notification(Fixture.peerCease))
        #expect(down.downReason == .notificationReceived(Fixture.peerCease))
        #expect(down.sent.isEmpty)
    }
}
