// RFC 4271 §8.2.2, "Idle state".

extension BGPSession {
    /// Idle: "BGP FSM refuses all incoming BGP connections for this peer. No resources are allocated".
    ///
    /// - Start events (1, 3-7) start the machine: to Connect, or to Active for a passive start
    ///   (Events 4, 5, 7, or any start with ``SessionConfig/passive``).
    /// - Damping (DampPeerOscillations): while the IdleHoldTimer runs, an automatic start
    ///   (Events 3, 5, 6, 7) is remembered and performed when IdleHoldTimer_Expires (Event 13)
    ///   arrives. A manual start (Events 1, 4) is the operator's: it stops the IdleHoldTimer, forgets
    ///   the damping level and starts at once.
    /// - ManualStop and AutomaticStop (Events 2, 8) are ignored, as RFC 4271 says, except that they
    ///   cancel a remembered automatic start; ManualStop also stops the IdleHoldTimer.
    /// - "Any other event (Events 9-12, 15-28) received in the Idle state does not cause change in
    ///   the state of the local system"; neither do the inputs outside RFC 4271. Event 14 and the
    ///   other TCP events produce no action either (refusing an incoming connection in Idle is the
    ///   owner's part), except TcpConnectionConfirmed while an automatic start waits for the
    ///   IdleHoldTimer: the peer's connection is accepted and the machine starts passively on it
    ///   (RFC 4271 §8.2.1.5), so a peer back from an outage is not kept waiting.
    mutating func handleInIdle(_ event: SessionEvent, _ actions: inout [SessionAction]) {
        switch event {
        case .manualStart:
            manualStart(config.passive ? .passive : .active, &actions)
        case .manualStartWithPassiveTCPEstablishment:
            manualStart(.passive, &actions)
        case .automaticStart, .automaticStartWithDampPeerOscillations:
            automaticStart(config.passive ? .passive : .active, &actions)
        case .automaticStartWithPassiveTCPEstablishment,
             .automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment:
            automaticStart(.passive, &actions)
        case .manualStop:
            pendingAutomaticStart = nil
            stopTimer(.idleHold, &actions)
        case .automaticStop:
            pendingAutomaticStart = nil
        case .idleHoldTimerExpires:
            if let mode = pendingAutomaticStart {
                pendingAutomaticStart = nil
                start(mode, &actions)
            }
        case .tcpConnectionConfirmed where pendingAutomaticStart != nil:
            // The peer connects while an automatic start waits out the IdleHoldTimer: passive TCP
            // establishment is allowed (RFC 4271 §8.2.1.5, §8.1.1), so the waiting start becomes a
            // passive one on this connection. The damping level is kept: a flapping peer still
            // waits longer after its next failure.
            pendingAutomaticStart = nil
            stopTimer(.idleHold, &actions)
            start(.passive, &actions)
            connectionUp(&actions)
        case .connectRetryTimerExpires, .holdTimerExpires, .keepaliveTimerExpires, .delayOpenTimerExpires,
             .tcpConnectionValid, .tcpConnectionRequestInvalid, .tcpConnectionRequestAcked, .tcpConnectionConfirmed,
             .tcpConnectionFails, .bgpOpen, .bgpOpenWithDelayOpenTimerRunning, .bgpHeaderError, .bgpOpenMessageError,
             .openCollisionDump, .notificationVersionError, .notification, .keepaliveMessage, .updateMessage,
             .updateMessageError, .routeRefreshMessage, .dampingResetTimerExpires, .sendUpdate, .sendRouteRefresh:
            break
        }
    }

    private mutating func manualStart(_ mode: StartMode, _ actions: inout [SessionAction]) {
        pendingAutomaticStart = nil
        stopTimer(.idleHold, &actions)
        damping.reset()
        start(mode, &actions)
    }

    private mutating func automaticStart(_ mode: StartMode, _ actions: inout [SessionAction]) {
        if runningTimers.contains(.idleHold) {
            pendingAutomaticStart = mode
        } else {
            start(mode, &actions)
        }
    }
}
