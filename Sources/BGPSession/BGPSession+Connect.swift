import BGPWire

// RFC 4271 §8.2.2, "Connect State", and the parts Active shares with it.

extension BGPSession {
    /// Connect: "BGP FSM is waiting for the TCP connection to be completed".
    ///
    /// Start events are ignored. The table of RFC 4271 §8.2.2 applies, with these choices:
    /// - ManualStop sends Cease / Administrative Shutdown only when the DelayOpenTimer runs and
    ///   SendNOTIFICATIONwithoutOPEN is set, as RFC 4271 prescribes for Active (the situation is
    ///   the same: a connection is up and our OPEN is held back).
    /// - TcpConnectionFails without the DelayOpenTimer goes to Idle without incrementing the
    ///   ConnectRetryCounter (RFC 4271) but counts as a damping failure (see ``PeerOscillationDamping``).
    mutating func handleInConnect(_ event: SessionEvent, _ actions: inout [SessionAction]) {
        switch event {
        case .manualStart, .automaticStart, .manualStartWithPassiveTCPEstablishment,
             .automaticStartWithPassiveTCPEstablishment, .automaticStartWithDampPeerOscillations,
             .automaticStartWithDampPeerOscillationsAndPassiveTCPEstablishment:
            break
        case .manualStop(let communication):
            manualStopBeforeOpen(communication, &actions)
        case .connectRetryTimerExpires:
            // "drops the TCP connection, restarts the ConnectRetryTimer, stops the DelayOpenTimer,
            // initiates a TCP connection ... and stays in the Connect state".
            actions.append(.dropTCPConnection)
            startTimer(.connectRetry, config.connectRetryTime, &actions)
            stopTimer(.delayOpen, &actions)
            actions.append(.initiateTCPConnection)
        case .delayOpenTimerExpires:
            sendOpen(&actions)
        case .tcpConnectionValid, .tcpConnectionRequestInvalid:
            // Event 14: "the TCP connection is processed"; Event 15: "rejects the TCP connection".
            break
        case .tcpConnectionRequestAcked, .tcpConnectionConfirmed:
            connectionUp(&actions)
        case .tcpConnectionFails:
            if isDelayOpenTimerRunning {
                // "restarts the ConnectRetryTimer, stops the DelayOpenTimer, continues to listen ...
                // and changes its state to Active".
                actions.append(.dropTCPConnection)
                startTimer(.connectRetry, config.connectRetryTime, &actions)
                stopTimer(.delayOpen, &actions)
                lastError = .tcpConnectionFailed
                move(to: .active, &actions)
            } else {
                fallToIdle(.tcpConnectionFailed, sending: nil, counter: .keep, damping: true, &actions)
            }
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

    // MARK: Shared by Connect and Active

    /// ManualStop in Connect and Active: "If the DelayOpenTimer is running and the
    /// SendNOTIFICATIONwithoutOPEN session attribute is set, the local system sends a NOTIFICATION
    /// with a Cease", then releases everything, "sets ConnectRetryCounter to zero" and goes to Idle.
    mutating func manualStopBeforeOpen(_ communication: String?, _ actions: inout [SessionAction]) {
        let cease = isDelayOpenTimerRunning && config.sendNotificationWithoutOpen
            ? NotificationMessage.administrativeShutdown(communication) : nil
        fallToIdle(.manualStop, sending: cease, counter: .reset, &actions)
    }

    /// BGPOpen with DelayOpenTimer running (Event 20) in Connect and Active: a valid OPEN is
    /// answered with our OPEN and a KEEPALIVE (to OpenConfirm); an invalid one is Event 22.
    mutating func openWhileDelayingOurs(_ open: OpenMessage, _ actions: inout [SessionAction]) {
        if let notification = OpenValidation.notification(for: open, config: config) {
            invalidMessageBeforeOpen(notification, &actions)
        } else {
            acceptOpen(open, sendingOurOpen: true, &actions)
        }
    }

    /// BGPHeaderErr / BGPOpenMsgErr (Events 21, 22) in Connect and Active: "(optionally) If the
    /// SendNOTIFICATIONwithoutOPEN attribute is set to TRUE, then the local system first sends a
    /// NOTIFICATION message with the appropriate error code", then to Idle with the counter
    /// incremented and damping.
    mutating func invalidMessageBeforeOpen(_ notification: NotificationMessage, _ actions: inout [SessionAction]) {
        if config.sendNotificationWithoutOpen {
            fallToIdle(.notificationSent(notification), sending: notification, counter: .increment, &actions)
        } else {
            fallToIdle(.invalidMessage(notification), sending: nil, counter: .increment, &actions)
        }
    }

    /// NotifMsgVerErr (Event 24) in Connect and Active: with the DelayOpenTimer running, to Idle
    /// without touching the counter (the peer may retry with another version); otherwise to Idle
    /// with the counter incremented and damping.
    mutating func versionErrorBeforeOpen(_ notification: NotificationMessage, _ actions: inout [SessionAction]) {
        let counter: ConnectRetryCounterChange = isDelayOpenTimerRunning ? .keep : .increment
        fallToIdle(.notificationReceived(notification), sending: nil, counter: counter, &actions)
    }

    /// "In response to any other event (Events 8, 10-11, 13, 19, 23, 25-28)" in Connect and
    /// Active: stop the timers, drop the connection, increment the counter, damp, go to Idle.
    /// No NOTIFICATION: no OPEN was sent.
    mutating func anyOtherEventBeforeOpen(_ event: SessionEvent, _ actions: inout [SessionAction]) {
        let reason: SessionDownReason = switch event {
        case .automaticStop: .automaticStop
        case .openCollisionDump: .connectionCollision
        case .notification(let notification): .notificationReceived(notification)
        default: .unexpectedEvent(event.kind)
        }
        fallToIdle(reason, sending: nil, counter: .increment, &actions)
    }
}
