// The session driver against a scripted transport: each case of issue 15 on the driver.

import Testing
import BGPDriver
import BGPRouting
import BGPSession
import BGPWire
import NetworkPrimitives

private typealias F = DriverFixture

@Suite struct ConnectionTests {
    /// #2: ConnectRetryTimer_Expires in Connect drops the attempt, starts another and stays in
    /// Connect (RFC 4271 §8.2.2); the abandoned attempt's completion never reaches the machine.
    @Test func connectRetryInConnectReplacesTheAttemptAndIgnoresTheOldOne() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        driver.handle(.manualStart, &transport, &routes)
        let first = transport.connects.last!
        transport.reset()
        driver.timerExpired(.session(.connectRetry), &transport, &routes)
        #expect(driver.session.state == .connect)
        #expect(transport.closes == [first])
        #expect(transport.connects.count == 1)
        let second = transport.connects[0]
        #expect(transport.requests.contains(.startTimer(.session(.connectRetry), .seconds(5))))
        transport.reset()
        // The first attempt fails late: ignored.
        driver.connectFailed(attempt: first, &transport, &routes)
        #expect(driver.session.state == .connect)
        #expect(transport.requests.isEmpty)
        // ... or succeeds late: its connection is closed, the machine never sees it.
        driver.connected(attempt: first, as: ConnectionID(rawValue: 7), &transport, &routes)
        #expect(driver.session.state == .connect)
        #expect(transport.closes == [ConnectionID(rawValue: 7)])
        #expect(driver.attempt == second)
        // The current one succeeds.
        driver.connected(attempt: second, as: second, &transport, &routes)
        #expect(driver.session.state == .openSent)
    }

    /// #15: a passive session never connects out, not even when its ConnectRetryTimer expires.
    @Test func aPassiveSessionNeverConnectsOut() {
        var driver = F.driver(passive: true)
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        driver.handle(.manualStart, &transport, &routes)
        for _ in 0 ..< 3 {
            driver.timerExpired(.session(.connectRetry), &transport, &routes)
            #expect(driver.session.state == .active)
        }
        driver.handle(.automaticStartWithDampPeerOscillations, &transport, &routes)
        #expect(transport.connects.isEmpty)
        #expect(driver.accepted(ConnectionID(rawValue: 1), &transport, &routes))
        #expect(driver.session.state == .openSent)
    }

    /// #9: after refused connections the peer's own connection is accepted in Idle, at once.
    @Test func thePeerReturningIsAcceptedInIdle() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        driver.handle(.manualStart, &transport, &routes)
        for _ in 0 ..< 4 {
            driver.connectFailed(attempt: driver.attempt!, &transport, &routes)
            #expect(driver.session.state == .idle)
            driver.timerExpired(.session(.idleHold), &transport, &routes)
        }
        // The level never rose: every refusal waits the initial IdleHoldTime.
        let holds = transport.requests.compactMap { if case .startTimer(.session(.idleHold), let d) = $0 { d } else { nil } }
        #expect(holds == Array(repeating: .seconds(5), count: 4))
        driver.connectFailed(attempt: driver.attempt!, &transport, &routes)
        #expect(driver.session.state == .idle)
        #expect(driver.acceptsConnection)
        let incoming = ConnectionID(rawValue: 1)
        #expect(driver.accepted(incoming, &transport, &routes))
        #expect(driver.session.state == .openSent)
        driver.received(F.bytes(.open(F.peerOpen())) + F.bytes(.keepalive), on: incoming, &transport, &routes)
        #expect(driver.session.state == .established)
    }

    /// An administratively stopped session refuses the peer in Idle.
    @Test func aStoppedSessionRefusesThePeer() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        driver.restartsAutomatically = false
        #expect(!driver.acceptsConnection)
        #expect(!driver.accepted(ConnectionID(rawValue: 1), &transport, &routes))
        #expect(transport.closes == [ConnectionID(rawValue: 1)])
    }
}

@Suite struct SecondConnectionTests {
    /// A session in OpenConfirm over the peer's connection (incoming).
    private func openConfirm(_ driver: inout SessionDriver, _ transport: inout ScriptedTransport, _ routes: inout MemoryRoutes) -> ConnectionID {
        let first = ConnectionID(rawValue: 1)
        driver = F.driver(passive: true)
        driver.handle(.manualStart, &transport, &routes)
        driver.accepted(first, &transport, &routes)
        driver.received(F.bytes(.open(F.peerOpen())), on: first, &transport, &routes)
        #expect(driver.session.state == .openConfirm)
        transport.reset()
        return first
    }

    /// #14: an invalid OPEN on the second connection is that connection's error (Bad Peer AS);
    /// the first connection stays.
    @Test func anInvalidOpenDoesNotResolveACollision() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        let first = openConfirm(&driver, &transport, &routes)
        let second = ConnectionID(rawValue: 2)
        #expect(driver.accepted(second, &transport, &routes))
        #expect(transport.requests.contains(.startTimer(.candidateHold, .seconds(240))))
        driver.received(F.bytes(.open(F.peerOpen(asn: 65099))), on: second, &transport, &routes)
        #expect(transport.notifications(on: second).map { [$0.code.rawValue, $0.subcode] } == [[2, 2]])
        #expect(transport.closes == [second])
        #expect(transport.notifications(on: first).isEmpty)
        #expect(driver.session.state == .openConfirm)
        #expect(driver.connection == first)
    }

    /// #14: a valid OPEN with another BGP Identifier is not a collision: Cease / Connection Rejected.
    @Test func anotherIdentifierIsRejected() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        _ = openConfirm(&driver, &transport, &routes)
        let second = ConnectionID(rawValue: 2)
        driver.accepted(second, &transport, &routes)
        driver.received(F.bytes(.open(F.peerOpen(identifier: IPv4Address(10, 9, 9, 9)))), on: second, &transport, &routes)
        #expect(transport.notifications(on: second).map { [$0.code.rawValue, $0.subcode] } == [[6, 5]])
        #expect(driver.session.state == .openConfirm)
    }

    /// #14: a true collision, our BGP Identifier lower: the connection we initiated is closed with
    /// Cease 6/7 and the peer's proceeds; the log says "lower".
    @Test func aCollisionKeepsThePeersConnectionWhenOurIdentifierIsLower() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        driver.handle(.manualStart, &transport, &routes)
        let ours = transport.connects.last!
        driver.connected(attempt: ours, as: ours, &transport, &routes)
        driver.received(F.bytes(.open(F.peerOpen())), on: ours, &transport, &routes)
        #expect(driver.session.state == .openConfirm)
        transport.reset()
        let theirs = ConnectionID(rawValue: 2)
        driver.accepted(theirs, &transport, &routes)
        driver.received(F.bytes(.open(F.peerOpen())) + F.bytes(.keepalive), on: theirs, &transport, &routes)
        #expect(transport.notifications(on: ours).map { [$0.code.rawValue, $0.subcode] } == [[6, 7]])
        #expect(transport.closes.contains(ours))
        #expect(driver.connection == theirs)
        #expect(driver.session.state == .established)
        let text = transport.reports.compactMap { if case .collision(let t) = $0 { t } else { nil } }
        #expect(text.count == 1 && text[0].contains("10.0.0.1 is lower than the peer's 10.0.0.2"))
    }

    /// #10: non-BGP octets on the second connection: NOTIFICATION 1/x at the first bad header,
    /// closed, nothing buffered.
    @Test func garbageOnTheSecondConnectionIsNotifiedAndClosed() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        let first = openConfirm(&driver, &transport, &routes)
        let second = ConnectionID(rawValue: 2)
        driver.accepted(second, &transport, &routes)
        driver.received(Array(repeating: 0x41, count: 65536), on: second, &transport, &routes)
        #expect(transport.notifications(on: second).map(\.code.rawValue) == [1])
        #expect(transport.closes == [second])
        #expect(driver.candidate == nil)
        #expect(driver.bufferedByteCount == 0)
        // Later bytes on it are dropped.
        driver.received(Array(repeating: 0x41, count: 65536), on: second, &transport, &routes)
        #expect(driver.bufferedByteCount == 0)
        #expect(driver.connection == first)
    }

    /// #10: the second connection's OpenSent hold timer (4 minutes): Hold Timer Expired, then close.
    @Test func aSilentSecondConnectionTimesOut() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        _ = openConfirm(&driver, &transport, &routes)
        let second = ConnectionID(rawValue: 2)
        driver.accepted(second, &transport, &routes)
        driver.timerExpired(.candidateHold, &transport, &routes)
        #expect(transport.notifications(on: second).map(\.code.rawValue) == [4])
        #expect(transport.closes == [second])
        #expect(driver.session.state == .openConfirm)
    }
}

@Suite struct RoutesTests {
    private let p1 = IPv4Prefix("192.0.2.0/24")!
    private let p2 = IPv4Prefix("198.51.100.0/24")!
    private let p3 = IPv4Prefix("203.0.113.0/24")!

    /// RFC 4724 §2: End-of-RIB after the initial table.
    @Test func theInitialTableEndsWithEndOfRIB() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        routes.offers[p1] = PathAttributes(origin: .igp, asPath: ASPath(sequence: []))
        let connection = F.established(&driver, &transport, &routes)
        let updates = transport.sent(on: connection).updates
        #expect(updates.count == 2)
        #expect(updates[0].nlri == [p1])
        #expect(updates[0].attributes.asPath == ASPath(sequence: [F.localASN]))
        #expect(updates[0].attributes.nextHop == F.localID)
        #expect(updates[1].endOfRIBFamily == .ipv4Unicast)
    }

    /// #1: a route too large to encode is withheld, counted with its reason, never advertised;
    /// the other routes go out.
    @Test func anUnencodableRouteIsWithheldAndTheOthersGoOut() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        routes.offers[p1] = PathAttributes(origin: .igp, asPath: ASPath(sequence: []),
                                           communities: (0 ..< 1100).map { Community(65001, UInt16($0)) })
        routes.offers[p2] = PathAttributes(origin: .igp, asPath: ASPath(sequence: []))
        let connection = F.established(&driver, &transport, &routes)
        let updates = transport.sent(on: connection).updates
        #expect(updates.flatMap(\.nlri) == [p2])
        #expect(driver.adjRIBOut.count == 1)
        #expect(driver.unsendable.keys.sorted() == [p1])
        #expect(driver.unsendable[p1]?.contains("4096") == true)
        #expect(transport.reports.contains { if case .unsendable(1, _) = $0 { true } else { false } })
        // The route shrinks: it goes out and is no longer unsendable.
        routes.offers[p1] = PathAttributes(origin: .igp, asPath: ASPath(sequence: []))
        transport.reset()
        driver.synchronize(prefixes: [p1], &transport, &routes)
        #expect(transport.sent(on: connection).updates.flatMap(\.nlri) == [p1])
        #expect(driver.unsendable.isEmpty)
        #expect(driver.adjRIBOut.count == 2)
    }

    /// #6: AS4_PATH from a 2-octet peer is merged (RFC 6793 §4.2.3).
    @Test func as4PathFromATwoOctetPeerIsMerged() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        let connection = F.established(&driver, &transport, &routes, open: F.peerOpen(fourOctet: false))
        var attributes = F.attributes(path: [65001, .trans, 100])
        attributes.as4Path = ASPath(sequence: [4_200_000_001, 100])
        let update = UpdateMessage(attributes: attributes, nlri: [p1])
        driver.received(F.bytes(.update(update), CodecOptions(fourOctetAS: false)), on: connection, &transport, &routes)
        #expect(routes.learned[p1]?.asPath == ASPath(sequence: [65001, 4_200_000_001, 100]), "\(transport.reports) \(driver.session.state)")
        #expect(routes.learned[p1]?.as4Path == nil)
    }

    /// #8/#12: NEXT_HOP 0.0.0.0, multicast, class E and our own address are not used.
    @Test(arguments: [IPv4Address(0, 0, 0, 0), IPv4Address(224, 0, 0, 5), IPv4Address(240, 0, 0, 1), F.localID])
    func impossibleNextHopsAreNotUsed(nextHop: IPv4Address) {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        let connection = F.established(&driver, &transport, &routes)
        driver.received(F.bytes(.update(UpdateMessage(attributes: F.attributes(), nlri: [p1]))), on: connection, &transport, &routes)
        #expect(routes.learned[p1] != nil)
        driver.received(F.bytes(.update(UpdateMessage(attributes: F.attributes(nextHop: nextHop), nlri: [p1, p2]))),
                        on: connection, &transport, &routes)
        #expect(routes.learned.isEmpty)
        #expect(transport.reports.contains(.nextHopUnusable(nextHop, prefixes: 2)))
        #expect(driver.session.state == .established)
    }

    /// #13: a malformed MP_UNREACH_NLRI disables its family (RFC 7606 §7.11); for IPv4 unicast,
    /// the session's only family, the session is reset with UPDATE Message Error.
    @Test func aMalformedMPAttributeDisablesTheFamilyOrResets() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        let connection = F.established(&driver, &transport, &routes)
        func unreach(afi: UInt8) -> [UInt8] {
            let attribute: [UInt8] = [0x80, 0x0F, 0x05, 0x00, afi, 0x01, 0x40, 0x20]
            let length = 19 + 2 + 2 + attribute.count
            return Array(repeating: 0xFF, count: 16) + [0, UInt8(length), 2, 0, 0, 0, UInt8(attribute.count)] + attribute
        }
        driver.received(unreach(afi: 2), on: connection, &transport, &routes)
        #expect(transport.reports.contains(.familyDisabled(.ipv6Unicast)))
        #expect(driver.session.state == .established)
        transport.reset()
        driver.received(unreach(afi: 1), on: connection, &transport, &routes)
        #expect(transport.notifications(on: connection).map(\.code.rawValue) == [3])
        #expect(driver.session.state != .established)
    }
}

@Suite struct RouteRefreshTests {
    private let p1 = IPv4Prefix("192.0.2.0/24")!
    private let p2 = IPv4Prefix("198.51.100.0/24")!

    /// #3/#5: the peer's BoRR is no refresh request; routes it does not repeat before EoRR are purged.
    @Test func thePeersBoRRAndEoRRPurgeStaleRoutes() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        routes.offers[p1] = PathAttributes(origin: .igp, asPath: ASPath(sequence: []))
        let connection = F.established(&driver, &transport, &routes)
        driver.received(F.bytes(.update(UpdateMessage(attributes: F.attributes(), nlri: [p1, p2]))), on: connection, &transport, &routes)
        transport.reset()
        driver.received(F.bytes(.routeRefresh(RouteRefreshMessage(family: .ipv4Unicast, subtype: .beginningOfRefresh))),
                        on: connection, &transport, &routes)
        #expect(transport.sent(on: connection).updates.isEmpty)
        driver.received(F.bytes(.update(UpdateMessage(attributes: F.attributes(), nlri: [p1]))), on: connection, &transport, &routes)
        driver.received(F.bytes(.routeRefresh(RouteRefreshMessage(family: .ipv4Unicast, subtype: .endOfRefresh))),
                        on: connection, &transport, &routes)
        #expect(routes.learned.keys.sorted() == [p1])
        #expect(transport.reports.contains(.peerRefreshEnded(.ipv4Unicast, purged: 1)))
        #expect(transport.sent(on: connection).updates.isEmpty)
    }

    /// #4: a refresh request is answered with BoRR, the table, EoRR (RFC 7313 §4).
    @Test func ourAnswerIsFramedByBoRRAndEoRR() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        routes.offers[p1] = PathAttributes(origin: .igp, asPath: ASPath(sequence: []))
        let connection = F.established(&driver, &transport, &routes)
        transport.reset()
        driver.received(F.bytes(.routeRefresh(RouteRefreshMessage(family: .ipv4Unicast))), on: connection, &transport, &routes)
        let sent = transport.sent(on: connection)
        #expect(sent.count == 3)
        #expect(sent.first == .routeRefresh(RouteRefreshMessage(family: .ipv4Unicast, subtype: .beginningOfRefresh)))
        #expect(sent.updates.flatMap(\.nlri) == [p1])
        #expect(sent.last == .routeRefresh(RouteRefreshMessage(family: .ipv4Unicast, subtype: .endOfRefresh)))
    }

    /// Without Enhanced Route Refresh: just the table.
    @Test func withoutEnhancedRefreshOnlyTheTable() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        routes.offers[p1] = PathAttributes(origin: .igp, asPath: ASPath(sequence: []))
        let connection = F.established(&driver, &transport, &routes, open: F.peerOpen(enhanced: false))
        transport.reset()
        driver.received(F.bytes(.routeRefresh(RouteRefreshMessage(family: .ipv4Unicast))), on: connection, &transport, &routes)
        let sent = transport.sent(on: connection)
        #expect(sent.refreshes.isEmpty)
        #expect(sent.updates.flatMap(\.nlri) == [p1])
    }
}

/// "We send a route refresh" (issue 15 matrix): the speaker's `refresh` control request feeds the
/// session's SendRouteRefresh event; the driver writes the ROUTE-REFRESH on the connection.
@Suite struct OutgoingRouteRefreshTests {
    @Test func anEstablishedSessionSendsTheRequestAndLearnsTheAnswer() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        let connection = F.established(&driver, &transport, &routes)
        transport.reset()
        driver.handle(.sendRouteRefresh(RouteRefreshMessage(family: .ipv4Unicast)), &transport, &routes)
        #expect(transport.sent(on: connection).refreshes == [RouteRefreshMessage(family: .ipv4Unicast, subtype: .normal)])
        #expect(driver.session.state == .established)
        // The peer answers with its routes.
        let prefix = IPv4Prefix("192.0.2.0/24")!
        let answer = UpdateMessage(attributes: F.attributes(), nlri: [prefix])
        driver.received(F.bytes(.update(answer)), on: connection, &transport, &routes)
        #expect(driver.updatesReceived == 1)
        #expect(routes.learnedPrefixes(from: F.key).contains(prefix))
    }

    @Test func aPeerWithoutTheCapabilityIsNotAsked() {
        var driver = F.driver()
        var transport = ScriptedTransport()
        var routes = MemoryRoutes()
        let open = OpenMessage(autonomousSystem: F.peerASN, holdTime: 90, identifier: F.peerID,
                               capabilities: [.multiprotocol(.ipv4Unicast), .fourOctetAS(F.peerASN)])
        let connection = F.established(&driver, &transport, &routes, open: open)
        transport.reset()
        driver.handle(.sendRouteRefresh(RouteRefreshMessage(family: .ipv4Unicast)), &transport, &routes)
        #expect(transport.sent(on: connection).refreshes.isEmpty)
        #expect(driver.session.state == .established)
    }
}
