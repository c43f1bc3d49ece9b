import BGPWire

// RFC 4271 §8.2.2, "OpenConfirm State".

extension BGPSession {
    /// OpenConfirm: "BGP waits for a KEEPALIVE or NOTIFICATION message".
    ///
    /// Start events are ignored; Events 14-17 concern a second connection the owner tracks.
    /// A KEEPALIVE completes the session: the HoldTimer restarts, the state becomes Established and
    /// ``SessionAction/sessionEstablished(_:)`` carries the negotiated parameters. An OPEN on this
    /// connection (Events 19, 20) is an unexpected message (RFC 6608 §3); a collision with the other
    /// connection arrives as OpenCollisionDump (Event 23). Unexpected messages send Finite State
    /// Machine Error subcode 2 (RFC 6608), unexpected timers subcode 0.
    mutating func handleInOpenConfirm(_ event: SessionEvent, _ actions: inout [SessionAction]) {
        switch event {
        case .manualStart, .automaticStart, .manualStartWithPassiveTCPEstablishment,
             .automaticStartWithPassiveTCPEstablishment, .automaticStartWithDampPeerOscillations,
             .automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment:
            break
        case .manualStop(let communication):
            fallToIdle(.manualStop, sending: .administrativeShutdown(communication), counter: .reset, &actions)
        case .automaticStop(let cease):
            fallToIdle(.automaticStop, sending: cease, counter: .increment, &actions)
        case .holdTimerExpires:
            fallToIdle(.holdTimerExpired, sending: .holdTimerExpired, counter: .increment, &actions)
        case .keepaliveTimerExpires:
            sendKeepalive(&actions)
        case .tcpConnectionValid, .tcpConnectionRequestInvalid, .tcpConnectionRequestAcked, .tcpConnectionConfirmed:
            break
        case .tcpConnectionFails:
            fallToIdle(.tcpConnectionFailed, sending: nil, counter: .increment, &actions)
        case .notification(let notification):
            fallToIdle(.notificationReceived(notification), sending: nil, counter: .increment, &actions)
        case .notificationVersionError(let notification):
            fallToIdle(.notificationReceived(notification), sending: nil, counter: .keep, &actions)
        case .bgpHeaderError(let notification), .bgpOpenMessageError(let notification):
            fallToIdle(.notificationSent(notification), sending: notification, counter: .increment, &actions)
        case .openCollisionDump:
            fallToIdle(.connectionCollision, sending: .connectionCollision, counter: .increment, &actions)
        case .keepaliveMessage:
            let negotiated = negotiatedSession
            restartHoldTimer(&actions)
            if config.dampPeerOscillations && damping.consecutiveFailures > 0 {
                let stable = config.dampingStablePeriod
                    ?? (negotiated.holdTime > .zero ? negotiated.holdTime : config.maximumIdleHoldTime)
                startTimer(.dampingReset, stable, &actions)
            }
            move(to: .established, &actions)
            actions.append(.sessionEstablished(negotiated))
        case .dampingResetTimerExpires, .sendUpdate, .sendRouteRefresh:
            break
        case .connectRetryTimerExpires, .delayOpenTimerExpires, .idleHoldTimerExpires, .bgpOpen,
             .bgpOpenWithDelayOpenTimerRunning, .updateMessage, .updateMessageError, .routeRefreshMessage:
            // "In response to any other event (Events 9, 12-13, 20, 27-28)", and an OPEN (RFC 6608).
            finiteStateMachineError(event.kind, &actions)
        }
    }
}
