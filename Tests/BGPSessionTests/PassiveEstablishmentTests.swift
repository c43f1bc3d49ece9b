// PassiveTcpEstablishment (RFC 4271 §8.1.1 group 3) and the Connect-state retry (issue 15 #2, #15).

import Testing
import BGPSession
import BGPWire
import NetworkPrimitives

@Suite struct PassiveEstablishmentTests {
    /// #15: with ``SessionConfig/passive``, ConnectRetryTimer_Expires in Active restarts the timer
    /// and keeps listening: the machine never asks for an outgoing connection.
    @Test func aPassiveMachineStaysActiveWhenTheConnectRetryTimerExpires() {
        var config = Fixture.config
        config.passive = true
        var session = BGPSession(config: config)
        #expect(!session.handle(.manualStart).contains(.initiateTCPConnection))
        for _ in 0 ..< 3 {
            let actions = session.handle(.connectRetryTimerExpires)
            #expect(actions == [.startTimer(.connectRetry, config.connectRetryTime)])
            #expect(session.state == .active)
        }
    }

    /// The active machine still goes Active → Connect on the same event (RFC 4271 §8.2.2).
    @Test func anActiveMachineConnectsWhenTheConnectRetryTimerExpiresInActive() {
        var session = BGPSession(config: Fixture.config)
        _ = session.handle(.manualStartWithPassiveTCPEstablishment)
        #expect(session.handle(.connectRetryTimerExpires).contains(.initiateTCPConnection))
        #expect(session.state == .connect)
    }

    /// #2: ConnectRetryTimer_Expires in Connect drops the attempt, restarts the timer, initiates a
    /// new connection and stays in Connect, in that order (the transition table has the row; the
    /// order matters to the owner, which must abandon the old attempt before starting the next).
    @Test func connectRetryInConnectDropsBeforeItInitiates() {
        var session = BGPSession(config: Fixture.config)
        _ = session.handle(.manualStart)
        let actions = session.handle(.connectRetryTimerExpires)
        #expect(actions == [.dropTCPConnection, .startTimer(.connectRetry, Fixture.config.connectRetryTime), .initiateTCPConnection])
        #expect(session.state == .connect)
        #expect(session.connectRetryCounter == 0)
    }
}
