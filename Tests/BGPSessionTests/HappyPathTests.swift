// Idle to Established with exactly the expected actions, in order (RFC 4271 §8.2.2), and two
// machines bringing a session up over an in-memory link through the real codec.

import Testing
import BGPSession
import BGPWire
import NetworkPrimitives

@Suite struct HappyPathTests {
    @Test func activeStartProducesExactlyTheExpectedActions() {
        let config = Fixture.config
        let peerOpen = Fixture.peerOpen()
        var session = BGPSession(config: config)

        #expect(session.handle(.manualStart) == [
            .startTimer(.connectRetry, .seconds(120)),
            .initiateTCPConnection,
            .stateChanged(from: .idle, to: .connect),
        ])
        #expect(session.handle(.tcpConnectionRequestAcked) == [
            .stopTimer(.connectRetry),
            .send(.open(config.openMessage)),
            .startTimer(.hold, .seconds(240)),
            .stateChanged(from: .connect, to: .openSent),
        ])
        #expect(session.handle(.bgpOpen(peerOpen)) == [
            .send(.keepalive),
            .startTimer(.keepalive, .seconds(30)),
            .startTimer(.hold, .seconds(90)),
            .stateChanged(from: .openSent, to: .openConfirm),
        ])
        let negotiated = NegotiatedSession(config: config, peerOpen: peerOpen)
        #expect(session.handle(.keepaliveMessage) == [
            .startTimer(.hold, .seconds(90)),
            .stateChanged(from: .openConfirm, to: .established),
            .sessionEstablished(negotiated),
        ])
        #expect(session.state == .established)
        #expect(session.negotiated == negotiated)
        #expect(session.connectRetryCounter == 0)
        #expect(session.lastError == nil)
        #expect(session.runningTimers == [.keepalive, .hold])
    }

    @Test func ourOpenCarriesTheConfiguredCapabilities() {
        let open = Fixture.config.openMessage
        #expect(open.version == 4)
        #expect(open.myASField == 65000)
        #expect(open.holdTime == 90)
        #expect(open.identifier == Fixture.localID)
        #expect(open.capabilities == [
            .multiprotocol(.ipv4Unicast), .multiprotocol(.ipv6Unicast), .routeRefresh, .enhancedRouteRefresh,
            .extendedMessage, .gracefulRestart(GracefulRestartCapability(restartTime: 0)), .fourOctetAS(65000),
        ])
    }

    @Test func passiveStartWithDelayOpenAnswersThePeersOpen() {
        var config = Fixture.delayOpenConfig
        config.passive = true
        var session = BGPSession(config: config)

        #expect(session.handle(.manualStart) == [
            .startTimer(.connectRetry, .seconds(120)),
            .stateChanged(from: .idle, to: .active),
        ])
        #expect(session.handle(.tcpConnectionConfirmed) == [
            .stopTimer(.connectRetry),
            .startTimer(.delayOpen, .seconds(5)),
        ])
        #expect(session.isDelayOpenTimerRunning)
        // The peer's OPEN arrives first: Event 20.
        #expect(session.handle(received: .open(Fixture.peerOpen())) == [
            .stopTimer(.delayOpen),
            .send(.open(config.openMessage)),
            .send(.keepalive),
            .startTimer(.keepalive, .seconds(30)),
            .startTimer(.hold, .seconds(90)),
            .stateChanged(from: .active, to: .openConfirm),
        ])
        #expect(session.handle(received: .keepalive).established != nil)
        #expect(session.state == .established)
    }

    @Test func twoMachinesEstablishOverAnInMemoryLinkThroughTheCodec() throws {
        let a = SessionConfig(localASN: 65000, routerID: IPv4Address(10, 0, 0, 1), peerASN: 65001)
        let b = SessionConfig(localASN: 65001, routerID: IPv4Address(10, 0, 0, 2), peerASN: 65000,
                              holdTime: .seconds(30),
                              families: [.ipv4Unicast], extendedMessage: false)
        var link = InMemoryLink(a: BGPSession(config: a), b: BGPSession(config: b))

        try link.deliver(toA: .manualStart)
        try link.deliver(toB: .manualStartWithPassiveTCPEstablishment)
        #expect(link.aActions.contains(.initiateTCPConnection))
        // The connection completes on both ends.
        try link.deliver(toA: .tcpConnectionRequestAcked)
        try link.deliver(toB: .tcpConnectionConfirmed)
        try link.pump()

        #expect(link.a.state == .established)
        #expect(link.b.state == .established)
        let fromA = try #require(link.a.negotiated)
        let fromB = try #require(link.b.negotiated)
        #expect(fromA.holdTime == .seconds(30) && fromB.holdTime == .seconds(30))
        #expect(fromA.keepaliveTime == .seconds(10))
        #expect(fromA.families == [.ipv4Unicast] && fromB.families == [.ipv4Unicast])
        #expect(!fromA.extendedMessage && !fromB.extendedMessage)
        #expect(fromA.fourOctetAS && fromA.routeRefresh && fromA.enhancedRouteRefresh)
        #expect(fromA.peerRouterID == IPv4Address(10, 0, 0, 2))
        #expect(fromB.peerASN == 65000)

        // An UPDATE sent by A reaches B's owner.
        try link.deliver(toA: .sendUpdate(Fixture.update))
        try link.pump()
        let delivered = link.bActions.compactMap { if case .deliverUpdate(let update) = $0 { update } else { nil } }
        #expect(delivered.map(\.nlri) == [Fixture.update.nlri])
    }
}

/// Two machines joined back to back: every message one sends is encoded, decoded and handed to the other.
struct InMemoryLink {
    var a: BGPSession
    var b: BGPSession
    private var toA: [[UInt8]] = []
    private var toB: [[UInt8]] = []
    private(set) var aActions: [SessionAction] = []
    private(set) var bActions: [SessionAction] = []

    init(a: BGPSession, b: BGPSession) {
        self.a = a
        self.b = b
    }

    mutating func deliver(toA event: SessionEvent) throws {
        try route(a.handle(event), fromA: true)
    }

    mutating func deliver(toB event: SessionEvent) throws {
        try route(b.handle(event), fromA: false)
    }

    /// Delivers queued bytes until both directions are empty.
    mutating func pump() throws {
        while !toA.isEmpty || !toB.isEmpty {
            if !toA.isEmpty {
                let bytes = toA.removeFirst()
                let options = a.negotiated?.codecOptions ?? .standard
                if let message = try BGPMessage.decode(bytes: bytes, options: options) {
                    try route(a.handle(received: message), fromA: true)
                }
            }
            if !toB.isEmpty {
                let bytes = toB.removeFirst()
                let options = b.negotiated?.codecOptions ?? .standard
                if let message = try BGPMessage.decode(bytes: bytes, options: options) {
                    try route(b.handle(received: message), fromA: false)
                }
            }
        }
    }

    private mutating func route(_ actions: [SessionAction], fromA: Bool) throws {
        if fromA { aActions += actions } else { bActions += actions }
        for case .send(let message) in actions {
            let options = (fromA ? a : b).negotiated?.codecOptions ?? .standard
            let bytes = try message.encode(options: options)
            if fromA { toB.append(bytes) } else { toA.append(bytes) }
        }
    }
}
