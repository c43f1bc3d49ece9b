// Keepalive, hold, connect-retry, delay-open and idle-hold timers driven by a virtual clock
// (RFC 4271 §4.4, §6.5, §8.2.2, §10). Timers are actions and events: nothing sleeps.

import Testing
import BGPSession
import BGPWire
import NetworkPrimitives

@Suite struct TimerTests {
    /// A driver whose session became Established at time zero.
    private func established(_ config: SessionConfig = Fixture.config, peerHold: UInt16 = 90) -> VirtualClockDriver {
        var driver = VirtualClockDriver(config: config)
        driver.handle(.manualStart)
        driver.handle(.tcpConnectionRequestAcked)
        driver.handle(.bgpOpen(Fixture.peerOpen(holdTime: peerHold)))
        driver.handle(.keepaliveMessage)
        precondition(driver.session.state == .established)
        return driver
    }

    @Test func keepalivesEveryThirdOfTheHoldTimeUntilTheHoldTimerExpires() {
        var driver = established()
        driver.advance(to: .seconds(89))
        #expect(driver.session.state == .established)
        // One KEEPALIVE for the OPEN exchange at 0, then one every 30 seconds.
        #expect(driver.keepaliveTimes == [0, 30, 60].map { Duration.seconds($0) })
        driver.advance(to: .seconds(90))
        #expect(driver.session.state == .idle)
        #expect(driver.sendTimes { $0 == .notification(NotificationMessage(code: .holdTimerExpired)) }
                == [.seconds(90)])
        #expect(driver.session.lastError == .holdTimerExpired)
        // Only the IdleHoldTimer is left.
        #expect(Set(driver.deadlines.keys) == [.idleHold])
    }

    @Test func peerKeepalivesKeepTheSessionUp() {
        var driver = established(peerHold: 9)  // negotiated hold 9, keepalive 3
        for second in stride(from: 8, through: 1000, by: 8) {
            driver.advance(to: .seconds(second))
            driver.handle(.keepaliveMessage)
        }
        #expect(driver.session.state == .established)
        let times = driver.keepaliveTimes
        #expect(times.count == 1 + 1000 / 3)
        #expect(zip(times.dropFirst(), times.dropFirst(2)).allSatisfy { $1 - $0 == .seconds(3) })
        // Silence from the peer: 9 seconds after its last KEEPALIVE (at 1000), the session ends.
        driver.advance(to: .seconds(1008))
        #expect(driver.session.state == .established)
        driver.advance(to: .seconds(1009))
        #expect(driver.session.state == .idle)
    }

    @Test func sendingAnUpdateRestartsTheKeepaliveTimer() {
        var driver = established()
        driver.advance(to: .seconds(20))
        driver.handle(.sendUpdate(Fixture.update))
        driver.handle(.keepaliveMessage)
        driver.advance(to: .seconds(79))
        #expect(driver.keepaliveTimes == [0, 50].map { Duration.seconds($0) })
        driver.advance(to: .seconds(80))
        #expect(driver.keepaliveTimes == [0, 50, 80].map { Duration.seconds($0) })
        #expect(driver.sendTimes { if case .update = $0 { true } else { false } } == [.seconds(20)])
    }

    @Test func receivedUpdatesRestartTheHoldTimer() {
        var driver = established()
        for second in stride(from: 60, through: 600, by: 60) {
            driver.advance(to: .seconds(second))
            driver.handle(.updateMessage(Fixture.update))
        }
        #expect(driver.session.state == .established)
        let delivered = driver.log.filter { $0.action == .deliverUpdate(Fixture.update) }
        #expect(delivered.count == 10)
    }

    @Test func zeroHoldTimeMeansNoTimersAtAll() {
        var driver = established(peerHold: 0)
        driver.advance(to: .seconds(100_000))
        #expect(driver.session.state == .established)
        #expect(driver.deadlines.isEmpty)
        #expect(driver.keepaliveTimes == [.zero])
    }

    @Test func openSentWaitsFourMinutesForThePeersOpen() {
        var driver = VirtualClockDriver(config: Fixture.config)
        driver.handle(.manualStart)
        driver.advance(to: .seconds(1))
        driver.handle(.tcpConnectionRequestAcked)
        driver.advance(to: .seconds(240))
        #expect(driver.session.state == .openSent)
        driver.advance(to: .seconds(241))
        #expect(driver.session.state == .idle)
        #expect(driver.sendTimes { $0 == .notification(NotificationMessage(code: .holdTimerExpired)) }
                == [.seconds(241)])
    }

    @Test func connectRetriesEveryConnectRetryTime() {
        var driver = VirtualClockDriver(config: Fixture.config)
        driver.handle(.manualStart)
        driver.advance(to: .seconds(250))
        let attempts = driver.log.filter { $0.action == .initiateTCPConnection }.map(\.time)
        #expect(attempts == [0, 120, 240].map { Duration.seconds($0) })
        #expect(driver.session.state == .connect)
        // Passive: the retry timer moves Active to Connect for one attempt.
        var passive = VirtualClockDriver(config: Fixture.config)
        passive.handle(.manualStartWithPassiveTCPEstablishment)
        passive.advance(to: .seconds(120))
        #expect(passive.session.state == .connect)
    }

    @Test func delayOpenSendsOurOpenWhenItExpires() {
        var driver = VirtualClockDriver(config: Fixture.delayOpenConfig)
        driver.handle(.manualStart)
        driver.handle(.tcpConnectionRequestAcked)
        driver.advance(to: .seconds(4))
        #expect(driver.sendTimes { if case .open = $0 { true } else { false } }.isEmpty)
        driver.advance(to: .seconds(5))
        #expect(driver.sendTimes { if case .open = $0 { true } else { false } } == [.seconds(5)])
        #expect(driver.session.state == .openSent)
        #expect(driver.deadlines[.hold] == .seconds(245))
    }

    @Test func anAutomaticRestartWaitsOutTheIdleHoldTimer() {
        var driver = VirtualClockDriver(config: Fixture.config)
        driver.handle(.automaticStart)
        driver.advance(to: .seconds(10))
        driver.handle(.tcpConnectionFails)
        driver.handle(.automaticStart)
        driver.advance(to: .seconds(14))
        #expect(driver.session.state == .idle)
        driver.advance(to: .seconds(15))
        #expect(driver.session.state == .connect)
        let attempts = driver.log.filter { $0.action == .initiateTCPConnection }.map(\.time)
        #expect(attempts == [.zero, .seconds(15)])
    }
}
