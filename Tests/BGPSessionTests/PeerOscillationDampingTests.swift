// Peer oscillation damping (RFC 4271 §8.1.1 group 1): the IdleHoldTimer doubles with each
// consecutive failure up to its maximum, holds automatic starts back, and is forgiven after a
// stable Established period or by a manual start.

import Testing
import BGPSession
import BGPWire
import NetworkPrimitives

@Suite struct PeerOscillationDampingTests {
    @Test func idleHoldTimeDoublesUpToTheMaximum() {
        var damping = PeerOscillationDamping(initialIdleHoldTime: .seconds(5), maximumIdleHoldTime: .seconds(120))
        let steps = (0 ..< 8).map { _ in damping.recordFailure() }
        #expect(steps == [5, 10, 20, 40, 80, 120, 120, 120].map { Duration.seconds($0) })
        #expect(damping.consecutiveFailures == 8)
        damping.reset()
        #expect(damping.nextIdleHoldTime == .seconds(5))
    }

    @Test func aLongRunOfFailuresNeitherOverflowsNorExceedsTheMaximum() {
        var damping = PeerOscillationDamping(initialIdleHoldTime: .milliseconds(1), maximumIdleHoldTime: .seconds(3600))
        for _ in 0 ..< 10_000 {
            #expect(damping.recordFailure() <= .seconds(3600))
        }
        #expect(damping.nextIdleHoldTime == .seconds(3600))
    }

    /// Fails the connection attempt from Connect (a refused TCP connection).
    private func refuse(_ session: inout BGPSession) -> Duration? {
        let actions = session.handle(.tcpConnectionFails)
        #expect(session.state == .idle)
        return actions.startedTimers[.idleHold]
    }

    /// A session that fails after connecting (OPENs exchanged, then the peer's Cease): a flap.
    private func flap(_ session: inout BGPSession) -> Duration? {
        _ = session.handle(.tcpConnectionRequestAcked)
        _ = session.handle(.bgpOpen(Fixture.peerOpen()))
        let actions = session.handle(.notification(Fixture.peerCease))
        #expect(session.state == .idle)
        return actions.startedTimers[.idleHold]
    }

    /// Issue 15 #9: a peer that is down (connections refused) is retried at the current level, not
    /// an ever longer one; only flaps raise it.
    @Test func refusedConnectionsDoNotRaiseTheLevel() {
        var session = BGPSession(config: Fixture.config)
        _ = session.handle(.automaticStart)
        var holds: [Duration] = []
        for _ in 0 ..< 5 {
            holds.append(refuse(&session) ?? .zero)
            #expect(session.handle(.automaticStart).isEmpty)
            _ = session.handle(.idleHoldTimerExpires)
            #expect(session.state == .connect)
        }
        #expect(holds == Array(repeating: .seconds(5), count: 5))
        #expect(session.damping.consecutiveFailures == 0)
        // After two flaps the level is 10 s; a refusal then waits 10 s without raising it.
        _ = flap(&session)
        _ = session.handle(.idleHoldTimerExpires)
        _ = session.handle(.automaticStart)
        #expect(flap(&session) == .seconds(10))
        _ = session.handle(.idleHoldTimerExpires)
        _ = session.handle(.automaticStart)
        #expect(refuse(&session) == .seconds(10))
        #expect(session.damping.consecutiveFailures == 2)
    }

    /// Issue 15 #9, RFC 4271 §8.2.1.5: while an automatic start waits for the IdleHoldTimer, the
    /// peer's own connection is accepted and the machine starts passively on it.
    @Test func thePeersConnectionIsAcceptedWhileAStartWaits() {
        var session = BGPSession(config: Fixture.config)
        _ = session.handle(.manualStart)
        _ = refuse(&session)
        // Without a waiting start, Idle refuses (no action).
        #expect(session.handle(.tcpConnectionConfirmed).isEmpty)
        #expect(session.handle(.automaticStartWithDampPeerOscillations).isEmpty)
        let actions = session.handle(.tcpConnectionConfirmed)
        #expect(actions.contains(.stopTimer(.idleHold)))
        #expect(actions.contains(.send(.open(Fixture.config.openMessage))))
        #expect(!actions.contains(.initiateTCPConnection))
        #expect(session.state == .openSent)
    }

    @Test func consecutiveFailuresHoldAutomaticStartsBackLongerAndLonger() {
        var session = BGPSession(config: Fixture.config)
        _ = session.handle(.automaticStart)
        var holds: [Duration] = []
        for _ in 0 ..< 7 {
            holds.append(flap(&session) ?? .zero)
            // The owner restarts at once; the machine waits for the IdleHoldTimer.
            #expect(session.handle(.automaticStart).isEmpty)
            #expect(session.state == .idle)
            let restart = session.handle(.idleHoldTimerExpires)
            #expect(restart.contains(.initiateTCPConnection))
            #expect(session.state == .connect)
        }
        #expect(holds == [5, 10, 20, 40, 80, 120, 120].map { Duration.seconds($0) })
    }

    @Test func theDeferredStartKeepsItsPassiveMode() {
        var session = BGPSession(config: Fixture.config)
        _ = session.handle(.manualStart)
        _ = refuse(&session)
        #expect(session.handle(.automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment).isEmpty)
        let restart = session.handle(.idleHoldTimerExpires)
        #expect(!restart.contains(.initiateTCPConnection))
        #expect(session.state == .active)
    }

    @Test func expiryWithoutAPendingStartStaysIdle() {
        var session = BGPSession(config: Fixture.config)
        _ = session.handle(.manualStart)
        _ = refuse(&session)
        #expect(session.handle(.idleHoldTimerExpires).isEmpty)
        #expect(session.state == .idle)
        // The hold is over: an automatic start is now honoured at once.
        #expect(session.handle(.automaticStart).contains(.initiateTCPConnection))
    }

    @Test func aManualStartOverridesDampingAndForgetsTheLevel() {
        var session = BGPSession(config: Fixture.config)
        _ = session.handle(.manualStart)
        _ = flap(&session)
        _ = session.handle(.idleHoldTimerExpires)
        _ = session.handle(.automaticStart)
        #expect(flap(&session) == .seconds(10))
        let start = session.handle(.manualStart)
        #expect(start.first == .stopTimer(.idleHold))
        #expect(start.contains(.initiateTCPConnection))
        #expect(session.damping.consecutiveFailures == 0)
        #expect(flap(&session) == .seconds(5))
    }

    @Test func aManualStopCancelsTheDeferredStart() {
        var session = BGPSession(config: Fixture.config)
        _ = session.handle(.manualStart)
        _ = refuse(&session)
        _ = session.handle(.automaticStart)
        #expect(session.handle(.manualStop()) == [.stopTimer(.idleHold)])
        #expect(session.handle(.idleHoldTimerExpires).isEmpty)
        #expect(session.state == .idle)
    }

    @Test func aStableSessionForgivesTheLevel() {
        var session = BGPSession(config: Fixture.config)
        _ = session.handle(.manualStart)
        _ = flap(&session)
        _ = session.handle(.idleHoldTimerExpires)
        _ = session.handle(.automaticStart)
        _ = flap(&session)
        #expect(session.damping.consecutiveFailures == 2)
        _ = session.handle(.idleHoldTimerExpires)
        _ = session.handle(.automaticStart)
        _ = session.handle(.tcpConnectionRequestAcked)
        _ = session.handle(.bgpOpen(Fixture.peerOpen()))
        let up = session.handle(.keepaliveMessage)
        // The stable period defaults to the negotiated hold time.
        #expect(up.startedTimers[.dampingReset] == .seconds(90))
        #expect(session.handle(.dampingResetTimerExpires).isEmpty)
        #expect(session.damping.consecutiveFailures == 0)
        let down = session.handle(.holdTimerExpires)
        #expect(down.startedTimers[.idleHold] == .seconds(5))
    }

    @Test func aFlapWithinTheStablePeriodKeepsDoubling() {
        var session = BGPSession(config: Fixture.config)
        _ = session.handle(.manualStart)
        _ = flap(&session)
        _ = session.handle(.idleHoldTimerExpires)
        _ = session.handle(.automaticStart)
        _ = session.handle(.tcpConnectionRequestAcked)
        _ = session.handle(.bgpOpen(Fixture.peerOpen()))
        _ = session.handle(.keepaliveMessage)
        #expect(session.runningTimers.contains(.dampingReset))
        let down = session.handle(.notification(Fixture.peerCease))
        #expect(down.stoppedTimers.contains(.dampingReset))
        #expect(down.startedTimers[.idleHold] == .seconds(10))
    }

    @Test func theStablePeriodIsConfigurable() {
        var config = Fixture.config
        config.dampingStablePeriod = .seconds(600)
        var session = BGPSession(config: config)
        _ = session.handle(.manualStart)
        _ = flap(&session)
        _ = session.handle(.manualStart)
        #expect(session.damping.consecutiveFailures == 0)
        _ = flap(&session)
        _ = session.handle(.idleHoldTimerExpires)
        _ = session.handle(.automaticStart)
        _ = session.handle(.tcpConnectionRequestAcked)
        _ = session.handle(.bgpOpen(Fixture.peerOpen()))
        #expect(session.handle(.keepaliveMessage).startedTimers[.dampingReset] == .seconds(600))
    }

    @Test func withoutDampingAutomaticStartsAreHonouredAtOnce() {
        var config = Fixture.config
        config.dampPeerOscillations = false
        var session = BGPSession(config: config)
        _ = session.handle(.automaticStartWithDampPeerOscillations)
        let down = session.handle(.tcpConnectionFails)
        #expect(down.startedTimers.isEmpty)
        #expect(session.handle(.automaticStart).contains(.initiateTCPConnection))
    }

    @Test func nonFailuresAreNotDamped() {
        // ManualStop.
        var stopped = StartPoint.established.machine()
        #expect(stopped.handle(.manualStop()).startedTimers.isEmpty)
        // A version error from the peer in OpenSent and OpenConfirm (RFC 4271: no counter, no damping).
        for start in [StartPoint.openSent, .openConfirm] {
            var session = start.machine()
            #expect(session.handle(.notificationVersionError(Fixture.versionError)).startedTimers.isEmpty)
            #expect(session.damping.consecutiveFailures == 0)
        }
    }
}
