// RFC 4271 §8.2.2, "Active State".

extension BGPSession {
    /// Active: "BGP FSM is trying to acquire a peer by listening for, and accepting, a TCP
    /// connection".
    ///
    /// Start events are ignored. The table of RFC 4271 §8.2.2 applies, except that with
    /// ``SessionConfig/passive`` ConnectRetryTimer_Expires only restarts the timer (a passive
    /// machine never connects out); TcpConnectionFails goes to
    /// Idle with every timer stopped (RFC 4271 restarts the ConnectRetryTimer there, a timer Idle
    /// would ignore).
    mutating func handleInActive(_ event: SessionEvent, _ actions: inout [SessionAction]) {
        switch event {
        case .manualStart, .automaticStart, .manualStartWithPassiveTCPEstablishment,
             .automaticStartWithPassiveTCPEstablishment, .automaticStartWithDampPeerOscillations,
             .automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment:
            break
        case .manualStop(let communication):
            manualStopBeforeOpen(communication, &actions)
        case .connectRetryTimerExpires:
            // "restarts the ConnectRetryTimer, initiates a TCP connection ... changes its state to Connect".
            // PassiveTcpEstablishment (RFC 4271 §8.1.1: "BGP FSM will passively wait for the remote BGP
            // peer to establish the BGP TCP connection"): restart the timer and keep listening.
            startTimer(.connectRetry, config.connectRetryTime, &actions)
            if !config.passive {
                actions.append(.initiateTCPConnection)
                move(to: .connect, &actions)
            }
        case .delayOpenTimerExpires:
            sendOpen(&actions)
        case .tcpConnectionValid, .tcpConnectionRequestInvalid:
            // Event 14: "processes the TCP connection flags"; Event 15: "rejects the TCP connection".
            break
        case .tcpConnectionRequestAcked, .tcpConnectionConfirmed:
            connectionUp(&actions)
        case .tcpConnectionFails:
            fallToIdle(.tcpConnectionFailed, sending: nil, counter: .increment, &actions)
        case .bgpOpenWithDelayOpenTimerRunning(let open):
            openWhileDelayingOurs(open, &actions)
        case .bgpHeaderError(let notification), .bgpOpenMessageError(let notification):
            invalidMessageBeforeOpen(notification, &actions)
        case .notificationVersionError(let notification):
            versionErrorBeforeOpen(notification, &actions)
        case .dampingResetTimerExpires, .sendUpdate, .sendRouteRefresh:
            break
        case .automaticStop, .holdTimerExpires, .keepaliveTimerExpires, .idleHoldTimerExpires, .bgpOpen,
             .openCollisionDump, .notification, .keepaliveMessage, .updateMessage, .updateMessageError,
             .routeRefreshMessage:
            anyOtherEventBeforeOpen(event, &actions)
        }
    }
}
