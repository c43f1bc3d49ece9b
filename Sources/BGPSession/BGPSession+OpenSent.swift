import BGPWire

// RFC 4271 §8.2.2, "OpenSent".

extension BGPSession {
    /// OpenSent: "BGP FSM waits for an OPEN message from its peer".
    ///
    /// Start events are ignored; Events 14-17 concern a second connection the owner tracks for
    /// collision detection (RFC 4271 §6.8). Choices where RFC 4271 is silent or contradicts itself:
    /// - The OPEN is checked here (RFC 4271 §6.2, ``OpenValidation``); a failed check is Event 22.
    /// - NotifMsg (Event 25) goes to Idle without answering with a Finite State Machine Error: the
    ///   peer closes the connection right after its NOTIFICATION (RFC 4271 §4.5).
    /// - Other unexpected events send Finite State Machine Error with RFC 6608 subcode 1 (Receive
    ///   Unexpected Message in OpenSent State) for messages, 0 (Unspecified Error) for timers.
    mutating func handleInOpenSent(_ event: SessionEvent, _ actions: inout [SessionAction]) {
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
        case .tcpConnectionValid, .tcpConnectionRequestInvalid, .tcpConnectionRequestAcked, .tcpConnectionConfirmed:
            break
        case .tcpConnectionFails:
            // "closes the BGP connection, restarts the ConnectRetryTimer, continues to listen for a
            // connection that may be initiated by the remote BGP peer, and changes its state to Active".
            actions.append(.dropTCPConnection)
            stopTimer(.hold, &actions)
            startTimer(.connectRetry, config.connectRetryTime, &actions)
            lastError = .tcpConnectionFailed
            move(to: .active, &actions)
        case .bgpOpen(let open):
            if let notification = OpenValidation.notification(for: open, config: config) {
                fallToIdle(.notificationSent(notification), sending: notification, counter: .increment, &actions)
            } else {
                acceptOpen(open, sendingOurOpen: false, &actions)
            }
        case .bgpHeaderError(let notification), .bgpOpenMessageError(let notification):
            fallToIdle(.notificationSent(notification), sending: notification, counter: .increment, &actions)
        case .openCollisionDump:
            fallToIdle(.connectionCollision, sending: .connectionCollision, counter: .increment, &actions)
        case .notificationVersionError(let notification):
            // "sets the ConnectRetryTimer to zero, releases all BGP resources, drops the TCP
            // connection, and changes its state to Idle" -- no counter, no damping.
            fallToIdle(.notificationReceived(notification), sending: nil, counter: .keep, &actions)
        case .notification(let notification):
            fallToIdle(.notificationReceived(notification), sending: nil, counter: .increment, &actions)
        case .dampingResetTimerExpires, .sendUpdate, .sendRouteRefresh:
            break
        case .connectRetryTimerExpires, .keepaliveTimerExpires, .delayOpenTimerExpires, .idleHoldTimerExpires,
             .bgpOpenWithDelayOpenTimerRunning, .keepaliveMessage, .updateMessage, .updateMessageError,
             .routeRefreshMessage:
            // "In response to any other event (Events 9, 11-13, 20, 25-28)".
            finiteStateMachineError(event.kind, &actions)
        }
    }
}
