// What both OPENs agree on (RFC 4271 §4.2, RFC 5492, RFC 4760, RFC 6793, RFC 8654, RFC 2918,
// RFC 7313) and how the machine uses it.

import Testing
import BGPSession
import BGPWire
import NetworkPrimitives

@Suite struct NegotiationTests {
    private func negotiate(_ open: OpenMessage, config: SessionConfig = Fixture.config) -> NegotiatedSession {
        NegotiatedSession(config: config, peerOpen: open)
    }

    @Test(arguments: [
        (UInt16(90), UInt16(30), 30, 10),   // the peer's smaller proposal wins
        (90, 180, 90, 30),                  // ours is smaller
        (90, 3, 3, 1),                      // the smallest legal hold time
        (90, 0, 0, 0),                      // the peer wants no keepalives
        (0, 90, 0, 0),                      // we want no keepalives
        (10, 10, 10, 3),                    // a third, rounded down to whole seconds
    ])
    func holdTimeIsTheSmallerProposalAndZeroWins(ours: UInt16, theirs: UInt16, hold: Int, keepalive: Int) {
        var config = Fixture.config
        config.holdTime = .seconds(Int(ours))
        let negotiated = negotiate(Fixture.peerOpen(holdTime: theirs), config: config)
        #expect(negotiated.holdTime == .seconds(hold))
        #expect(negotiated.keepaliveTime == .seconds(keepalive))
    }

    @Test func configuredKeepaliveIsUsedButNeverAboveAThirdOfTheHoldTime() {
        var config = Fixture.config
        config.keepaliveTime = .seconds(10)
        #expect(negotiate(Fixture.peerOpen(), config: config).keepaliveTime == .seconds(10))
        config.keepaliveTime = .seconds(60)
        #expect(negotiate(Fixture.peerOpen(), config: config).keepaliveTime == .seconds(30))
        #expect(negotiate(Fixture.peerOpen(holdTime: 0), config: config).keepaliveTime == .zero)
    }

    @Test func zeroHoldTimeStartsNeitherHoldTimerNorKeepaliveTimer() {
        var session = StartPoint.openSent.machine()
        let toOpenConfirm = session.handle(.bgpOpen(Fixture.peerOpen(holdTime: 0)))
        // The large OpenSent hold timer stops; the KEEPALIVE of the OPEN exchange is still sent.
        #expect(toOpenConfirm.sent == [.keepalive])
        #expect(toOpenConfirm.startedTimers.isEmpty)
        #expect(toOpenConfirm.stoppedTimers == [.hold])
        let toEstablished = session.handle(.keepaliveMessage)
        #expect(toEstablished.startedTimers.isEmpty)
        #expect(session.runningTimers.isEmpty)
        // Neither received messages nor sent UPDATEs start a timer.
        #expect(session.handle(.updateMessage(Fixture.update)).startedTimers.isEmpty)
        #expect(session.handle(.sendUpdate(Fixture.update)) == [.send(.update(Fixture.update))])
        #expect(session.handle(.keepaliveMessage).isEmpty)
        #expect(session.state == .established)
    }

    @Test func familiesAreTheIntersectionInOurOrder() {
        let reversed: [Capability] = [.multiprotocol(.ipv6Unicast), .multiprotocol(.ipv4Unicast)]
        let both = negotiate(Fixture.peerOpen(capabilities: reversed))
        #expect(both.families == [.ipv4Unicast, .ipv6Unicast])

        let v4Only = negotiate(Fixture.peerOpen(capabilities: [.multiprotocol(.ipv4Unicast)]))
        #expect(v4Only.families == [.ipv4Unicast])

        let multicast = AddressFamily(afi: .ipv4, safi: .multicast)
        let other = negotiate(Fixture.peerOpen(capabilities: [.multiprotocol(.ipv6Unicast), .multiprotocol(multicast)]))
        #expect(other.families == [.ipv6Unicast])
    }

    @Test func aPeerWithoutMultiprotocolCapabilitySpeaksIPv4UnicastOnly() {
        #expect(negotiate(Fixture.peerOpen(capabilities: [])).families == [.ipv4Unicast])
        var v6Only = Fixture.config
        v6Only.families = [.ipv6Unicast]
        #expect(negotiate(Fixture.peerOpen(capabilities: []), config: v6Only).families == [])
    }

    @Test func fourOctetASNeedsBothSides() {
        // OpenMessage(autonomousSystem:...) always adds the capability; a 2-octet speaker is built raw.
        let twoOctetPeer = OpenMessage(myASField: 65001, holdTime: 90, identifier: Fixture.peerID, capabilities: [])
        let old = negotiate(twoOctetPeer)
        #expect(!old.fourOctetAS)
        #expect(!old.codecOptions.fourOctetAS)
        #expect(!old.usesASTrans)
        #expect(old.peerASN == 65001)

        #expect(negotiate(Fixture.peerOpen()).fourOctetAS)
        #expect(negotiate(Fixture.peerOpen()).codecOptions.fourOctetAS)
    }

    @Test func aFourOctetLocalASNWithATwoOctetPeerIsMarkedForASTrans() {
        let config = SessionConfig(localASN: 4_200_000_000, routerID: Fixture.localID, peerASN: 65001)
        #expect(config.openMessage.myASField == 23456)
        #expect(config.openMessage.capabilities.last == .fourOctetAS(4_200_000_000))
        let twoOctetPeer = OpenMessage(myASField: 65001, holdTime: 90, identifier: Fixture.peerID, capabilities: [])
        let negotiated = negotiate(twoOctetPeer, config: config)
        #expect(negotiated.usesASTrans)
        #expect(!negotiated.fourOctetAS)
        #expect(!negotiate(Fixture.peerOpen(), config: config).usesASTrans)
    }

    @Test func aFourOctetPeerASIsReadFromItsCapability() {
        let config = SessionConfig(localASN: 65000, routerID: Fixture.localID, peerASN: 4_200_000_001)
        var session = BGPSession(config: config)
        _ = session.handle(.manualStart)
        _ = session.handle(.tcpConnectionRequestAcked)
        let open = Fixture.peerOpen(asn: 4_200_000_001)
        #expect(open.myASField == 23456)
        _ = session.handle(.bgpOpen(open))
        #expect(session.state == .openConfirm)
        #expect(session.negotiated?.peerASN == 4_200_000_001)
    }

    @Test func extendedMessageOnlyWhenBothAdvertiseIt() {
        let both = negotiate(Fixture.peerOpen())
        #expect(both.extendedMessage)
        #expect(both.codecOptions.maxMessageLength == 65535)

        let peerLacks = negotiate(Fixture.peerOpen(capabilities: [.multiprotocol(.ipv4Unicast)]))
        #expect(!peerLacks.extendedMessage)
        #expect(peerLacks.codecOptions.maxMessageLength == 4096)

        var config = Fixture.config
        config.extendedMessage = false
        #expect(!config.openMessage.capabilities.contains(.extendedMessage))
        #expect(!negotiate(Fixture.peerOpen(), config: config).extendedMessage)
    }

    @Test func routeRefreshFlagsNeedBothSides() {
        let both = negotiate(Fixture.peerOpen())
        #expect(both.routeRefresh && both.enhancedRouteRefresh)
        let plain = negotiate(Fixture.peerOpen(capabilities: [.multiprotocol(.ipv4Unicast), .routeRefresh]))
        #expect(plain.routeRefresh && !plain.enhancedRouteRefresh)
        var config = Fixture.config
        config.routeRefresh = false
        let off = negotiate(Fixture.peerOpen(), config: config)
        #expect(!off.routeRefresh && !off.enhancedRouteRefresh)
        // Enhanced Route Refresh is never advertised without Route Refresh.
        #expect(!config.capabilities.contains(.enhancedRouteRefresh))
    }

    @Test func externalAndInternalPeersSetTheCodecOptions() {
        #expect(negotiate(Fixture.peerOpen()).isExternal)
        #expect(negotiate(Fixture.peerOpen()).codecOptions.peerIsExternal)
        let ibgp = SessionConfig(localASN: 65000, routerID: Fixture.localID, peerASN: 65000)
        let negotiated = negotiate(Fixture.peerOpen(asn: 65000), config: ibgp)
        #expect(!negotiated.isExternal)
        #expect(!negotiated.codecOptions.peerIsExternal)
    }

    @Test func unimplementedCapabilitiesAreNeitherAdvertisedNorRequired() {
        let ours = Fixture.config.capabilities
        // Graceful Restart only as the End-of-RIB marker (RFC 4724 §3): restart time 0, no family,
        // so a peer never keeps our routes for a restart we do not do.
        #expect(ours.contains(.gracefulRestart(GracefulRestartCapability(restartTime: 0))))
        #expect(!ours.contains { if case .gracefulRestart(let gr) = $0 { gr.restartTime != 0 || !gr.families.isEmpty } else { false } })
        #expect(!ours.map(\.code).contains(CapabilityCode.addPath))
        var withoutMarker = Fixture.config
        withoutMarker.gracefulRestartForEndOfRIB = false
        #expect(!withoutMarker.capabilities.map(\.code).contains(CapabilityCode.gracefulRestart))
        // A peer that advertises them (and unknown ones) is accepted.
        var session = StartPoint.openSent.machine()
        _ = session.handle(.bgpOpen(Fixture.peerOpen(capabilities: [
            .multiprotocol(.ipv4Unicast), .gracefulRestart(GracefulRestartCapability(restartTime: 120)),
            .addPath([AddPathEntry(family: .ipv4Unicast, mode: .both)]), .unrecognized(code: 200, value: [1, 2]),
        ])))
        #expect(session.state == .openConfirm)
    }
}
